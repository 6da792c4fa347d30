import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// `npm run test:scaffold` (scripts/test-scaffold.mjs): the scaffold served by `npm run dev` in a copy of the
// project, in real Chromium. Not part of `npm test` (minutes of compiling, docs/contributors.md); it starts its own server.
export default defineConfig({
  ...base,
  testDir: 'test/scaffold',
  workers: 1,
  timeout: 600_000,
  webServer: undefined,
  use: { ...base.use, baseURL: undefined },
});
