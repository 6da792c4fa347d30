import type { FigureRegistry } from '../types';
import { clipPacketTable, roomTable } from '@/lib/vad/tables';

/** Figures of the "voice-activity" chapter, keyed "voice-activity/<figure>". */
export const figures: FigureRegistry = {
  'voice-activity/clip': { still: () => clipPacketTable() },
  'voice-activity/room': { still: () => roomTable() },
};
