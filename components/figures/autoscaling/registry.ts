import type { FigureRegistry } from '../types';
import { booleanInput, defineInputs, numberInput } from '@/lib/figures/inputSpec';
import {
  DAY_BOUNDS,
  DEFAULT_AUTOSCALE_INPUTS,
  DEFAULT_CURSOR_TICK,
  DEFAULT_REGION_INPUTS,
  autoscaleTable,
  fleetTable,
  regionForInputs,
  regionTable,
  serverCapacityUsers,
  simulateAutoscaleDay,
} from '@/lib/voiceservers';

/** Figures of the "autoscaling" chapter, keyed "autoscaling/<figure>". */
export const figures: FigureRegistry = {
  // Its store holds the guilds' join and leave actions as a list, which a flat link cannot carry yet.
  'autoscaling/region': {
    still: () => regionTable(regionForInputs(DEFAULT_REGION_INPUTS, serverCapacityUsers())),
  },
  'autoscaling/day': {
    still: () => autoscaleTable(simulateAutoscaleDay(DEFAULT_AUTOSCALE_INPUTS)),
    inputs: defineInputs({
      headroomShare: numberInput(DAY_BOUNDS.headroomShare, DEFAULT_AUTOSCALE_INPUTS.headroomShare, 'Headroom (share of capacity)'),
      provisioningDelayMin: numberInput(DAY_BOUNDS.provisioningDelayMin, DEFAULT_AUTOSCALE_INPUTS.provisioningDelayMin, 'Time to provision a server (min)'),
      surge: booleanInput(DEFAULT_AUTOSCALE_INPUTS.surge, 'Evening surge'),
      cursorTick: numberInput(DAY_BOUNDS.cursorTick, DEFAULT_CURSOR_TICK, 'Time of day (tick)'),
    }),
  },
  // This site's own SFU nodes, read live from GET /api/fleet; the still cannot know whether a fleet runs.
  'autoscaling/fleet': {
    still: () => fleetTable(null),
  },
};
