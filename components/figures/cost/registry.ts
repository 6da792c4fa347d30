import type { FigureRegistry } from '../types';
import { DEFAULT_COST_INPUTS, costTable } from '@/lib/cost';

/** Figures of the "cost" chapter, keyed "cost/<figure>". */
export const figures: FigureRegistry = {
  'cost/waterfall': { still: () => costTable(DEFAULT_COST_INPUTS) },
};
