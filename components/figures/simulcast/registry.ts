import type { FigureRegistry } from '../types';
import { DEFAULT_ROOM_INPUTS, simulcastRoomTable } from '@/lib/simulcast/room';

/** Figures of the "simulcast" chapter, keyed "simulcast/<figure>". */
export const figures: FigureRegistry = {
  'simulcast/five-friends': {
    load: () => import('./SimulcastFriends'),
    still: () => simulcastRoomTable(DEFAULT_ROOM_INPUTS),
  },
};
