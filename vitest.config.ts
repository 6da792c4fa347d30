import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

/**
 * Files that take far longer than the rest (docs/testing.md): started first, so the other worker runs the
 * short files beside them instead of one long file running alone at the end. vitest orders files by their
 * last durations once it has run them here, but a clean clone (CI) has none and it falls back to file size,
 * which put scaffold-commands (35 s on a quiet machine, a few kB) last.
 */
const SLOW_FIRST = ['test/unit/scaffold-commands.test.ts', 'test/unit/sfu-sessions.test.ts'];

class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const index = SLOW_FIRST.findIndex((slow) => file.moduleId.endsWith(slow));
      return index === -1 ? SLOW_FIRST.length : index;
    };
    // A stable sort: the others keep vitest's order.
    return sorted.map((file, i) => ({ file, i })).sort((a, b) => rank(a.file) - rank(b.file) || a.i - b.i).map(({ file }) => file);
  }
}

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
    sequence: { sequencer: SlowFirstSequencer },
  },
});
