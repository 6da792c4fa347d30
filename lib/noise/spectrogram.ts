/**
 * Turns an analyser's FFT (one dB value per linear-frequency bin) into the rows of a spectrogram
 * column on a logarithmic frequency axis, the way hearing spaces pitch: an octave gets the same
 * height at 200 Hz as at 8 kHz, so speech harmonics and a fan's rumble are both visible.
 */

export interface SpectrogramAxis {
  rows: number;
  minHz: number;
  maxHz: number;
}

/**
 * The analysers' FFT: 1,024 points at 48 kHz, 23.4 Hz per bin. Shared by the live figure's AnalyserNodes and
 * the resting picture computed from the clip (lib/noise/spectrogramImage.ts), so both draw the same thing.
 */
export const SPECTROGRAM_FFT_SIZE = 1024;

/** The default axis: 20 Hz is below speech; RNNoise's bands stop at 20 kHz, little speech energy lies above 12 kHz. */
export const SPECTROGRAM_AXIS: SpectrogramAxis = { rows: 96, minHz: 60, maxHz: 12_000 };

/** Frequency at the lower edge of `row` (row 0 is the lowest). */
export function rowLowHz(row: number, axis: SpectrogramAxis): number {
  return axis.minHz * (axis.maxHz / axis.minHz) ** (row / axis.rows);
}

/**
 * For each row, the loudest bin that falls in it (or, for rows narrower than a bin at low
 * frequencies, the bin under the row's centre). `binsDb[k]` covers k * sampleRate / (2 * bins) Hz.
 */
export function logFrequencyRows(binsDb: ArrayLike<number>, sampleRateHz: number, axis: SpectrogramAxis): Float32Array {
  const rows = new Float32Array(axis.rows);
  const hzPerBin = sampleRateHz / 2 / binsDb.length;
  for (let row = 0; row < axis.rows; row++) {
    const lowBin = Math.floor(rowLowHz(row, axis) / hzPerBin);
    const highBin = Math.max(lowBin, Math.ceil(rowLowHz(row + 1, axis) / hzPerBin) - 1);
    let loudest = -Infinity;
    for (let bin = lowBin; bin <= Math.min(highBin, binsDb.length - 1); bin++) loudest = Math.max(loudest, binsDb[bin]);
    rows[row] = loudest;
  }
  return rows;
}

/**
 * The analyser's dB range mapped onto the colour scale. Chosen by looking at the clip: the fan sits
 * near -60 dB per bin and speech harmonics near -30, so the noise reads as a dim haze, not a glare.
 */
export const SPECTROGRAM_FLOOR_DB = -90;
export const SPECTROGRAM_CEILING_DB = -25;

/** dB to 0..1 between `floorDb` (and below) and `ceilingDb` (and above), for a colour scale. */
export function levelFromDb(db: number, floorDb = SPECTROGRAM_FLOOR_DB, ceilingDb = SPECTROGRAM_CEILING_DB): number {
  if (!Number.isFinite(db) || db <= floorDb) return 0;
  if (db >= ceilingDb) return 1;
  return (db - floorDb) / (ceilingDb - floorDb);
}
