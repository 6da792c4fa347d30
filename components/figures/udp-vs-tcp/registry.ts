import type { FigureRegistry } from '../types';

/** Figures of the "udp-vs-tcp" chapter, keyed "udp-vs-tcp/<figure>". */
export const figures: FigureRegistry = {};
