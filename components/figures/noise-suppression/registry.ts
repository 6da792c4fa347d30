import type { FigureRegistry } from '../types';

/** Figures of the "noise-suppression" chapter, keyed "noise-suppression/<figure>". */
export const figures: FigureRegistry = {};
