import { EventEmitter } from 'node:events';
import { RtpHeader, RtpPacket } from 'werift';
import { Publisher } from './Publisher';
import { packetizeVp8 } from './vp8';
import { BOT_MAX_RTP_PAYLOAD_BYTES, type BotMedia } from './BotMedia';
import { botSendWeights, type BotSendWeights } from '@/lib/bandwidth/recorded';

/**
 * A server-side publisher: it sends real RTP, as a browser would, from pre-encoded clips. Video loops
 * the three VP8 layers together (every layer has a keyframe at the same frame, once a second); audio
 * plays one spoken line when the room gives the bot its turn. Sequence numbers and timestamps keep
 * counting across loops, as they would from a live encoder (RFC 3550 s5.1).
 *
 * While not talking the bot sends no audio at all, like Discord's clients, whose voice activity
 * detection stops the stream in silence; a muted microphone costs the room nothing.
 */

export interface BotEvents {
  /** The bot finished its line; the room passes the turn on. */
  'turn-done': [];
}

const VIDEO_CLOCK_HZ = 90_000;
const OPUS_CLOCK_HZ = 48_000;
/** Payload types only matter inside the server: each sender rewrites them to what it negotiated. */
const VP8_PAYLOAD_TYPE = 96;
const OPUS_PAYLOAD_TYPE = 111;
/** Frames whose RFC 6464 level is quieter than this are not sent (the bot's own voice activity gate). */
export const BOT_SILENCE_LEVEL_MINUS_DBOV = 60;

const weights = new WeakMap<BotMedia, BotSendWeights>();

/**
 * What a bot playing these clips sends, per layer and for its voice (lib/bandwidth/recorded), for the pages'
 * model of the room. Computed once per set of clips.
 */
export function botWeights(media: BotMedia): BotSendWeights {
  let w = weights.get(media);
  if (!w) {
    w = botSendWeights({
      framesPerSecond: media.framesPerSecond,
      opusFrameMs: media.opusFrameMs,
      maxPayloadBytes: BOT_MAX_RTP_PAYLOAD_BYTES,
      silenceLevelMinusDbov: BOT_SILENCE_LEVEL_MINUS_DBOV,
      layers: media.layers.map((l) => ({ rid: l.layer.rid, frameBytes: l.frames.map((f) => f.length) })),
      voices: media.voices.map((v) => ({ packetBytes: v.packets.map((p) => p.length), levelsMinusDbov: v.levelsMinusDbov })),
    });
    weights.set(media, w);
  }
  return w;
}

interface VideoStreamState {
  ssrc: number;
  sequenceNumber: number;
}

export class Bot extends EventEmitter<BotEvents> {
  readonly publisher: Publisher;
  private videoTimer: NodeJS.Timeout | null = null;
  private audioTimer: NodeJS.Timeout | null = null;
  private frameIndex = 0;
  private videoTimestamp = 0;
  private pictureId = 0;
  private readonly videoStreams = new Map<string, VideoStreamState>();
  private audioSequenceNumber = 0;
  private readonly audioSsrc: number;
  private audioTimestamp = 0;
  private voiceIndex: number;
  private talkingPacket = -1;
  private closed = false;
  /** The layers the room asks for (lib/simulcast/layerDemand): the others' clips are not sent, as a browser's encoder would stop. */
  private requested: ReadonlySet<string>;
  keyframeRequestsIgnored = 0;

  constructor(
    readonly id: string,
    readonly name: string,
    private readonly media: BotMedia,
    seed: number,
    now: () => number,
  ) {
    super();
    this.voiceIndex = seed % media.voices.length;
    this.publisher = new Publisher(id, name, true, media.layers.map((l) => l.layer), true, now);
    // A looped file cannot make a keyframe on demand; its next one is at most a second away.
    this.publisher.on('keyframe-request', () => {
      this.keyframeRequestsIgnored += 1;
    });
    this.requested = new Set(this.publisher.requestedRids);
    this.publisher.on('layers-requested', (rids) => {
      this.requested = new Set(rids);
    });
    media.layers.forEach((l, i) => {
      this.videoStreams.set(l.layer.rid, { ssrc: (0x1000_0000 + seed * 16 + i) >>> 0, sequenceNumber: (seed * 1000) & 0xffff });
    });
    this.audioSequenceNumber = (seed * 777) & 0xffff;
    this.audioSsrc = (0x2000_0000 + seed) >>> 0;
  }

