import { defineConfig } from '@playwright/test';

// Run through `npm run test:e2e` (scripts/e2e.mjs), which builds, picks the port and finds Chromium.
const port = Number(process.env.E2E_PORT ?? 3200);
const executablePath = process.env.CHROMIUM_PATH;

/*
 * The order the workers take the tests in (docs/testing.md, "Scheduling"). fullyParallel is off, so a worker
 * takes a whole file at a time, in the order of the projects below and, inside one, of the file names.
 * - mesh.spec runs its media tests one after another (about 150 s) on a worker of its own, since its camera is
 *   a launch option; Playwright queues such a file after every other one, so it used to start last and run
 *   alone for its whole length. Here it starts first, beside the rest.
 * - site.spec's 37 tests are independent page checks (about 120 s in all): they come last, each on whichever
 *   worker is free, so the workers finish together instead of one waiting for another's last file.
 */
const FIRST = ['mesh.spec.ts'];
const LAST = ['site.spec.ts'];

export default defineConfig({
  testDir: 'test/e2e',
  fullyParallel: false,
  // Two workers on the 2 cores `npm test` is budgeted for. A third should be faster on a quiet machine (docs/testing.md,
  // wave 8: one 1-worker run measured 641 s of CPU in 697 s of tests, mesh.spec's 106 s at 0.46 of a core; replayed
  // with each test's CPU and length, 2 workers take 353-378 s, 3 take 252-328 s), but of 5 full runs with 3 on the
  // shared machine 3 lost a test each (a classroom race, fixed; a reset keep-alive connection; a figure that did not hold
  // still for 60 s): compare E2E_WORKERS=3 on a quiet machine before making it the default.
  workers: Number(process.env.E2E_WORKERS ?? 2),
  // No retries, in CI or not: a flaky test must show as one.
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://localhost:${port}`,
    trace: 'off',
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
        '--allow-loopback-in-peer-connection',
        '--autoplay-policy=no-user-gesture-required',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    { name: 'first', testMatch: FIRST },
    { name: 'e2e', testIgnore: [...FIRST, ...LAST] },
    { name: 'last', testMatch: LAST, fullyParallel: true },
  ],
  webServer: {
    command: 'node --import tsx server/index.ts',
    url: `http://localhost:${port}/`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      NODE_ENV: 'production',
      LOG_LEVEL: 'error',
      NEXT_TELEMETRY_DISABLED: '1',
      // Every page and bot of the suite comes from 127.0.0.1, one address: lift the per-address limits
      // (server/limits.ts) for this server. test/e2e/server.spec.ts checks the defaults on a server of its own.
      LIMIT_CONNECTIONS_PER_ADDRESS: '1000',
      LIMIT_ROOMS_PER_ADDRESS: '20',
      LIMIT_BOTS_PER_ADDRESS: '400',
    },
  },
});
