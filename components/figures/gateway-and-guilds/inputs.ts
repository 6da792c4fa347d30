import { BIG_GUILD_ONLINE_2017, GUILD_SIZE_STEPS, SEND_US_MAX, SEND_US_MIN, type FanoutInput } from '@/lib/guild';

/** What the reader chooses in the fan-out figure. Only inputs; every number shown is derived from them. */
export interface FanoutInputs {
  /** Index into GUILD_SIZE_STEPS. */
  sizeStep: number;
  onlinePercent: number;
  sessionNodes: number;
  manifold: boolean;
  sendUs: number;
}

/** Starts at the 2017 post's big guild: 30,000 people online, at the middle of the measured send cost. */
const DEFAULT_MEMBERS = 100_000;
export const DEFAULT_FANOUT_INPUTS: FanoutInputs = {
  sizeStep: GUILD_SIZE_STEPS.indexOf(DEFAULT_MEMBERS),
  onlinePercent: Math.round((BIG_GUILD_ONLINE_2017 / DEFAULT_MEMBERS) * 100),
  sessionNodes: 8,
  manifold: false,
  sendUs: (SEND_US_MIN + SEND_US_MAX) / 2,
};

export function toFanoutInput(inputs: FanoutInputs): FanoutInput {
  return {
    members: GUILD_SIZE_STEPS[inputs.sizeStep],
    onlinePercent: inputs.onlinePercent,
    sessionNodes: inputs.sessionNodes,
    manifold: inputs.manifold,
    sendUs: inputs.sendUs,
  };
}
