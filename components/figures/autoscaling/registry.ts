import type { FigureRegistry } from '../types';
import { booleanInput, defineInputs, numberInput } from '@/lib/figures/inputSpec';
import {
  DAY_BOUNDS,
  DEFAULT_AUTOSCALE_INPUTS,
  DEFAULT_CURSOR_TICK,
  REGION_BOUNDS,
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
  'autoscaling/region': {
    still: () => regionTable(regionForInputs(DEFAULT_REGION_INPUTS, serverCapacityUsers())),
    // The reader's own actions on servers (a list) stay out of links: a link replays the region from these two.
    inputs: defineInputs({
      serverCount: numberInput(REGION_BOUNDS.serverCount, DEFAULT_REGION_INPUTS.serverCount, 'Voice servers in the region'),
      joined: numberInput(REGION_BOUNDS.joined, DEFAULT_REGION_INPUTS.joined, 'Guilds that have started voice'),
    }),
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
