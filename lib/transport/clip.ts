/**
 * The spoken clip the chapter plays three ways (as recorded, as TCP delivers it, as UDP/RTP delivers it).
 * Made by scripts/audio/udp-vs-tcp.sh; a test checks these numbers against the file.
 */
import { FRAME_MS } from './constants';

export const COUNTING_CLIP = {
  src: '/audio/udp-vs-tcp/counting.wav',
  transcript: 'Can you hear me, Ada? One, two, three, four, five, six, seven, eight, nine, ten.',
  sampleRateHz: 16_000,
  sampleCount: 119_687,
} as const;

/** Whole 20 ms frames in the clip: what the talker sends. */
export const COUNTING_CLIP_FRAMES = Math.floor((COUNTING_CLIP.sampleCount / COUNTING_CLIP.sampleRateHz) * 1000 / FRAME_MS);
