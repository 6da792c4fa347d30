#!/usr/bin/env node
// `npm run test:e2e`: builds if needed, finds Chromium (CHROMIUM_PATH, else the binary that
// @sparticuz/chromium ships) and a free port, then runs Playwright against the real server.
// Extra arguments go to `playwright test` (e.g. `npm run test:e2e -- test/e2e/site.spec.ts`).
import { spawn } from 'node:child_process';
import { buildIfNeeded, buildScript, root, whyBuild } from './build-if-needed.mjs';
import { freePort } from './ports.mjs';

/** The room origin the e2e export is built with (test/e2e/export.spec.ts checks its links against it). */
const EXPORT_ROOM_ORIGIN = 'http://room.test:3000';

// No type check inside these builds: `npm test` has just run `npm run check`, whose tsc covers every file
// the builds compile, the route types included (scripts/check.mjs runs `next typegen` first). `npm run build`
// and `npm start` still check.
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NEXT_SKIP_TYPE_CHECK: '1' };

// test/e2e/export.spec.ts serves `npm run export`'s files; build them (when stale) if that spec will run.
const specs = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const exportEnv = specs.length === 0 || specs.some((spec) => spec.includes('export')) ? { ...env, NEXT_PUBLIC_ROOM_ORIGIN: EXPORT_ROOM_ORIGIN } : null;
const exporting = exportEnv && (await import('./export.mjs'));
const siteReason = whyBuild(env.NEXT_DIST_DIR || '.next');
const exportReason = exporting ? exporting.whyExport(EXPORT_ROOM_ORIGIN) : null;

if (siteReason && exportReason && env.CONTENT_CHECKED === '1') {
  // Both builds, side by side: each keeps about one of the two cores busy (Turbopack's compile, then a single
  // worker prerendering), so together they take little longer than the longer one. The export builds in a copy
  // of the checkout, since a static export always builds in the project's .next, where the site's build goes.
  // Only when the content step has already run (`npm test`): otherwise the site's build would be rewriting the
  // generated files while they are copied.
  console.log(`Building the site (${siteReason}) and, beside it in a copy of the checkout, the static export (${exportReason}; its output follows the site's).`);
  const started = Date.now();
  const seconds = (at = Date.now()) => `${((at - started) / 1000).toFixed(1)} s`;
  let siteTook = '';
  const site = new Promise((resolve) => {
    const child = spawn('npm', ['run', buildScript(env)], { cwd: root, stdio: 'inherit', env });
    child.on('close', (code) => {
      siteTook = seconds();
      resolve(code);
    });
  });
  let exportOutput = '';
  let exportTook = '';
  const exported = exporting.exportInCopy(exportEnv, (output, endedAt) => {
    exportOutput = output;
    exportTook = seconds(endedAt);
  });
  const siteCode = await site;
  const exportOk = await exported;
  process.stdout.write(`${exportOutput}${exportOutput.endsWith('\n') ? '' : '\n'}`);
  console.log(`The site's build ${siteCode === 0 ? 'passed' : 'failed'} in ${siteTook}; the export's, beside it, ${exportOk ? 'passed' : 'failed'} in ${exportTook}.`);
  if (siteCode !== 0) process.exit(siteCode ?? 1);
  if (!exportOk) process.exit(1);
} else {
  buildIfNeeded(env);
  if (exporting && !exporting.exportIfNeeded(exportEnv)) process.exit(1);
}

if (!env.CHROMIUM_PATH) {
  const { default: chromium } = await import('@sparticuz/chromium');
  env.CHROMIUM_PATH = await chromium.executablePath();
}

env.E2E_PORT ??= String(await freePort());

const child = spawn('npx', ['playwright', 'test', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 1));
