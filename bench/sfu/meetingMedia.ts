/**
 * What the `--scenario meeting` publishers send: every peer a 720p camera in three simulcast layers
 * (lib/simulcast's ladder and bitrates) and a microphone that speaks only in its turns. Who talks
 * when is drawn from lib/random with a fixed seed: `speakingAtOnce` people hold the floor at a time,
 * each for one pass of the voice-activity chapter's recorded clip, whose 20 ms frames lib/vad's
 * detector marks as voice or silence; every frame then goes through lib/vad's DTX send policy (the
 * SFU negotiates usedtx=1), so a silent microphone sends one packet every 400 ms.
 *
 * Packets carry one index space for the whole meeting, so a receiver can tell any packet from any
 * other; only the smallest layer and the audio are meant to reach viewers (every viewer shows
 * every other peer as a small tile).
 */
import { createRng, type Rng } from '../../lib/random';
import { simulcastLadder, layerSendKbps } from '../../lib/simulcast/publisher';
import { CLIP } from '../../lib/vad/clipFrames';
import { detectVoice } from '../../lib/vad/detector';
import { initialSendPolicyState, stepSendPolicy, type SendPolicyState } from '../../lib/vad/packets';
import { AUDIO_CLOCK_HZ, AUDIO_PAYLOAD_TYPE, DEFAULT_STREAM, SyntheticStream, TRAILER_BYTES, randomBytesFrom, type SyntheticPacket } from './stream';

export const MEETING_SOURCE = { width: 1280, height: 720 };
/** People talking at once: "a few". lib/vad's room model defaults to one; a lively class has more. */
export const SPEAKING_AT_ONCE = 3;
const FRAME_MS = CLIP.frameMs;
const clipVoice = detectVoice(CLIP.energyDbfs).map((frame) => frame.voice);
/** RFC 6464 level (0 loudest .. 127 silence, in -dBov) for each clip frame, from its energy. */
const clipLevel = CLIP.energyDbfs.map((dbfs) => Math.min(127, Math.max(0, Math.round(-dbfs))));

export interface MeetingPacket extends SyntheticPacket {
  peer: number;
  /** The simulcast layer, or null for audio. */
  rid: string | null;
  /** RFC 6464 level of an audio packet. */
  audioLevel: number;
  /** Meant to reach every other peer (smallest layer, audio). */
  forwarded: boolean;
}

interface PeerMedia {
  /** `sending`: the SFU asked for this layer (a browser's encoding with active: true); paused layers send nothing. */
  layers: { rid: string; stream: SyntheticStream; sending: boolean }[];
  startMs: number;
  audioState: SendPolicyState;
  audioSequence: number;
  nextAudioMs: number;
}

export class MeetingMedia {
  private readonly rng: Rng;
  private readonly peers: PeerMedia[] = [];
  private nextIndex = 0;
  /** Who holds the floor: peer and the clip frame they are at. */
  private readonly talkers: { peer: number; frame: number }[] = [];
  readonly smallestRid: string;

  constructor(
    readonly peerCount: number,
    seed = 11,
  ) {
    this.rng = createRng(seed);
    const ladder = simulcastLadder(MEETING_SOURCE.width, MEETING_SOURCE.height);
    this.smallestRid = ladder[0].rid;
    for (let peer = 0; peer < peerCount; peer++) {
      // Cameras switched on at different moments: keyframes (every 3 s) do not line up across peers.
      const startMs = this.rng.next() * DEFAULT_STREAM.keyframeIntervalMs;
      const layers = ladder.map((layer, i) => ({
        rid: layer.rid,
        stream: new SyntheticStream({ ...DEFAULT_STREAM, videoKbps: layerSendKbps(ladder, layer.rid) }, seed * 1000 + peer * 10 + i),
        sending: true,
      }));
      this.peers.push({ layers, startMs, audioState: initialSendPolicyState(), audioSequence: 0, nextAudioMs: startMs });
    }
    for (let i = 0; i < Math.min(SPEAKING_AT_ONCE, peerCount); i++) this.talkers.push({ peer: this.pickTalker(), frame: Math.floor(this.rng.next() * clipVoice.length) });
  }

  /**
   * The SFU asked `peer` to send only these layers (lib/simulcast/layerDemand). A paused layer's schedule
   * runs on and its packets are not sent, so a resumed layer is at the same point in its stream as the
   * others. (Its bitrate stays the one it had with every layer on: in this scenario only layers nobody
   * takes are paused, and the smallest layer's packets are what is measured.)
   */
  setSending(peer: number, rids: readonly string[]): void {
    for (const layer of this.peers[peer].layers) layer.sending = rids.includes(layer.rid);
  }

