/**
 * Runs the same rnnoise.wasm the page loads on the committed clip, through the same framer the
 * AudioWorklet uses, and checks by measurement what the chapter claims: the noise between the
 * sentences gets much quieter, and the sentences keep most of their energy.
 *
 * Measured on the committed clip (Node 20, x86): noise-only stretches drop by 21.9, 25.2 and 25.2 dB;
 * speech stretches lose 0.3 dB. The thresholds leave room for a rebuilt clip but fail if the
 * suppressor is bypassed or mis-scaled: noise must drop by at least 15 dB in every stretch, speech
 * must lose less than 2 dB (keep more than 63 % of its energy).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createRnnoiseDenoiser,
  RNNOISE_DELAY_SAMPLES,
  RNNOISE_FRAME_SAMPLES,
  RNNOISE_SAMPLE_RATE_HZ,
  type RnnoiseDenoiser,
} from '../../lib/noise/rnnoise';
import { createDenoiseFramer, type DenoisePath } from '../../lib/noise/framer';
import { parseWav, type PcmAudio } from '@/lib/audio/wav';
import { bestLagSamples, meanPowerDb, nonSpeechSpans, sampleIndex, type SpanS } from '../../lib/noise/energy';

const root = join(__dirname, '..', '..');
const wasmBytes = readFileSync(join(root, 'node_modules/@jitsi/rnnoise-wasm/dist/rnnoise.wasm'));
const clipDir = join(root, 'media/audio/noise-suppression');
const manifest = JSON.parse(readFileSync(join(clipDir, 'clip.json'), 'utf8')) as {
  file: string;
  sampleRateHz: number;
  durationS: number;
  speechS: SpanS[];
};

const RENDER_QUANTUM_SAMPLES = 128;
const NOISE_DROP_AT_LEAST_DB = 15;
const SPEECH_LOSS_AT_MOST_DB = 2;
/** Word edges and RNNoise's release are left out of the noise-only stretches. */
const NOISE_SPAN_MARGIN_S = 0.15;

let clip: PcmAudio;
let denoiser: RnnoiseDenoiser;

/** Runs the clip through the worklet's framer in 128-sample quanta, as the browser does. */
function runLikeTheWorklet(samples: Float32Array, path: DenoisePath) {
  const framer = createDenoiseFramer({
    frameSamples: RNNOISE_FRAME_SAMPLES,
    processorDelaySamples: RNNOISE_DELAY_SAMPLES,
    processFrame: (input, output) => denoiser.processFrame(input, output),
  });
  const quanta = Math.ceil((samples.length + framer.latencySamples) / RENDER_QUANTUM_SAMPLES);
  const padded = new Float32Array(quanta * RENDER_QUANTUM_SAMPLES);
  padded.set(samples);
  const heard = new Float32Array(padded.length);
  const original = new Float32Array(padded.length);
  const voiceProbabilities: number[] = [];
  for (let q = 0; q < quanta; q++) {
    const range = [q * RENDER_QUANTUM_SAMPLES, (q + 1) * RENDER_QUANTUM_SAMPLES] as const;
    voiceProbabilities.push(
      ...framer.process(
        padded.subarray(...range),
        {
          heard: heard.subarray(...range),
          denoised: new Float32Array(RENDER_QUANTUM_SAMPLES),
          original: original.subarray(...range),
        },
        path,
      ),
    );
  }
  // Undo the pipeline's latency so output sample i lines up with clip sample i.
  const latency = framer.latencySamples;
  return {
    heard: heard.subarray(latency, latency + samples.length),
    original: original.subarray(latency, latency + samples.length),
    voiceProbabilities,
  };
}

beforeAll(async () => {
  clip = parseWav(readFileSync(join(clipDir, manifest.file)));
  denoiser = await createRnnoiseDenoiser(new WebAssembly.Module(wasmBytes));
});

