#!/usr/bin/env node
// `npm run test:e2e`: builds if needed, finds Chromium (CHROMIUM_PATH, else the binary that
// @sparticuz/chromium ships) and a free port, then runs Playwright against the real server.
// Extra arguments go to `playwright test` (e.g. `npm run test:e2e -- test/e2e/site.spec.ts`).
import { spawn } from 'node:child_process';
import { buildIfNeeded, root } from './build-if-needed.mjs';
import { freePort } from './ports.mjs';

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
buildIfNeeded(env);

if (!env.CHROMIUM_PATH) {
  const { default: chromium } = await import('@sparticuz/chromium');
  env.CHROMIUM_PATH = await chromium.executablePath();
}

env.E2E_PORT ??= String(await freePort());

const child = spawn('npx', ['playwright', 'test', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 1));
