import { defineConfig } from '@playwright/test';

// Run through `npm run test:e2e` (scripts/e2e.mjs), which builds, picks the port and finds Chromium.
const port = Number(process.env.E2E_PORT ?? 3200);
const executablePath = process.env.CHROMIUM_PATH;

export default defineConfig({
  testDir: 'test/e2e',
  fullyParallel: false,
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