describe('RNNoise (rnnoise.wasm from @jitsi/rnnoise-wasm) on the committed clip', () => {
  it('is a 48 kHz clip as long as its manifest says, so RNNoise needs no resampling', () => {
    expect(clip.sampleRateHz).toBe(RNNOISE_SAMPLE_RATE_HZ);
    expect(manifest.sampleRateHz).toBe(RNNOISE_SAMPLE_RATE_HZ);
    expect(clip.samples.length / clip.sampleRateHz).toBeCloseTo(manifest.durationS, 2);
  });

  it('delays its output by exactly one 480-sample frame', async () => {
    const fresh = await createRnnoiseDenoiser(new WebAssembly.Module(wasmBytes));
    const frames = Math.floor(clip.samples.length / RNNOISE_FRAME_SAMPLES);
    const raw = new Float32Array(frames * RNNOISE_FRAME_SAMPLES);
    for (let f = 0; f < frames; f++) {
      const span = [f * RNNOISE_FRAME_SAMPLES, (f + 1) * RNNOISE_FRAME_SAMPLES] as const;
      fresh.processFrame(clip.samples.subarray(...span), raw.subarray(...span));
    }
    fresh.destroy();
    const [speechStartS] = manifest.speechS[0];
    const from = sampleIndex(speechStartS, clip.sampleRateHz);
    const lag = bestLagSamples(clip.samples.subarray(from), raw.subarray(from), 1000, clip.sampleRateHz);
    expect(lag).toBe(RNNOISE_DELAY_SAMPLES);
  });

  describe('through the worklet framer, denoised path', () => {
    let heard: Float32Array;
    let voiceProbabilities: number[];
    beforeAll(() => {
      ({ heard, voiceProbabilities } = runLikeTheWorklet(clip.samples, 'denoised'));
    });

    it(`makes every stretch of noise alone at least ${NOISE_DROP_AT_LEAST_DB} dB quieter`, () => {
      const spans = nonSpeechSpans(manifest.speechS, manifest.durationS, NOISE_SPAN_MARGIN_S);
      expect(spans.length).toBe(3);
      for (const [startS, endS] of spans) {
        const [from, to] = [sampleIndex(startS, clip.sampleRateHz), sampleIndex(endS, clip.sampleRateHz)];
        const dropDb = meanPowerDb(clip.samples, from, to) - meanPowerDb(heard, from, to);
        expect(dropDb, `noise from ${startS} s to ${endS} s`).toBeGreaterThan(NOISE_DROP_AT_LEAST_DB);
      }
    });

    it(`keeps the speech within ${SPEECH_LOSS_AT_MOST_DB} dB of its energy`, () => {
      for (const [startS, endS] of manifest.speechS) {
        const [from, to] = [sampleIndex(startS, clip.sampleRateHz), sampleIndex(endS, clip.sampleRateHz)];
        const lossDb = meanPowerDb(clip.samples, from, to) - meanPowerDb(heard, from, to);
        expect(lossDb, `speech from ${startS} s to ${endS} s`).toBeLessThan(SPEECH_LOSS_AT_MOST_DB);
      }
    });

    it('reports one voice probability per 10 ms frame, high in speech and low in the noise', () => {
      expect(voiceProbabilities.length).toBe(Math.floor((clip.samples.length + 2 * RNNOISE_FRAME_SAMPLES) / RNNOISE_FRAME_SAMPLES));
      expect(Math.min(...voiceProbabilities)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...voiceProbabilities)).toBeLessThanOrEqual(1);
      const frameOf = (timeS: number) => Math.floor((timeS * RNNOISE_SAMPLE_RATE_HZ) / RNNOISE_FRAME_SAMPLES);
      const mean = (spans: readonly SpanS[]) => {
        const values = spans.flatMap(([a, b]) => voiceProbabilities.slice(frameOf(a), frameOf(b)));
        return values.reduce((sum, v) => sum + v, 0) / values.length;
      };
      const speechMean = mean(manifest.speechS);
      const noiseMean = mean(nonSpeechSpans(manifest.speechS, manifest.durationS, NOISE_SPAN_MARGIN_S));
      // Measured: a mean of 0.71 in the sentences, 0.15 in the noise between them.
      expect(speechMean).toBeGreaterThan(0.5);
      expect(noiseMean).toBeLessThan(0.25);
    });
  });

  it('on the original path, gives back the clip unchanged, only delayed', () => {
    const { heard } = runLikeTheWorklet(clip.samples, 'original');
    // The framer starts on the denoised path and fades to the original over the first 128 samples.
    for (let i = 128; i < clip.samples.length; i += 997) expect(heard[i]).toBe(clip.samples[i]);
  });
});
