/**
 * Energy measurements on sample arrays, used to check by measurement what a suppressor did:
 * how much quieter the stretches of noise alone became and how much of the speech survived.
 */

/** A stretch of a clip, in seconds from its start. */
export type SpanS = readonly [startS: number, endS: number];

/** Mean power of `samples[startIndex, endIndex)` in dB relative to full scale (a full-scale square wave is 0 dB). */
export function meanPowerDb(samples: Float32Array, startIndex: number, endIndex: number): number {
  const start = Math.max(0, startIndex);
  const end = Math.min(samples.length, endIndex);
  if (end <= start) throw new RangeError('empty span');
  let sum = 0;
  for (let i = start; i < end; i++) sum += samples[i] * samples[i];
  return 10 * Math.log10(sum / (end - start) + 1e-20);
}

/**
 * The stretches of a clip that are not speech, each shrunk by `marginS` at both ends so that the
 * edges of words (and a suppressor's release) do not count as noise. Spans shorter than that are dropped.
 */
export function nonSpeechSpans(speech: readonly SpanS[], durationS: number, marginS: number): SpanS[] {
  const sorted = [...speech].sort((a, b) => a[0] - b[0]);
  const gaps: SpanS[] = [];
  let cursor = 0;
  for (const [start, end] of sorted) {
    gaps.push([cursor, start]);
    cursor = Math.max(cursor, end);
  }
  gaps.push([cursor, durationS]);
  return gaps
    .map(([start, end]): SpanS => [start === 0 ? 0 : start + marginS, end === durationS ? end : end - marginS])
    .filter(([start, end]) => end - start > 0.05);
}

/** Sample index of a time, rounded to the nearest sample. */
export function sampleIndex(timeS: number, sampleRateHz: number): number {
  return Math.round(timeS * sampleRateHz);
}

/**
 * The lag, in samples from 0 to `maxLag`, at which `delayed` best matches `reference` (largest
 * cross-correlation over the first `windowSamples`). Used to measure a processor's delay.
 */
export function bestLagSamples(reference: Float32Array, delayed: Float32Array, maxLag: number, windowSamples: number): number {
  let bestLag = 0;
  let bestScore = -Infinity;
  for (let lag = 0; lag <= maxLag; lag++) {
    let score = 0;
    const end = Math.min(windowSamples, reference.length, delayed.length - lag);
    for (let i = 0; i < end; i++) score += reference[i] * delayed[i + lag];
    if (score > bestScore) {
      bestScore = score;
      bestLag = lag;
    }
  }
  return bestLag;
}
