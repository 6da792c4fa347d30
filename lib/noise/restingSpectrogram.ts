/**
 * The picture the denoiser figure shows before anything plays: the whole noisy clip's spectrogram, as the
 * microphone gives it and as RNNoise lets it through. Computed offline from the committed clip by
 * scripts/audio/noise-suppression-spectrogram.ts (and checked by a unit test); the figure only decodes it.
 */
import type { PcmAudio } from '@/lib/audio/wav';
import { createRnnoiseDenoiser, RNNOISE_FRAME_SAMPLES, RNNOISE_SAMPLE_RATE_HZ } from './rnnoise';
import { SPECTROGRAM_AXIS } from './spectrogram';
import { spectrogramImage } from './spectrogramImage';

/** 160 columns over the 13 s clip: about 83 ms each, 3 px each on the figure's 480 px canvas. */
export const RESTING_SPECTROGRAM_COLUMNS = 160;

/** What spectrogram.json holds. Levels are base64 bytes, column by column, lowest row first. */
export interface RestingSpectrograms {
  madeBy: string;
  durationS: number;
  columns: number;
  rows: number;
  before: string;
  after: string;
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

/** Runs the clip through RNNoise frame by frame and pictures both. Node only (Buffer, the wasm module). */
export async function restingSpectrograms(clip: PcmAudio, wasm: WebAssembly.Module): Promise<RestingSpectrograms> {
  if (clip.sampleRateHz !== RNNOISE_SAMPLE_RATE_HZ) throw new Error(`The clip must be ${RNNOISE_SAMPLE_RATE_HZ} Hz`);
  const denoiser = await createRnnoiseDenoiser(wasm);
  const denoised = new Float32Array(clip.samples.length);
  const frame = new Float32Array(RNNOISE_FRAME_SAMPLES);
  const out = new Float32Array(RNNOISE_FRAME_SAMPLES);
  for (let start = 0; start < clip.samples.length; start += RNNOISE_FRAME_SAMPLES) {
    frame.fill(0);
    frame.set(clip.samples.subarray(start, start + RNNOISE_FRAME_SAMPLES));
    denoiser.processFrame(frame, out);
    denoised.set(out.subarray(0, Math.min(RNNOISE_FRAME_SAMPLES, clip.samples.length - start)), start);
  }
  denoiser.destroy();
  const picture = (samples: Float32Array) => spectrogramImage(samples, clip.sampleRateHz, SPECTROGRAM_AXIS, RESTING_SPECTROGRAM_COLUMNS);
  const before = picture(clip.samples);
  const after = picture(denoised);
  return {
    madeBy: 'scripts/audio/noise-suppression-spectrogram.ts',
    durationS: Math.round((clip.samples.length / clip.sampleRateHz) * 1000) / 1000,
    columns: before.columns,
    rows: before.rows,
    before: base64(before.levels),
    after: base64(after.levels),
  };
}
