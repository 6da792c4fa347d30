/**
 * What voice activity detection saves across a whole voice channel behind an SFU.
 *
 * N people share a channel; on average `speakingAtOnce` of them are talking at any moment (people take
 * turns, with a little overlap), so each person talks a share speakingAtOnce / N of the time. The SFU
 * forwards every stream it receives to the N - 1 others (discord-voice-2018), except the streams of
 * server-muted people, whose packets it drops (same post).
 *
 * The saving of VAD gating over sending continuously is 1 - speakingAtOnce / N: half in a two-person
 * call where each talks half the time, and far more than half in a big channel (facts.md error 11).
 * Rates are long-run averages (expected values), not a simulation.
 */
import { countBounds, type InputBounds } from '../bounds';
import {
  DEFAULT_VOICE_STREAM,
  SEND_POLICIES,
  continuousWireKbps,
  dtxSilenceWireKbps,
  packetsPerSecondWhileSending,
  type SendPolicy,
  type VoiceStreamParams,
} from './packets';

export interface RoomParams {
  /** People in the voice channel. */
  people: number;
  /** People talking at the same moment, on average. */
  speakingAtOnce: number;
  /** People the server has muted: their packets reach the SFU and go no further. */
  serverMuted: number;
}

export const DEFAULT_ROOM: Readonly<RoomParams> = Object.freeze({ people: 50, speakingAtOnce: 1, serverMuted: 0 });

/**
 * ASSUMPTION: the channel the cost models price, ten people with one talking at a time, so each microphone sends a
 * tenth of the time. The cost chapter starts its waterfall here and the noise chapter's fleet uses the same share.
 */
export const TYPICAL_CHANNEL: Readonly<RoomParams> = Object.freeze({ people: 10, speakingAtOnce: 1, serverMuted: 0 });

export const ROOM_LIMITS = Object.freeze({
  minPeople: 2,
  maxPeople: 100,
  minSpeakingAtOnce: 1,
  maxSpeakingAtOnce: 4,
});

/** What the room figure's sliders offer; muting is bounded by the room (everyone but one can be muted). */
export const ROOM_BOUNDS = Object.freeze({
  people: { min: ROOM_LIMITS.minPeople, max: ROOM_LIMITS.maxPeople, step: 1 },
  speakingAtOnce: { min: ROOM_LIMITS.minSpeakingAtOnce, max: ROOM_LIMITS.maxSpeakingAtOnce, step: 0.5 },
});

export function serverMutedBounds(people: number): InputBounds {
  return countBounds(people - 1);
}

/** The share of time each person talks: speakingAtOnce / people, at most 1. */
export function talkShare(room: Readonly<RoomParams>): number {
  return Math.min(1, room.speakingAtOnce / room.people);
}

/** One person's average upload under a policy. */
export function personUploadKbps(
  policy: SendPolicy,
  share: number,
  stream: Readonly<VoiceStreamParams> = DEFAULT_VOICE_STREAM,
): number {
  const talking = share * continuousWireKbps(stream);
  if (policy === 'continuous') return continuousWireKbps(stream);
  if (policy === 'vad') return talking;
  return talking + (1 - share) * dtxSilenceWireKbps(stream);
}

/** One person's average packets per second under a policy. */
export function personPacketsPerSecond(
  policy: SendPolicy,
  share: number,
  stream: Readonly<VoiceStreamParams> = DEFAULT_VOICE_STREAM,
): number {
  const full = packetsPerSecondWhileSending(stream);
  if (policy === 'continuous') return full;
  if (policy === 'vad') return share * full;
  return share * full + (1 - share) * (1000 / stream.dtxIntervalMs);
}

export interface RoomTraffic {
  policy: SendPolicy;
  /** Everything the SFU receives from the channel. */
  ingressKbps: number;
  /** Everything the SFU sends out: each forwarded stream times N - 1 receivers. */
  egressKbps: number;
  egressPacketsPerSecond: number;
  /** What the SFU receives from muted people and drops. */
  droppedKbps: number;
  /** What one person downloads, on average. */
  perPersonDownloadKbps: number;
  /** Egress saved compared with everyone sending continuously (0 to 1). */
  savingVsContinuous: number;
}

function rawRoomTraffic(policy: SendPolicy, room: Readonly<RoomParams>, stream: Readonly<VoiceStreamParams>) {
  const share = talkShare(room);
  const upload = personUploadKbps(policy, share, stream);
  const forwarded = room.people - room.serverMuted;
  const receivers = room.people - 1;
  return {
    ingressKbps: room.people * upload,
    egressKbps: forwarded * upload * receivers,
    egressPacketsPerSecond: forwarded * personPacketsPerSecond(policy, share, stream) * receivers,
    droppedKbps: room.serverMuted * upload,
  };
}

export function roomTraffic(
  policy: SendPolicy,
  room: Readonly<RoomParams>,
  stream: Readonly<VoiceStreamParams> = DEFAULT_VOICE_STREAM,
): RoomTraffic {
  const raw = rawRoomTraffic(policy, room, stream);
  // The baseline is everyone sending all the time with nobody muted: what VAD, DTX and muting save together.
  const baseline = rawRoomTraffic('continuous', { ...room, serverMuted: 0 }, stream);
  return {
    policy,
    ...raw,
    perPersonDownloadKbps: raw.egressKbps / room.people,
    savingVsContinuous: baseline.egressKbps > 0 ? 1 - raw.egressKbps / baseline.egressKbps : 0,
  };
}

/** The room under each policy, in SEND_POLICIES order. */
export function compareRoomPolicies(
  room: Readonly<RoomParams>,
  stream: Readonly<VoiceStreamParams> = DEFAULT_VOICE_STREAM,
): RoomTraffic[] {
  return SEND_POLICIES.map((policy) => roomTraffic(policy, room, stream));
}

/** VAD's saving over continuous sending as the room grows, nobody muted: 1 - speakingAtOnce / people. */
export function vadSavingBySize(
  sizes: readonly number[],
  speakingAtOnce: number,
  stream: Readonly<VoiceStreamParams> = DEFAULT_VOICE_STREAM,
): { people: number; saving: number; dtxSaving: number }[] {
  return sizes.map((people) => {
    const room = { people, speakingAtOnce, serverMuted: 0 };
    return {
      people,
      saving: roomTraffic('vad', room, stream).savingVsContinuous,
      dtxSaving: roomTraffic('dtx', room, stream).savingVsContinuous,
    };
  });
}
