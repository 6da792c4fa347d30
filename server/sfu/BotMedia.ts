import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { PublishedLayer } from '@/lib/simulcast/selectLayer';
import { readIvf, readOggOpus } from './containers';
import { isVp8KeyframeFrame } from './vp8';

/**
 * The pre-encoded clips bots loop (made by media/bots/make-bot-media.ts), loaded once per process.
 * A layer's `maxKbps` is measured from the clip itself (its busiest second, RTP headers included), so
 * the layer policy budgets for what the bot really sends rather than for a camera's ladder.
 */

export const BOT_MEDIA_DIR = join(process.cwd(), 'media', 'bots');
/** RTP payload size the bots cut frames to; well under a 1500-byte MTU with SRTP and tunnels. */
export const BOT_MAX_RTP_PAYLOAD_BYTES = 1100;
const RTP_HEADER_BYTES = 12;

const manifestSchema = z.object({
  framesPerSecond: z.number().positive(),
  opusFrameMs: z.number().positive(),
  layers: z.array(z.object({ rid: z.string(), width: z.number(), height: z.number(), file: z.string() })).min(1),
  voices: z.array(z.object({ file: z.string(), levelsMinusDbov: z.array(z.number().int().min(0).max(127)) })).min(1),
});

export interface BotLayerClip {
  layer: PublishedLayer;
  frames: Buffer[];
  keyframes: boolean[];
}

export interface BotVoiceClip {
  packets: Buffer[];
  /** RFC 6464 level per packet: 0 loudest, 127 silence. */
  levelsMinusDbov: number[];
}

export interface BotMedia {
  framesPerSecond: number;
  opusFrameMs: number;
  layers: BotLayerClip[];
  voices: BotVoiceClip[];
}

function peakKbps(frames: Buffer[], framesPerSecond: number): number {
  const window = Math.max(1, Math.round(framesPerSecond));
  const packetBytes = (f: Buffer) => f.length + Math.ceil(f.length / BOT_MAX_RTP_PAYLOAD_BYTES) * (RTP_HEADER_BYTES + 4);
  let peakBytes = 0;
  for (let start = 0; start < frames.length; start++) {
    let bytes = 0;
    for (let i = 0; i < window; i++) bytes += packetBytes(frames[(start + i) % frames.length]);
    peakBytes = Math.max(peakBytes, bytes);
  }
  return Math.ceil((peakBytes * 8) / 1000);
}

const cache = new Map<string, BotMedia>();

export function loadBotMedia(dir: string = BOT_MEDIA_DIR): BotMedia {
  const cached = cache.get(dir);
  if (cached) return cached;
  const manifest = manifestSchema.parse(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')));
  const layers = manifest.layers.map((entry) => {
    const clip = readIvf(readFileSync(join(dir, entry.file)));
    return {
      layer: {
        rid: entry.rid,
        width: clip.width,
        height: clip.height,
        maxKbps: peakKbps(clip.frames, manifest.framesPerSecond),
        active: true,
      },
      frames: clip.frames,
      keyframes: clip.frames.map(isVp8KeyframeFrame),
    };
  });
  const voices = manifest.voices.map((entry) => {
    const packets = readOggOpus(readFileSync(join(dir, entry.file)));
    const levels = packets.map((_, i) => entry.levelsMinusDbov[i] ?? 127);
    return { packets, levelsMinusDbov: levels };
  });
  const media = { framesPerSecond: manifest.framesPerSecond, opusFrameMs: manifest.opusFrameMs, layers, voices };
  cache.set(dir, media);
  return media;
}
