import type { FigureRegistry } from '../types';
import { fanoutTable } from '@/lib/guild';
import { opcodeTable } from '@/lib/guild/live';
import { DEFAULT_FANOUT_INPUTS, toFanoutInput } from './inputs';

/** Figures of the "gateway-and-guilds" chapter, keyed "gateway-and-guilds/<figure>". */
export const figures: FigureRegistry = {
  'gateway-and-guilds/fanout': {
    still: () => fanoutTable(toFanoutInput(DEFAULT_FANOUT_INPUTS)),
  },
  'gateway-and-guilds/live': {
    still: opcodeTable,
  },
};
