import type { FigureRegistry } from '../types';
import { costTable, denoiserTable } from '@/lib/noise/tables';
import { NOISY_CLIP } from './clip';
import { costTableInputs, DEFAULT_COST_INPUTS } from './costInputs';

/** Figures of the "noise-suppression" chapter, keyed "noise-suppression/<figure>". */
export const figures: FigureRegistry = {
  'noise-suppression/denoiser': {
    still: () => denoiserTable(NOISY_CLIP),
  },
  'noise-suppression/cost': {
    still: () => costTable(costTableInputs(DEFAULT_COST_INPUTS, null)),
  },
};
