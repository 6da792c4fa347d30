import type { FigureRegistry } from '../types';
import { defineInputs, numberInput } from '@/lib/figures/inputSpec';
import { DEFAULT_VAD_PARAMS, VAD_FRAME_MS, VAD_TUNING_BOUNDS } from '@/lib/vad/detector';
import { DEFAULT_ROOM, ROOM_BOUNDS, serverMutedBounds } from '@/lib/vad/room';
import { clipPacketTable, roomTable } from '@/lib/vad/tables';

/** Figures of the "voice-activity" chapter, keyed "voice-activity/<figure>". */
export const figures: FigureRegistry = {
  'voice-activity/clip': {
    still: () => clipPacketTable(),
    inputs: defineInputs({
      thresholdDb: numberInput(VAD_TUNING_BOUNDS.thresholdDb, DEFAULT_VAD_PARAMS.thresholdDb, 'Threshold above the noise floor (dB)'),
      hangoverMs: numberInput(VAD_TUNING_BOUNDS.hangoverMs, DEFAULT_VAD_PARAMS.hangoverFrames * VAD_FRAME_MS, 'Hangover after the last loud frame (ms)'),
    }),
  },
  'voice-activity/room': {
    still: () => roomTable(),
    inputs: defineInputs({
      people: numberInput(ROOM_BOUNDS.people, DEFAULT_ROOM.people, 'People in the channel'),
      speakingAtOnce: numberInput(ROOM_BOUNDS.speakingAtOnce, DEFAULT_ROOM.speakingAtOnce, 'Talking at once, on average'),
      // Up to everyone but one in the largest room; the figure holds it below the people in the channel.
      serverMuted: numberInput(serverMutedBounds(ROOM_BOUNDS.people.max), DEFAULT_ROOM.serverMuted, 'Server-muted people'),
    }),
  },
};
