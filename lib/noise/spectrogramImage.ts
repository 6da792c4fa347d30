/**
 * A whole clip's spectrogram as one picture, for the denoiser figure at rest: the same analysis the live
 * figure's AnalyserNodes do (Blackman window, SPECTROGRAM_FFT_SIZE-point FFT, magnitude over the FFT size, in
 * dB), averaged in power over each column's stretch of the clip, folded onto the same log-frequency rows and
 * mapped to the same 0..255 colour levels. scripts/audio/noise-suppression-spectrogram.ts runs it on the
 * committed clip, before and after RNNoise, and a unit test checks the committed picture still matches.
 */
import FFT from 'fft.js';
import { levelFromDb, logFrequencyRows, SPECTROGRAM_FFT_SIZE, type SpectrogramAxis } from './spectrogram';

export interface SpectrogramImage {
  columns: number;
  rows: number;
  /** Column-major levels, 0 (silence) to 255 (loud), lowest frequency first in each column. */
  levels: Uint8Array;
}

/** The Blackman window the Web Audio AnalyserNode applies (alpha 0.16). */
function blackman(size: number): Float32Array {
  const window = new Float32Array(size);
  for (let n = 0; n < size; n++) {
    window[n] = 0.42 - 0.5 * Math.cos((2 * Math.PI * n) / size) + 0.08 * Math.cos((4 * Math.PI * n) / size);
  }
  return window;
}

/** `columns` columns spanning all of `samples`, each the mean power of the FFT windows that start in it. */
export function spectrogramImage(samples: Float32Array, sampleRateHz: number, axis: SpectrogramAxis, columns: number): SpectrogramImage {
  const size = SPECTROGRAM_FFT_SIZE;
  const bins = size / 2;
  const fft = new FFT(size);
  const window = blackman(size);
  const input = new Float32Array(size);
  const spectrum = fft.createComplexArray() as number[];
  const power = new Float64Array(bins);
  const binsDb = new Float32Array(bins);
  const levels = new Uint8Array(columns * axis.rows);
  const hop = size / 2;
  const span = samples.length / columns;

  for (let column = 0; column < columns; column++) {
    power.fill(0);
    let windows = 0;
    for (let start = Math.floor(column * span); start < Math.floor((column + 1) * span); start += hop) {
      for (let n = 0; n < size; n++) input[n] = (samples[start + n] ?? 0) * window[n];
      fft.realTransform(spectrum, input);
      for (let k = 0; k < bins; k++) {
        const re = spectrum[2 * k] / size;
        const im = spectrum[2 * k + 1] / size;
        power[k] += re * re + im * im;
      }
      windows++;
    }
    for (let k = 0; k < bins; k++) binsDb[k] = windows > 0 ? 10 * Math.log10(power[k] / windows) : -Infinity;
    const rows = logFrequencyRows(binsDb, sampleRateHz, axis);
    for (let row = 0; row < axis.rows; row++) levels[column * axis.rows + row] = Math.round(levelFromDb(rows[row]) * 255);
  }
  return { columns, rows: axis.rows, levels };
}
