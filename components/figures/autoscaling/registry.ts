import type { FigureRegistry } from '../types';
import { countBounds } from '@/lib/bounds';
import { booleanInput, choiceInput, defineInputs, listInput, numberInput } from '@/lib/figures/inputSpec';
import {
  DAY_BOUNDS,
  DEFAULT_AUTOSCALE_INPUTS,
  DEFAULT_CURSOR_TICK,
  REGION_BOUNDS,
  REGION_FIGURE,
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
    // The reader's fail and restore clicks are a list, replayed in order: a link reopens the same region.
    inputs: defineInputs({
      serverCount: numberInput(REGION_BOUNDS.serverCount, DEFAULT_REGION_INPUTS.serverCount, 'Voice servers in the region'),
      joined: numberInput(REGION_BOUNDS.joined, DEFAULT_REGION_INPUTS.joined, 'Guilds that have started voice'),
      actions: listInput(
        {
          type: choiceInput(['fail', 'recover'], 'fail', 'Fail or restore'),
          serverId: numberInput(countBounds(REGION_FIGURE.serverCountMax - 1), 0, 'Server (0 is #1)'),
          afterJoins: numberInput(REGION_BOUNDS.joined, 0, 'After this many guilds have started voice'),
        },
        [],
        'Servers failed and restored, in order',
        { maxLength: REGION_FIGURE.maxActions },
      ),
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
