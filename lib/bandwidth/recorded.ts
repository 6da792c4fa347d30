/**
 * What a bot sends, weighed from the recorded clips it loops (media/bots): the same clips feed the SFU's
 * bots (every simulcast layer at once) and the mesh bots (one layer per call), so the model knows exactly
 * what goes on the wire instead of assuming an encoder's bitrate. Pure arithmetic on packet sizes: the
 * server reads the clips and hands their frame and packet sizes here.
 *
 * Weighed as every stream in lib/bandwidth is (stream.ts): RTP payload plus 40 bytes of IPv4, UDP and RTP
 * headers per packet.
 */
import { PACKET_HEADER_BYTES } from './stream';
import type { SentEncoding } from './members';

/** The VP8 payload descriptor a bot puts in front of each packet's share of a frame (RFC 7741: X, I, a 15-bit PictureID). */
export const VP8_DESCRIPTOR_BYTES = 4;

const sum = (values: readonly number[]) => values.reduce((total, v) => total + v, 0);

/**
 * The mean wire kbps of a recorded stream: these RTP payloads, each with 40 bytes of headers, spread over
 * `seconds`.
 */
export function recordedStreamWireKbps(packetPayloadBytes: readonly number[], seconds: number): number {
  if (!(seconds > 0)) throw new RangeError(`seconds must be positive, got ${seconds}`);
  return (sum(packetPayloadBytes.map((bytes) => bytes + PACKET_HEADER_BYTES)) * 8) / 1000 / seconds;
}

/**
 * The RTP payload sizes of one VP8 frame cut into packets of at most `maxPayloadBytes`: each carries the
 * descriptor and up to `maxPayloadBytes - 4` bytes of the frame (what server/sfu/vp8.ts packetizeVp8 makes).
 */
export function vp8PayloadSizes(frameBytes: number, maxPayloadBytes: number): number[] {
  const chunk = maxPayloadBytes - VP8_DESCRIPTOR_BYTES;
  if (!(chunk > 0)) throw new RangeError(`maxPayloadBytes must exceed ${VP8_DESCRIPTOR_BYTES}, got ${maxPayloadBytes}`);
  if (!(frameBytes >= 0) || !Number.isInteger(frameBytes)) throw new RangeError(`a frame has a whole number of bytes, got ${frameBytes}`);
  const sizes: number[] = [];
  for (let start = 0; start < frameBytes; start += chunk) sizes.push(VP8_DESCRIPTOR_BYTES + Math.min(chunk, frameBytes - start));
  return sizes;
}

/** A bot's clips reduced to sizes: what the weights need. */
export interface BotClipSizes {
  framesPerSecond: number;
  opusFrameMs: number;
  /** The largest RTP payload the bot sends (it cuts frames to fit). */
  maxPayloadBytes: number;
  /** Voice packets quieter than this RFC 6464 level (in -dBov) are not sent: the bot's own voice activity gate. */
  silenceLevelMinusDbov: number;
  /** Every video layer, looped together: each frame's size in bytes. */
  layers: readonly { rid: string; frameBytes: readonly number[] }[];
  /** Every spoken line: each Opus packet's size and its level. */
  voices: readonly { packetBytes: readonly number[]; levelsMinusDbov: readonly number[] }[];
}

/** What a bot sends, per layer and for its voice, weighed on the wire. */
export interface BotSendWeights {
  /** Each video layer as the clip loops it, in the clip's order (smallest first). */
  layers: SentEncoding[];
  /** Its voice over the time it talks: the gated packets of all its lines over the lines' length. */
  voiceWireKbps: number;
}

/**
 * The bot's weights: each layer's packets over the clip's length, and its voice's sent packets over the
 * time its lines last (the gate drops quiet packets, so a line with pauses weighs less than 50 full packets
 * a second).
 */
export function botSendWeights(clip: BotClipSizes): BotSendWeights {
  if (!(clip.framesPerSecond > 0) || !(clip.opusFrameMs > 0)) throw new RangeError('a clip needs a positive frame rate and Opus frame length');
  const layers = clip.layers.map(({ rid, frameBytes }) => ({
    rid,
    wireKbps: recordedStreamWireKbps(
      frameBytes.flatMap((bytes) => vp8PayloadSizes(bytes, clip.maxPayloadBytes)),
      frameBytes.length / clip.framesPerSecond,
    ),
  }));
  const sent = clip.voices.flatMap((v) => v.packetBytes.filter((_, i) => (v.levelsMinusDbov[i] ?? 127) <= clip.silenceLevelMinusDbov));
  const talkSeconds = sum(clip.voices.map((v) => (v.packetBytes.length * clip.opusFrameMs) / 1000));
  return { layers, voiceWireKbps: recordedStreamWireKbps(sent, talkSeconds) };
}
