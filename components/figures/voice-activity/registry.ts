import type { FigureRegistry } from '../types';

/** Figures of the "voice-activity" chapter, keyed "voice-activity/<figure>". */
export const figures: FigureRegistry = {};
