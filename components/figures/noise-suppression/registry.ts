import type { FigureRegistry } from '../types';
import { booleanInput, choiceInput, defineInputs, numberInput } from '@/lib/figures/inputSpec';
import { NOISE_FLEET_BOUNDS } from '@/lib/noise/cost';
import type { DenoisePath } from '@/lib/noise/framer';
import { costTable, denoiserTable } from '@/lib/noise/tables';
import { NOISY_CLIP } from './clip';
import { costTableInputs, DEFAULT_COST_INPUTS } from './costInputs';

/** Figures of the "noise-suppression" chapter, keyed "noise-suppression/<figure>". */
export const figures: FigureRegistry = {
  'noise-suppression/denoiser': {
    still: () => denoiserTable(NOISY_CLIP),
    inputs: defineInputs({ path: choiceInput(['original', 'denoised'] satisfies DenoisePath[], 'denoised', 'You hear') }),
  },
  'noise-suppression/cost': {
    still: () => costTable(costTableInputs(DEFAULT_COST_INPUTS, null)),
    inputs: defineInputs({
      // "this-device" shows x86 until this browser has measured its own speed in the figure above.
      speed: choiceInput(['x86', 'raspberry-pi-3', 'this-device'], DEFAULT_COST_INPUTS.speed, 'How fast the suppressor runs on one core'),
      coreHourPriceUsd: numberInput(NOISE_FLEET_BOUNDS.coreHourPriceUsd, DEFAULT_COST_INPUTS.coreHourPriceUsd, 'Price of one core for one hour ($)'),
      processedPercent: numberInput(NOISE_FLEET_BOUNDS.processedPercent, DEFAULT_COST_INPUTS.processedPercent, 'Share of voice users whose microphone is cleaned (%)'),
      onlyWhileTalking: booleanInput(DEFAULT_COST_INPUTS.onlyWhileTalking, 'Only talking microphones reach the server'),
    }),
  },
};