  /** What the camera's encoder aims at now: the bitrates of the layers it sends (a paced sender paces at a multiple of it). */
  targetKbps(peer: number): number {
    return this.peers[peer].layers.reduce((sum, layer) => sum + (layer.sending ? layer.stream.shape.videoKbps : 0), 0);
  }

  get packetsScheduled(): number {
    return this.nextIndex;
  }

  /** Every packet due up to `untilMs` since the meeting started publishing, all peers, in send order per peer. */
  due(untilMs: number): MeetingPacket[] {
    const out: MeetingPacket[] = [];
    for (let peer = 0; peer < this.peers.length; peer++) {
      const media = this.peers[peer];
      if (untilMs < media.startMs) continue;
      for (const { rid, stream, sending } of media.layers) {
        // A layer is the synthetic stream's video; its Opus-like packets are not part of a layer.
        for (const packet of stream.due(untilMs - media.startMs)) if (packet.kind === 'video' && sending) out.push(this.stamp(packet, peer, rid, 127));
      }
    }
    // Audio frame by frame, for everyone on the same 20 ms clock, so turns pass in order.
    while (this.peers.length > 0 && this.audioClockMs <= untilMs) {
      this.audioFrame(this.audioClockMs, out);
      this.audioClockMs += FRAME_MS;
    }
    return out;
  }

  private audioClockMs = 0;

  private audioFrame(atMs: number, out: MeetingPacket[]): void {
    const speaking = new Map<number, number>();
    for (const talker of this.talkers) speaking.set(talker.peer, talker.frame);
    for (let peer = 0; peer < this.peers.length; peer++) {
      const media = this.peers[peer];
      if (atMs < media.startMs) continue;
      const frame = speaking.get(peer);
      const voice = frame !== undefined && clipVoice[frame];
      const step = stepSendPolicy('dtx', media.audioState, voice);
      media.audioState = step.state;
      if (!step.sent) continue;
      const sizeBytes = Math.max(TRAILER_BYTES + 4, voice ? 160 : 60);
      const payload = randomBytesFrom(this.rng, sizeBytes);
      payload[0] = 31 << 3; // Opus TOC: CELT FB 20 ms (RFC 6716 section 3.1)
      const timestamp = Math.round(((atMs - media.startMs) * AUDIO_CLOCK_HZ) / 1000) >>> 0;
      const packet: SyntheticPacket = {
        kind: 'audio',
        payloadType: AUDIO_PAYLOAD_TYPE,
        index: 0,
        sequenceNumber: media.audioSequence++ & 0xffff,
        timestamp,
        marker: false,
        keyframe: false,
        payload,
        dueMs: atMs,
      };
      out.push(this.stamp(packet, peer, null, frame === undefined ? 127 : clipLevel[frame]));
    }
    // Each talker moves one frame on; at the end of the clip the floor passes to someone else.
    for (const talker of this.talkers) {
      talker.frame += 1;
      if (talker.frame >= clipVoice.length) {
        talker.peer = this.pickTalker();
        talker.frame = 0;
      }
    }
  }

  private pickTalker(): number {
    const busy = new Set(this.talkers.map((t) => t.peer));
    for (;;) {
      const peer = Math.floor(this.rng.next() * this.peerCount);
      if (!busy.has(peer) || busy.size >= this.peerCount) return peer;
    }
  }

  private stamp(packet: SyntheticPacket, peer: number, rid: string | null, audioLevel: number): MeetingPacket {
    const index = this.nextIndex++;
    packet.payload.writeUInt32BE(index, packet.payload.length - TRAILER_BYTES);
    const forwarded = rid === null || rid === this.smallestRid;
    if (forwarded) {
      this.forwardedIndexes.push(index);
      this.forwardedPeers.push(peer);
    }
    return { ...packet, index, peer, rid, audioLevel, forwarded };
  }

  private readonly forwardedIndexes: number[] = [];
  private readonly forwardedPeers: number[] = [];

  /** The packets scheduled in [first, end) that viewers should receive, with who sent each. */
  forwardableBetween(first: number, end: number): { index: number; peer: number }[] {
    const out: { index: number; peer: number }[] = [];
    for (let i = 0; i < this.forwardedIndexes.length; i++) {
      const index = this.forwardedIndexes[i];
      if (index >= first && index < end) out.push({ index, peer: this.forwardedPeers[i] });
    }
    return out;
  }
}
