import { defineConfig } from 'vitest/config';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  resolve: {
    alias: { '@': fileURLToPath(new URL('./', import.meta.url)) },
  },
  test: {
    include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // vitest's default is one worker fewer than the cores: on the 2 cores `npm test` is budgeted for, that is
    // one worker and an idle core, the files one after another (68 s on a quiet machine). The main process
    // needs little once the files are transformed, so use every core, and at least two.
    maxWorkers: Math.max(2, availableParallelism()),
  },
});
