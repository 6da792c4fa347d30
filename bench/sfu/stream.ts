/**
 * The synthetic media a benchmark publisher sends: one VP8-like camera stream and one
 * Opus-like microphone stream, the same packets (sizes, timing, keyframes) in every run
 * because the schedule is drawn from a seeded generator.
 *
 * Each payload ends with a 12-byte trailer (packet index, send time) that the receivers
 * read back to count loss and measure one-way latency. A forwarder never looks at it.
 */
import { createRng, uniform, type Rng } from '../../lib/random';

export const VIDEO_PAYLOAD_TYPE = 96;
export const AUDIO_PAYLOAD_TYPE = 111;
export const VIDEO_CLOCK_HZ = 90_000;
export const AUDIO_CLOCK_HZ = 48_000;

/** What one second of the synthetic publisher looks like; the defaults are a 720p-ish camera and Opus voice. */
export interface StreamShape {
  videoKbps: number;
  videoFramesPerSecond: number;
  /** A keyframe every this many milliseconds; a keyframe is `keyframeSizeFactor` times a delta frame. */
  keyframeIntervalMs: number;
  keyframeSizeFactor: number;
  /** Largest RTP payload; frames are cut into packets no bigger than this (what browsers do below a 1200-byte MTU budget). */
  maxPayloadBytes: number;
  audioPacketMs: number;
  audioPayloadMinBytes: number;
  audioPayloadMaxBytes: number;
}

export const DEFAULT_STREAM: StreamShape = {
  videoKbps: 1500,
  videoFramesPerSecond: 30,
  keyframeIntervalMs: 3000,
  keyframeSizeFactor: 6,
  maxPayloadBytes: 1100,
  audioPacketMs: 20,
  audioPayloadMinBytes: 60,
  audioPayloadMaxBytes: 120,
};

export const TRAILER_BYTES = 12;

export interface SyntheticPacket {
  kind: 'video' | 'audio';
  payloadType: number;
  /** Index over the whole run, both kinds; receivers count these. */
  index: number;
  sequenceNumber: number;
  timestamp: number;
  marker: boolean;
  /** A packet of a video keyframe (the largest bursts the stream sends). */
  keyframe: boolean;
  /** The payload, with the trailer's index filled in and its send time still zero. */
  payload: Buffer;
  /** When the schedule wants it on the wire, from the stream's start. */
  dueMs: number;
}

/**
 * The clock of the send times in the trailers: CLOCK_MONOTONIC in ms, which every process on the
 * machine shares (performance.now() counts from each process's own start), so the forwarder can
 * read the same trailers and tell where a packet's latency went.
 */
export function benchClockMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Writes the send time (benchClockMs) into a payload's trailer just before the packet leaves. */
export function stampSendTime(payload: Buffer, nowMs: number): void {
  payload.writeDoubleBE(nowMs, payload.length - 8);
}

export function readTrailer(payload: Uint8Array): { index: number; sentAtMs: number } {
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  return {
    index: view.getUint32(payload.byteLength - TRAILER_BYTES),
    sentAtMs: view.getFloat64(payload.byteLength - 8),
  };
}

/**
 * Payload bytes: a slice of a fixed pool of seeded random bytes, at a place the stream's generator
 * picks. A byte-by-byte draw cost the load about 10 µs per video packet; with fifty publishers
 * (the meeting scenario) that alone was a fifth of the load's core.
 */
const RANDOM_POOL = (() => {
  const rng = createRng(0x5eed);
  const pool = Buffer.alloc(1 << 16);
  for (let i = 0; i < pool.length; i++) pool[i] = (rng.next() * 256) | 0;
  return pool;
})();

export function randomBytesFrom(rng: Rng, sizeBytes: number): Buffer {
  const payload = Buffer.allocUnsafe(sizeBytes);
  let filled = 0;
  while (filled < sizeBytes) {
    const at = Math.floor(rng.next() * RANDOM_POOL.length);
    filled += RANDOM_POOL.copy(payload, filled, at, Math.min(RANDOM_POOL.length, at + sizeBytes - filled));
  }
  return payload;
}

/**
 * A VP8 payload descriptor (RFC 7741 §4.2) with S set on a frame's first packet, followed
 * on that packet by the 3-byte VP8 frame tag whose P bit is 0 for a keyframe (RFC 6386 §9.1),
 * so a forwarder that looks for keyframes finds them where a real stream has them.
 */
function vp8Payload(sizeBytes: number, firstOfFrame: boolean, keyframe: boolean, rng: Rng): Buffer {
  const payload = randomBytesFrom(rng, sizeBytes);
  payload[0] = firstOfFrame ? 0x10 : 0x00;
  if (firstOfFrame) payload[1] = keyframe ? 0x10 : 0x11;
  return payload;
}

