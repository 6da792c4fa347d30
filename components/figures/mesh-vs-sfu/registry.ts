import type { FigureRegistry } from '../types';
import { booleanInput, choiceInput, defineInputs, numberChoiceInput, numberInput } from '@/lib/figures/inputSpec';
import {
  DEFAULT_VOICE_STREAM,
  DISCORD_DEFAULT_OPUS_KBPS,
  OPUS_DEFAULT_FRAME_MS,
  OPUS_FRAME_MS_CHOICES,
  OPUS_KBPS_BOUNDS,
  ROOM_PEOPLE_BOUNDS,
  TOPOLOGIES,
  UPLINK_IDS,
  VIDEO_LAYER_IDS,
  meshUploadTable,
  roomBandwidth,
  roomTable,
  seedCorrectionsTable,
  talkerBounds,
  voiceStreamTable,
} from '@/lib/bandwidth';
import { DEFAULT_ROOM_INPUTS, toRoomInput } from './inputs';

/** Figures of the "mesh-vs-sfu" chapter, keyed "mesh-vs-sfu/<figure>". */
export const figures: FigureRegistry = {
  'mesh-vs-sfu/stream': {
    still: () => voiceStreamTable(DEFAULT_VOICE_STREAM),
    inputs: defineInputs({
      opusKbps: numberInput(OPUS_KBPS_BOUNDS, DISCORD_DEFAULT_OPUS_KBPS, 'Opus bitrate (kbps)'),
      frameMs: numberChoiceInput(OPUS_FRAME_MS_CHOICES, OPUS_DEFAULT_FRAME_MS, 'Audio per packet (ms)'),
    }),
  },
  'mesh-vs-sfu/room': {
    still: () => roomTable(roomBandwidth(toRoomInput(DEFAULT_ROOM_INPUTS))),
    inputs: defineInputs({
      topology: choiceInput(TOPOLOGIES, DEFAULT_ROOM_INPUTS.topology, 'Wiring'),
      people: numberInput(ROOM_PEOPLE_BOUNDS, DEFAULT_ROOM_INPUTS.people, 'People in the channel'),
      // Up to everyone the slider allows; the figure holds talkers to the people in the room.
      talkers: numberInput(talkerBounds(ROOM_PEOPLE_BOUNDS.max), DEFAULT_ROOM_INPUTS.talkers, 'Talking right now'),
      vad: booleanInput(DEFAULT_ROOM_INPUTS.vad, 'Voice activity detection'),
      video: booleanInput(DEFAULT_ROOM_INPUTS.video, 'Talkers’ cameras on'),
      layer: choiceInput(VIDEO_LAYER_IDS, DEFAULT_ROOM_INPUTS.layer, 'Camera layer'),
      uplink: choiceInput(UPLINK_IDS, DEFAULT_ROOM_INPUTS.uplink, 'Home connection'),
    }),
  },
  'mesh-vs-sfu/corrections': {
    still: () => seedCorrectionsTable(),
  },
  // A live mesh room; the still is the model's upload for rooms up to the mesh cap.
  'mesh-vs-sfu/live': {
    still: () => meshUploadTable(),
  },
};
