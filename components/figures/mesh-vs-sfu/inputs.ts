import { audioSenderCount, type Topology, type UplinkId, type VideoLayerId, type RoomInput } from '@/lib/bandwidth';
import type { PaintedRoom } from './roomPainter';

/** What the reader chooses in the room figure. Only inputs; every number shown is derived from them. */
export interface RoomInputs {
  topology: Topology;
  people: number;
  talkers: number;
  vad: boolean;
  /** Cameras on for everyone who is talking. */
  video: boolean;
  layer: VideoLayerId;
  uplink: UplinkId;
}

export const DEFAULT_ROOM_INPUTS: RoomInputs = {
  topology: 'mesh',
  people: 10,
  talkers: 3,
  vad: true,
  video: false,
  layer: '360p',
  uplink: 'fcc-2015',
};

/** The model's input for the reader's choices (talkers never exceed people). */
export function toRoomInput(inputs: RoomInputs): RoomInput {
  const talkers = Math.min(inputs.talkers, inputs.people);
  return {
    topology: inputs.topology,
    people: inputs.people,
    talkers,
    vad: inputs.vad,
    video: inputs.video ? { cameras: talkers, layer: inputs.layer } : null,
  };
}

/** What the room's picture follows: the wiring, the head count, who talks and who sends (talkers, or everyone with VAD off). */
export function paintedRoom(inputs: RoomInputs): PaintedRoom {
  const talkers = Math.min(inputs.talkers, inputs.people);
  return { topology: inputs.topology, people: inputs.people, talkers, senders: audioSenderCount({ people: inputs.people, talkers, vad: inputs.vad }) };
}
