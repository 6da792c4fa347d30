import type { FigureRegistry } from '../types';

/** Figures of the "mesh-vs-sfu" chapter, keyed "mesh-vs-sfu/<figure>". */
export const figures: FigureRegistry = {};
