// Puts the browser-side files of the noise-suppression chapter into public/, where the page loads
// them from our own origin (no CDN at run time):
//   public/worklets/rnnoise.wasm          copied from @jitsi/rnnoise-wasm (the version package.json pins)
//   public/worklets/rnnoise-processor.js  the AudioWorklet processor, bundled from TypeScript with esbuild
// Both are build outputs (gitignored); `npm run content` runs this before dev, build and test.
// A file is rewritten only when its bytes change, so an unchanged run does not make public/ look newer
// than the last build (scripts/build-if-needed.mjs compares modification times).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const outDir = `${root}public/worklets`;

async function writeIfChanged(path, bytes) {
  const existing = await readFile(path).catch(() => null);
  if (existing && Buffer.compare(existing, Buffer.from(bytes)) === 0) return;
  await writeFile(path, bytes);
}

await mkdir(outDir, { recursive: true });
await writeIfChanged(`${outDir}/rnnoise.wasm`, await readFile(require.resolve('@jitsi/rnnoise-wasm/dist/rnnoise.wasm')));

// An AudioWorklet module cannot import from node_modules or use Next's bundles, so the processor and
// the lib/noise code it shares with the unit tests go into one self-contained file.
const result = await build({
  entryPoints: [`${root}components/figures/noise-suppression/worklet/rnnoise-processor.ts`],
  bundle: true,
  write: false,
  format: 'esm',
  target: 'es2020',
  platform: 'browser',
  legalComments: 'none',
  tsconfig: `${root}tsconfig.json`,
  logLevel: 'warning',
});
await writeIfChanged(`${outDir}/rnnoise-processor.js`, result.outputFiles[0].contents);
