import type { FigureRegistry } from '../types';
import { booleanInput, defineInputs, numberInput } from '@/lib/figures/inputSpec';
import { COST_LIMITS, DEFAULT_COST_INPUTS, costTable } from '@/lib/cost';
import { NOISE_FLEET_BOUNDS } from '@/lib/noise/cost';

const d = DEFAULT_COST_INPUTS;

/** Figures of the "cost" chapter, keyed "cost/<figure>". */
export const figures: FigureRegistry = {
  'cost/waterfall': {
    still: () => costTable(DEFAULT_COST_INPUTS),
    inputs: defineInputs({
      voiceHoursPerDay: numberInput(COST_LIMITS.voiceHoursPerDay, d.voiceHoursPerDay, 'Hours in voice a day'),
      peoplePerChannel: numberInput(COST_LIMITS.peoplePerChannel, d.peoplePerChannel, 'People per channel'),
      speakingAtOnce: numberInput(COST_LIMITS.speakingAtOnce, d.speakingAtOnce, 'Talking at once'),
      videoOn: booleanInput(d.videoOn, 'Someone streams 720p video'),
      watchedShare: numberInput(COST_LIMITS.watchedShare, d.watchedShare, 'Share of the others watching it'),
      egressUsdPerGB: numberInput(COST_LIMITS.egressUsdPerGB, d.egressUsdPerGB, 'Assumed egress price ($ per GB)'),
      serverUsdPerMonth: numberInput(COST_LIMITS.serverUsdPerMonth, d.serverUsdPerMonth, 'Assumed voice server ($ per month)'),
      // No control in this figure: the noise chapter's core-hour price, with that chapter's range.
      coreHourUsd: numberInput(NOISE_FLEET_BOUNDS.coreHourPriceUsd, d.coreHourUsd, 'Assumed price of a core-hour ($)'),
      subscriptionUsdPerMonth: numberInput(COST_LIMITS.subscriptionUsdPerMonth, d.subscriptionUsdPerMonth, 'Assumed subscription ($ per month)'),
    }),
  },
};
