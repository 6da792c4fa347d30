#!/usr/bin/env node
// `npm run test:scaffold`: new:chapter and new:figure run in a copy of this checkout, `npm run dev` serves the
// copy, and Playwright opens the new chapter, its figure, the catalog and an embed in real Chromium
// (test/scaffold/scaffold-page.spec.ts). No build of this checkout is needed. Extra arguments go to `playwright test`.
import { spawn } from 'node:child_process';
import { root } from './build-if-needed.mjs';

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
if (!env.CHROMIUM_PATH) {
  const { default: chromium } = await import('@sparticuz/chromium');
  env.CHROMIUM_PATH = await chromium.executablePath();
}
const child = spawn('npx', ['playwright', 'test', '-c', 'playwright.scaffold.config.ts', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 1));