  get talking(): boolean {
    return this.talkingPacket >= 0;
  }

  start(): void {
    if (this.closed || this.videoTimer) return;
    const frameMs = 1000 / this.media.framesPerSecond;
    this.videoTimer = setInterval(() => this.sendVideoFrame(), frameMs);
    this.audioTimer = setInterval(() => this.sendAudioFrame(), this.media.opusFrameMs);
  }

  /** The room gives this bot the floor: it says its next line. */
  startTalking(): void {
    if (this.closed) return;
    this.talkingPacket = 0;
  }

  sendVideoFrame(): void {
    if (this.closed) return;
    const { layers, framesPerSecond } = this.media;
    const frameCount = layers[0].frames.length;
    const index = this.frameIndex % frameCount;
    for (const clip of layers) {
      if (!this.requested.has(clip.layer.rid)) continue;
      const frame = clip.frames[index % clip.frames.length];
      const stream = this.videoStreams.get(clip.layer.rid)!;
      const payloads = packetizeVp8(frame, this.pictureId, BOT_MAX_RTP_PAYLOAD_BYTES);
      payloads.forEach((payload, i) => {
        const header = new RtpHeader({
          payloadType: VP8_PAYLOAD_TYPE,
          sequenceNumber: stream.sequenceNumber,
          timestamp: this.videoTimestamp >>> 0,
          ssrc: stream.ssrc,
          marker: i === payloads.length - 1,
        });
        stream.sequenceNumber = (stream.sequenceNumber + 1) & 0xffff;
        this.publisher.ingestVideo(clip.layer.rid, new RtpPacket(header, payload));
      });
    }
    this.frameIndex += 1;
    this.pictureId = (this.pictureId + 1) & 0x7fff;
    this.videoTimestamp = (this.videoTimestamp + VIDEO_CLOCK_HZ / framesPerSecond) % 2 ** 32;
  }

  sendAudioFrame(): void {
    if (this.closed) return;
    const timestamp = this.audioTimestamp;
    this.audioTimestamp = (this.audioTimestamp + (OPUS_CLOCK_HZ * this.media.opusFrameMs) / 1000) % 2 ** 32;
    if (this.talkingPacket < 0) return;
    const voice = this.media.voices[this.voiceIndex];
    const i = this.talkingPacket;
    if (i >= voice.packets.length) {
      this.talkingPacket = -1;
      this.voiceIndex = (this.voiceIndex + 1) % this.media.voices.length;
      this.publisher.updateSpeaking(Infinity);
      this.emit('turn-done');
      return;
    }
    this.talkingPacket += 1;
    const level = voice.levelsMinusDbov[i];
    if (level > BOT_SILENCE_LEVEL_MINUS_DBOV) return;
    const header = new RtpHeader({
      payloadType: OPUS_PAYLOAD_TYPE,
      sequenceNumber: this.audioSequenceNumber,
      timestamp: timestamp >>> 0,
      ssrc: this.audioSsrc,
      // RFC 3550: the marker bit flags the first packet after a silence.
      marker: i === 0,
    });
    this.audioSequenceNumber = (this.audioSequenceNumber + 1) & 0xffff;
    this.publisher.ingestAudio(new RtpPacket(header, voice.packets[i]), level);
  }

  /** Idempotent: stops both timers and the publisher. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.videoTimer) clearInterval(this.videoTimer);
    if (this.audioTimer) clearInterval(this.audioTimer);
    this.videoTimer = null;
    this.audioTimer = null;
    this.publisher.close();
    this.removeAllListeners();
  }

  get timersRunning(): number {
    return (this.videoTimer ? 1 : 0) + (this.audioTimer ? 1 : 0);
  }
}
