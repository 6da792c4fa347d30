/**
 * The denoiser figure's resting picture (media/audio/noise-suppression/spectrogram.json) is the committed
 * clip's spectrogram before and after RNNoise: regenerated here from the WAV with the same code and compared,
 * and checked for what it is meant to show: outside the speech RNNoise leaves the picture much darker.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseWav } from '@/lib/audio/wav';
import { nonSpeechSpans, type SpanS } from '@/lib/noise/energy';
import { RESTING_SPECTROGRAM_COLUMNS, restingSpectrograms, type RestingSpectrograms } from '@/lib/noise/restingSpectrogram';
import { SPECTROGRAM_AXIS } from '@/lib/noise/spectrogram';

const root = join(__dirname, '..', '..');
const dir = join(root, 'media/audio/noise-suppression');
const committed = JSON.parse(readFileSync(join(dir, 'spectrogram.json'), 'utf8')) as RestingSpectrograms;
const manifest = JSON.parse(readFileSync(join(dir, 'clip.json'), 'utf8')) as { durationS: number; speechS: SpanS[] };
const bytes = (base64: string) => new Uint8Array(Buffer.from(base64, 'base64'));

let fresh: RestingSpectrograms;
beforeAll(async () => {
  const wasm = new WebAssembly.Module(readFileSync(join(root, 'node_modules/@jitsi/rnnoise-wasm/dist/rnnoise.wasm')));
  fresh = await restingSpectrograms(parseWav(readFileSync(join(dir, 'noisy-speech.wav'))), wasm);
});

/** Mean level of the columns whose middle falls inside `spans`. */
function meanLevel(levels: Uint8Array, spans: readonly SpanS[]): number {
  let sum = 0;
  let count = 0;
  for (let column = 0; column < committed.columns; column++) {
    const t = ((column + 0.5) / committed.columns) * committed.durationS;
    if (!spans.some(([from, to]) => t >= from && t < to)) continue;
    for (let row = 0; row < committed.rows; row++) sum += levels[column * committed.rows + row];
    count += committed.rows;
  }
  return sum / count;
}

describe('the resting spectrogram of the noisy clip', () => {
  it('has one level per column and row of the figure’s axis', () => {
    expect(committed.columns).toBe(RESTING_SPECTROGRAM_COLUMNS);
    expect(committed.rows).toBe(SPECTROGRAM_AXIS.rows);
    expect(bytes(committed.before)).toHaveLength(committed.columns * committed.rows);
    expect(bytes(committed.after)).toHaveLength(committed.columns * committed.rows);
  });

  it('matches the clip it was made from (rerun scripts/audio/noise-suppression-spectrogram.ts if not)', () => {
    expect(fresh.durationS).toBe(committed.durationS);
    for (const side of ['before', 'after'] as const) {
      const a = bytes(committed[side]);
      const b = bytes(fresh[side]);
      // Levels are rounded floats: a different Node may move one across a rounding edge, never further.
      const differing = a.filter((level, i) => Math.abs(level - b[i]) > 1).length;
      expect(differing, side).toBe(0);
    }
  });

  it('shows RNNoise darkening the noise between the sentences far more than the sentences', () => {
    const before = bytes(committed.before);
    const after = bytes(committed.after);
    const noise = nonSpeechSpans(manifest.speechS, manifest.durationS, 0.15);
    const noiseDrop = meanLevel(before, noise) - meanLevel(after, noise);
    const speechDrop = meanLevel(before, manifest.speechS) - meanLevel(after, manifest.speechS);
    expect(noiseDrop).toBeGreaterThan(2 * speechDrop);
    expect(noiseDrop).toBeGreaterThan(20);
  });
});
