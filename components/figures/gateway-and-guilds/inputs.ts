import { DEFAULT_FANOUT_INPUT, GUILD_SIZE_STEPS, type FanoutInput } from '@/lib/guild';

/** What the reader chooses in the fan-out figure. Only inputs; every number shown is derived from them. */
export interface FanoutInputs {
  /** Index into GUILD_SIZE_STEPS. */
  sizeStep: number;
  onlinePercent: number;
  sessionNodes: number;
  manifold: boolean;
  sendUs: number;
}

/** The model's default guild (lib/guild: 30,000 online, as in the 2017 post), with its size as a slider step. */
export const DEFAULT_FANOUT_INPUTS: FanoutInputs = {
  sizeStep: GUILD_SIZE_STEPS.indexOf(DEFAULT_FANOUT_INPUT.members as (typeof GUILD_SIZE_STEPS)[number]),
  onlinePercent: DEFAULT_FANOUT_INPUT.onlinePercent,
  sessionNodes: DEFAULT_FANOUT_INPUT.sessionNodes,
  manifold: DEFAULT_FANOUT_INPUT.manifold,
  sendUs: DEFAULT_FANOUT_INPUT.sendUs,
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
