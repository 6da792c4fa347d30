// Puts the browser-side files of the noise-suppression chapter into public/, where the page loads
// them from our own origin (no CDN at run time):
//   public/worklets/rnnoise.wasm          copied from @jitsi/rnnoise-wasm (the version package.json pins)
//   public/worklets/rnnoise-processor.js  the AudioWorklet processor, bundled from TypeScript with esbuild
// Both are build outputs (gitignored); `npm run content` runs this before dev, build and test.
import { copyFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const outDir = `${root}public/worklets`;

await mkdir(outDir, { recursive: true });
await copyFile(require.resolve('@jitsi/rnnoise-wasm/dist/rnnoise.wasm'), `${outDir}/rnnoise.wasm`);

// An AudioWorklet module cannot import from node_modules or use Next's bundles, so the processor and
// the lib/noise code it shares with the unit tests go into one self-contained file.
await build({
  entryPoints: [`${root}components/figures/noise-suppression/worklet/rnnoise-processor.ts`],
  outfile: `${outDir}/rnnoise-processor.js`,
  bundle: true,
  format: 'esm',
  target: 'es2020',
  platform: 'browser',
  minify: false,
  legalComments: 'none',
  tsconfig: `${root}tsconfig.json`,
  logLevel: 'warning',
});
