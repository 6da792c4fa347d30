import type { FigureRegistry } from '../types';

/** Figures of the "simulcast" chapter, keyed "simulcast/<figure>". */
export const figures: FigureRegistry = {};
