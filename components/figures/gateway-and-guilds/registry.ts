import type { FigureRegistry } from '../types';
import { booleanInput, defineInputs, numberInput } from '@/lib/figures/inputSpec';
import { FANOUT_BOUNDS, fanoutTable } from '@/lib/guild';
import { opcodeTable } from '@/lib/guild/live';
import { DEFAULT_FANOUT_INPUTS, toFanoutInput } from './inputs';

/** Figures of the "gateway-and-guilds" chapter, keyed "gateway-and-guilds/<figure>". */
export const figures: FigureRegistry = {
  'gateway-and-guilds/fanout': {
    still: () => fanoutTable(toFanoutInput(DEFAULT_FANOUT_INPUTS)),
    inputs: defineInputs({
      sizeStep: numberInput(FANOUT_BOUNDS.sizeStep, DEFAULT_FANOUT_INPUTS.sizeStep, 'Members in the guild (step of GUILD_SIZE_STEPS)'),
      onlinePercent: numberInput(FANOUT_BOUNDS.onlinePercent, DEFAULT_FANOUT_INPUTS.onlinePercent, 'Online right now (%)'),
      sessionNodes: numberInput(FANOUT_BOUNDS.sessionNodes, DEFAULT_FANOUT_INPUTS.sessionNodes, 'Session nodes (machines)'),
      manifold: booleanInput(DEFAULT_FANOUT_INPUTS.manifold, 'Batch sends per node with Manifold'),
      sendUs: numberInput(FANOUT_BOUNDS.sendUs, DEFAULT_FANOUT_INPUTS.sendUs, 'Cost of one send (µs)'),
    }),
  },
  'gateway-and-guilds/live': {
    still: opcodeTable,
  },
};
