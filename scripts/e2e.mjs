#!/usr/bin/env node
// `npm run test:e2e`: builds if needed, finds Chromium (CHROMIUM_PATH, else the binary that
// @sparticuz/chromium ships) and a free port, then runs Playwright against the real server.
// Extra arguments go to `playwright test` (e.g. `npm run test:e2e -- test/e2e/site.spec.ts`).
import { spawn } from 'node:child_process';
import { buildIfNeeded, root } from './build-if-needed.mjs';
import { freePort } from './ports.mjs';

/** The room origin the e2e export is built with (test/e2e/export.spec.ts checks its links against it). */
const EXPORT_ROOM_ORIGIN = 'http://room.test:3000';

// No type check inside these builds: `npm test` has just run `npm run check`, whose tsc covers every file
// the builds compile, the route types included (scripts/check.mjs runs `next typegen` first). `npm run build`
// and `npm start` still check.
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NEXT_SKIP_TYPE_CHECK: '1' };
buildIfNeeded(env);

// test/e2e/export.spec.ts serves `npm run export`'s files; build them (when stale) if that spec will run.
const specs = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
if (specs.length === 0 || specs.some((spec) => spec.includes('export'))) {
  const { exportIfNeeded } = await import('./export.mjs');
  if (!exportIfNeeded({ ...env, NEXT_PUBLIC_ROOM_ORIGIN: EXPORT_ROOM_ORIGIN })) process.exit(1);
}

if (!env.CHROMIUM_PATH) {
  const { default: chromium } = await import('@sparticuz/chromium');
  env.CHROMIUM_PATH = await chromium.executablePath();
}

env.E2E_PORT ??= String(await freePort());

const child = spawn('npx', ['playwright', 'test', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 1));
