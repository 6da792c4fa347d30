import type { FigureRegistry } from '../types';

/** Figures of the "autoscaling" chapter, keyed "autoscaling/<figure>". */
export const figures: FigureRegistry = {};
