import type { FigureRegistry } from '../types';

/** Figures of the "gateway-and-guilds" chapter, keyed "gateway-and-guilds/<figure>". */
export const figures: FigureRegistry = {};
