/**
 * The cost figure's inputs and how each maps to the arithmetic in lib/noise/cost.ts. Shared by the
 * figure and its server-rendered still (registry.ts), so both start from the same defaults.
 */
import { DEFAULT_NOISE_FLEET, FLEET_TALK_SHARE, type SuppressionCostInputs } from '@/lib/noise/cost';
import { discordConcurrentVoiceUsers2018, rnnoiseFacts } from '@/lib/noise/facts';
import { formatRealTimeFactor } from '@/lib/noise/format';
import type { CostTableInputs } from '@/lib/noise/tables';
import { sources } from '@/lib/sources';

export type SpeedChoice = 'x86' | 'raspberry-pi-3' | 'this-device';

export interface CostInputs {
  speed: SpeedChoice;
  coreHourPriceUsd: number;
  processedPercent: number;
  /** Only talking microphones reach the server (VAD), or every microphone always on. */
  onlyWhileTalking: boolean;
}

export const DEFAULT_COST_INPUTS: CostInputs = { speed: 'x86', ...DEFAULT_NOISE_FLEET };

/** The arithmetic's inputs for the reader's choices; `measuredFactor` is this device's speed, if measured. */
export function costTableInputs(inputs: CostInputs, measuredFactor: number | null): CostTableInputs {
  const publisher = sources[rnnoiseFacts.realTimeFactorX86.source].publisher;
  const speed =
    inputs.speed === 'this-device' && measuredFactor !== null
      ? { realTimeFactor: measuredFactor, realTimeFactorBasis: 'Measured on this device (figure above)' }
      : inputs.speed === 'raspberry-pi-3'
        ? { realTimeFactor: rnnoiseFacts.realTimeFactorRaspberryPi3.value, realTimeFactorBasis: `${publisher}: Raspberry Pi 3` }
        : { realTimeFactor: rnnoiseFacts.realTimeFactorX86.value, realTimeFactorBasis: `${publisher}: x86` };
  const arithmetic: SuppressionCostInputs = {
    concurrentVoiceUsers: discordConcurrentVoiceUsers2018.value,
    processedShare: inputs.processedPercent / 100,
    sendingShare: inputs.onlyWhileTalking ? FLEET_TALK_SHARE : 1,
    coreHourPriceUsd: inputs.coreHourPriceUsd,
    realTimeFactor: speed.realTimeFactor,
  };
  return {
    ...arithmetic,
    realTimeFactorBasis: speed.realTimeFactorBasis,
    concurrentVoiceUsersBasis: `${sources[discordConcurrentVoiceUsers2018.source].publisher}, 2018 ("more than")`,
  };
}

export function speedOptions(measuredFactor: number | null) {
  return [
    { value: 'x86' as const, label: `x86 CPU (${formatRealTimeFactor(rnnoiseFacts.realTimeFactorX86.value)})` },
    {
      value: 'raspberry-pi-3' as const,
      label: `Raspberry Pi 3 (${formatRealTimeFactor(rnnoiseFacts.realTimeFactorRaspberryPi3.value)})`,
    },
    ...(measuredFactor === null
      ? []
      : [{ value: 'this-device' as const, label: `This device (${formatRealTimeFactor(measuredFactor)}, measured)` }]),
  ];
}
