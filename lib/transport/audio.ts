/**
 * Turning a lane's playout schedule into sound: the clip as the listener would hear it. Pure arithmetic on
 * sample arrays; the browser only wraps the result in an AudioBuffer.
 * - played: the frame's own 20 ms of audio, at its scheduled time (resampled if the player stretched,
 *   squeezed or rushed it, so a rush sounds faster and higher, as it does in a real catch-up);
 * - concealed: a stand-in made from the last good frame, fading with each further lost frame, the way a
 *   decoder's packet-loss concealment extends the last sound it had;
 * - a freeze: silence.
 * Edges next to a gap or a concealed frame get a 2.5 ms fade, so the faults are heard as faults, not clicks.
 */
import { FRAME_MS } from './constants';
import type { PlayoutKind } from './types';

export interface PlayoutSlice {
  frame: number;
  startMs: number;
  durationMs: number;
  kind: PlayoutKind;
}

export const EDGE_FADE_MS = 2.5;
/** Each further concealed frame in a row is this much quieter. */
export const CONCEALMENT_DECAY = 0.6;

export function renderPlayout(
  source: Float32Array,
  sampleRateHz: number,
  slices: readonly PlayoutSlice[],
  frameMs = FRAME_MS,
): Float32Array<ArrayBuffer> {
  if (slices.length === 0) return new Float32Array(0);
  const originMs = slices[0].startMs;
  const last = slices[slices.length - 1];
  const toSamples = (ms: number) => Math.round((ms * sampleRateHz) / 1000);
  const output = new Float32Array(toSamples(last.startMs + last.durationMs - originMs));
  const frameSamples = toSamples(frameMs);
  const fadeSamples = Math.max(1, toSamples(EDGE_FADE_MS));

  let lastGoodFrame: number | null = null;
  let concealedRun = 0;
  for (let i = 0; i < slices.length; i++) {
    const slice = slices[i];
    const concealed = slice.kind === 'concealed';
    concealedRun = concealed ? concealedRun + 1 : 0;
    const sourceFrame = concealed ? lastGoodFrame : slice.frame;
    if (!concealed) lastGoodFrame = slice.frame;
    if (sourceFrame === null) continue;

    const from = toSamples(slice.startMs - originMs);
    const to = Math.min(output.length, toSamples(slice.startMs + slice.durationMs - originMs));
    const length = to - from;
    if (length <= 0) continue;
    const gain = concealed ? CONCEALMENT_DECAY ** concealedRun : 1;
    const previous = slices[i - 1];
    const next = slices[i + 1];
    const gapBefore = !previous || previous.kind === 'concealed' || concealed || Math.abs(previous.startMs + previous.durationMs - slice.startMs) > 0.5;
    const gapAfter = !next || next.kind === 'concealed' || concealed || Math.abs(slice.startMs + slice.durationMs - next.startMs) > 0.5;
    const sourceStart = sourceFrame * frameSamples;
    for (let k = 0; k < length; k++) {
      // Resample the frame's 20 ms onto however long the slice lasts.
      const position = sourceStart + (k * frameSamples) / length;
      const index = Math.floor(position);
      const fraction = position - index;
      const a = index < source.length ? source[index] : 0;
      const b = index + 1 < source.length ? source[index + 1] : 0;
      let sample = (a + (b - a) * fraction) * gain;
      if (gapBefore && k < fadeSamples) sample *= raisedCosine(k / fadeSamples);
      if (gapAfter && length - 1 - k < fadeSamples) sample *= raisedCosine((length - 1 - k) / fadeSamples);
      output[from + k] = sample;
    }
  }
  return output;
}

function raisedCosine(x: number): number {
  return 0.5 - 0.5 * Math.cos(Math.PI * Math.min(1, Math.max(0, x)));
}

/** How many whole frames a clip of `sampleCount` samples holds. */
export function framesInClip(sampleCount: number, sampleRateHz: number, frameMs = FRAME_MS): number {
  return Math.floor((sampleCount / sampleRateHz) * 1000 / frameMs);
}