function opusPayload(sizeBytes: number, rng: Rng): Buffer {
  const payload = randomBytesFrom(rng, sizeBytes);
  // TOC byte: config 31 (CELT FB 20 ms), mono, one frame (RFC 6716 §3.1).
  payload[0] = 31 << 3;
  return payload;
}

/** Yields the packets due up to a time, in send order. */
export class SyntheticStream {
  private readonly rng: Rng;
  private nextIndex = 0;
  private videoSequence = 0;
  private audioSequence = 0;
  private nextVideoFrameMs = 0;
  private nextAudioMs = 0;
  private framesSinceKeyframe = Infinity;

  constructor(
    readonly shape: StreamShape = DEFAULT_STREAM,
    seed = 7,
  ) {
    this.rng = createRng(seed);
  }

  get packetsScheduled(): number {
    return this.nextIndex;
  }

  /** Packets per second this shape produces on average, both kinds together. */
  static packetsPerSecond(shape: StreamShape = DEFAULT_STREAM): number {
    const deltaBytes = deltaFrameBytes(shape);
    const framesPerKeyframe = (shape.keyframeIntervalMs / 1000) * shape.videoFramesPerSecond;
    const keyPackets = Math.ceil((deltaBytes * shape.keyframeSizeFactor) / shape.maxPayloadBytes);
    const deltaPackets = Math.ceil(deltaBytes / shape.maxPayloadBytes);
    const videoPacketsPerFrame = (keyPackets + (framesPerKeyframe - 1) * deltaPackets) / framesPerKeyframe;
    return videoPacketsPerFrame * shape.videoFramesPerSecond + 1000 / shape.audioPacketMs;
  }

  due(untilMs: number): SyntheticPacket[] {
    const out: SyntheticPacket[] = [];
    while (this.nextVideoFrameMs <= untilMs || this.nextAudioMs <= untilMs) {
      if (this.nextVideoFrameMs <= this.nextAudioMs) {
        out.push(...this.videoFrame(this.nextVideoFrameMs));
        this.nextVideoFrameMs += 1000 / this.shape.videoFramesPerSecond;
      } else {
        out.push(this.audioPacket(this.nextAudioMs));
        this.nextAudioMs += this.shape.audioPacketMs;
      }
    }
    return out;
  }

  private videoFrame(atMs: number): SyntheticPacket[] {
    const framesPerKeyframe = Math.round((this.shape.keyframeIntervalMs / 1000) * this.shape.videoFramesPerSecond);
    const keyframe = this.framesSinceKeyframe >= framesPerKeyframe;
    this.framesSinceKeyframe = keyframe ? 1 : this.framesSinceKeyframe + 1;
    const frameBytes = deltaFrameBytes(this.shape) * (keyframe ? this.shape.keyframeSizeFactor : 1);
    const packets = Math.ceil(frameBytes / this.shape.maxPayloadBytes);
    const timestamp = Math.round((atMs * VIDEO_CLOCK_HZ) / 1000) >>> 0;
    const out: SyntheticPacket[] = [];
    for (let i = 0; i < packets; i++) {
      const sizeBytes = Math.max(
        TRAILER_BYTES + 4,
        Math.round(uniform(this.rng, 0.9, 1) * Math.min(this.shape.maxPayloadBytes, frameBytes / packets)),
      );
      out.push(
        this.packet('video', VIDEO_PAYLOAD_TYPE, this.videoSequence++, timestamp, i === packets - 1, atMs,
          vp8Payload(sizeBytes, i === 0, keyframe, this.rng), keyframe),
      );
    }
    return out;
  }

  private audioPacket(atMs: number): SyntheticPacket {
    const sizeBytes = Math.round(uniform(this.rng, this.shape.audioPayloadMinBytes, this.shape.audioPayloadMaxBytes));
    const timestamp = Math.round((atMs * AUDIO_CLOCK_HZ) / 1000) >>> 0;
    return this.packet('audio', AUDIO_PAYLOAD_TYPE, this.audioSequence++, timestamp, false, atMs, opusPayload(sizeBytes, this.rng), false);
  }

  private packet(
    kind: SyntheticPacket['kind'],
    payloadType: number,
    sequence: number,
    timestamp: number,
    marker: boolean,
    dueMs: number,
    payload: Buffer,
    keyframe: boolean,
  ): SyntheticPacket {
    const index = this.nextIndex++;
    payload.writeUInt32BE(index, payload.length - TRAILER_BYTES);
    return { kind, payloadType, index, sequenceNumber: sequence & 0xffff, timestamp, marker, keyframe, payload, dueMs };
  }
}

function deltaFrameBytes(shape: StreamShape): number {
  // Average bytes per frame if every frame were a delta frame; keyframes then push the
  // average a little above videoKbps, as they do in a real encoder's first seconds.
  return (shape.videoKbps * 1000) / 8 / shape.videoFramesPerSecond;
}
