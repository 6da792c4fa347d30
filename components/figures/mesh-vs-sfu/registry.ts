import type { FigureRegistry } from '../types';
import {
  DEFAULT_VOICE_STREAM,
  meshUploadTable,
  roomBandwidth,
  roomTable,
  seedCorrectionsTable,
  voiceStreamTable,
} from '@/lib/bandwidth';
import { DEFAULT_ROOM_INPUTS, toRoomInput } from './inputs';

/** Figures of the "mesh-vs-sfu" chapter, keyed "mesh-vs-sfu/<figure>". */
export const figures: FigureRegistry = {
  'mesh-vs-sfu/stream': {
    still: () => voiceStreamTable(DEFAULT_VOICE_STREAM),
  },
  'mesh-vs-sfu/room': {
    still: () => roomTable(roomBandwidth(toRoomInput(DEFAULT_ROOM_INPUTS))),
  },
  'mesh-vs-sfu/corrections': {
    still: () => seedCorrectionsTable(),
  },
  // A live mesh room; the still is the model's upload for rooms up to the mesh cap.
  'mesh-vs-sfu/live': {
    still: () => meshUploadTable(),
  },
};
