import type { FigureRegistry } from '../types';
import { simulcastLadderTable } from '@/lib/simulcast/publisher';
import { DEFAULT_ROOM_INPUTS, SOURCE_SIZES, simulcastRoomTable } from '@/lib/simulcast/room';

/** Figures of the "simulcast" chapter, keyed "simulcast/<figure>". */
export const figures: FigureRegistry = {
  'simulcast/ladder': {
    still: () => simulcastLadderTable(SOURCE_SIZES['720p'].label, SOURCE_SIZES['720p'].widthPx, SOURCE_SIZES['720p'].heightPx),
  },
  'simulcast/five-friends': {
    still: () => simulcastRoomTable(DEFAULT_ROOM_INPUTS),
  },
};
