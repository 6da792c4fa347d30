import type { FigureRegistry } from '../types';

/** Figures of the "cost" chapter, keyed "cost/<figure>". */
export const figures: FigureRegistry = {};
