import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '@/tooling/content-check/check';

/** The contributor's guides name commands and files; a rename elsewhere must not leave them pointing at nothing. */
const guides = ['CONTRIBUTING.md', 'docs/style.md', 'README.md', 'components/README.md'];
const read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');
const scripts = Object.keys((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts);

/** The example chapter and figure the walk-through creates; they do not exist until a contributor runs it. */
const EXAMPLE = /NN-slug|turn-servers|relay-cost|RelayCost|relayCost|<|…|\*/;

describe('the contributor guides', () => {
  for (const guide of guides) {
    it(`${guide} names only npm scripts that exist`, () => {
      const named = [...read(guide).matchAll(/npm run ([a-z0-9:-]+)/g)].map((match) => match[1]);
      expect(named.filter((name) => !scripts.includes(name))).toEqual([]);
    });

    it(`${guide} names only files and folders that exist`, () => {
      const paths = [...read(guide).matchAll(/`((?:lib|components|content|app|server|tooling|test|scripts|docs)\/[^`\s]*)`/g)]
        .map((match) => match[1])
        .filter((file) => !EXAMPLE.test(file));
      expect(paths.length).toBeGreaterThan(0);
      expect(paths.filter((file) => !existsSync(path.join(repoRoot, file.replace(/[:#].*$/, ''))))).toEqual([]);
    });
  }

  it('the scaffold points at sections of CONTRIBUTING.md that exist', () => {
    const headings = [...read('CONTRIBUTING.md').matchAll(/^#+ (.+)$/gm)].map((match) => match[1]);
    const named = [...read('tooling/scaffold/plan.ts').matchAll(/CONTRIBUTING\.md \("([^"]+)"\)/g)].map((match) => match[1]);
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((heading) => !headings.includes(heading))).toEqual([]);
  });

  it('CONTRIBUTING.md shows the content check’s real output format', () => {
    expect(read('CONTRIBUTING.md')).toMatch(/content\/\d\d-[a-z-]+\/index\.mdx:\d+:\d+: <Line who="teacher">: who is "learner" or "guide"\n {4}fix: /);
  });
});
