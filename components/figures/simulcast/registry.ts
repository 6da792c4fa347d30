import type { FigureRegistry } from '../types';
import { simulcastLadderTable } from '@/lib/simulcast/publisher';
import { choiceInput, defineInputs } from '@/lib/figures/inputSpec';
import { DEFAULT_ROOM_INPUTS, SOURCE_SIZE_IDS, SOURCE_SIZES, fiveFriendsInputs, simulcastRoomTable } from '@/lib/simulcast/room';

/** Figures of the "simulcast" chapter, keyed "simulcast/<figure>". */
export const figures: FigureRegistry = {
  'simulcast/ladder': {
    still: () => simulcastLadderTable(SOURCE_SIZES['720p'].label, SOURCE_SIZES['720p'].widthPx, SOURCE_SIZES['720p'].heightPx),
    inputs: defineInputs({ source: choiceInput(SOURCE_SIZE_IDS, '720p', 'Camera source') }),
  },
  'simulcast/five-friends': {
    still: () => simulcastRoomTable(DEFAULT_ROOM_INPUTS),
    inputs: fiveFriendsInputs,
  },
};
