/**
 * Writes media/audio/noise-suppression/spectrogram.json: the noisy clip's whole spectrogram before and after
 * RNNoise (the same rnnoise.wasm the page runs), which the denoiser figure shows at rest instead of two black
 * boxes. Levels are bytes (0..255, the figure's colour scale), base64-encoded, column by column. A unit test
 * (test/unit/noise-spectrogram-image.test.ts) checks the file still matches the clip. Run by
 * scripts/audio/noise-suppression.sh, or alone: npx tsx scripts/audio/noise-suppression-spectrogram.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { RESTING_SPECTROGRAM_COLUMNS, restingSpectrograms } from '../../lib/noise/restingSpectrogram';
import { parseWav } from '@/lib/audio/wav';

const [wavPath = 'media/audio/noise-suppression/noisy-speech.wav', outPath = 'media/audio/noise-suppression/spectrogram.json'] =
  process.argv.slice(2);
const wasm = new WebAssembly.Module(readFileSync('node_modules/@jitsi/rnnoise-wasm/dist/rnnoise.wasm'));
const clip = parseWav(readFileSync(wavPath));
const resting = await restingSpectrograms(clip, wasm);
writeFileSync(outPath, `${JSON.stringify(resting, null, 1)}\n`);
console.log(`${outPath}: ${RESTING_SPECTROGRAM_COLUMNS} columns before and after RNNoise, from ${wavPath}`);
