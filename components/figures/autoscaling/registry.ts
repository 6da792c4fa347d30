import type { FigureRegistry } from '../types';
import {
  DEFAULT_AUTOSCALE_INPUTS,
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
  },
  'autoscaling/day': {
    still: () => autoscaleTable(simulateAutoscaleDay(DEFAULT_AUTOSCALE_INPUTS)),
  },
  // This site's own SFU nodes, read live from GET /api/fleet; the still cannot know whether a fleet runs.
  'autoscaling/fleet': {
    still: () => fleetTable(null),
  },
};
