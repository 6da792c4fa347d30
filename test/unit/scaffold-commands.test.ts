import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '@/tooling/content-check/check';
import { copyProject } from '../support/projectCopy';

/**
 * The scaffold end to end, as a contributor runs it: in a copy of this checkout (its tracked and unignored
 * files, node_modules linked), `npm run new:chapter` and `npm run new:figure` run as commands; the chapter
 * and the figure must pass the content check, type-check, lint, pass their own unit test, and render
 * (the chapter's MDX compiled with the build's remark plugins and the site's component map, the figure's
 * client component), all inside the copy, whose `@/` is its own root.
 */

let copy: string;
/** Each step runs real commands (tsx, tsc, eslint, vitest) on a machine that may be shared: minutes, not seconds. */
const STEP = 600_000;

function run(command: string, args: string[], timeout = STEP - 60_000) {
  const result = spawnSync(path.join(copy, 'node_modules/.bin', command), args, { cwd: copy, encoding: 'utf8', timeout, env: { ...process.env, NODE_ENV: 'test', NO_COLOR: '1' } });
  return { status: result.status, out: `${result.stdout}${result.stderr}`.replace(/\x1b\[[0-9;]*m/g, '') };
}

/** The render test the copy runs: written into it, since its imports exist only after the scaffold. */
const RENDER_TEST = `import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createElement } from 'react';
import * as runtime from 'react/jsx-runtime';
import { renderToString } from 'react-dom/server';
import { evaluate } from '@mdx-js/mdx';
import { describe, expect, it } from 'vitest';
import { remarkPlugins } from '@/tooling/mdx-plugins.mjs';
import { useMDXComponents } from '@/mdx-components';
import PacketRaceFigure from '@/components/figures/turn-servers/PacketRaceFigure';

describe('the scaffolded chapter and figure', () => {
  it('render the figure: four bars at the defaults, its slider and its data table', () => {
    const html = renderToString(createElement(PacketRaceFigure));
    expect(html.match(/<rect /g)).toHaveLength(4);
    expect(html).toContain('aria-label="4 bars, 30 in all"');
    expect(html).toMatch(/<input[^>]*type="range"[^>]*min="1"[^>]*max="12"/);
    expect(html).toContain('PacketRace: 4 bars, 30 in all');
  });

  it('render the chapter: its dialogue, its citation and the figure with its still', async () => {
    const file = path.resolve('content/09-turn-servers/index.mdx');
    const plugins = await Promise.all(remarkPlugins.map(async (specifier) => (await import(specifier)).default));
    const { default: Chapter } = await evaluate({ value: readFileSync(file, 'utf8'), path: file }, { ...runtime, remarkPlugins: plugins, useMDXComponents });
    const html = renderToString(createElement(Chapter));
    expect(html).toContain('Milo');
    expect(html).toContain('Ada');
    expect(html).toContain('id="figure-turn-servers-packet-race"');
    expect(html).toContain('Drag the slider: each bar is its number squared.');
    expect(html).toContain('PacketRace: 4 bars, 30 in all');
    expect(html).toContain('id="cite-discord-voice-2018"');
  });
});
`;

beforeAll(() => {
  copy = copyProject(repoRoot);
}, STEP);

afterAll(() => {
  if (copy) rmSync(copy, { recursive: true, force: true });
});

describe('npm run new:chapter and npm run new:figure, run in a copy of the project', () => {
  it('new:chapter writes chapter 9 with valid frontmatter and a starter beat that pass the content check', () => {
    const { status, out } = run('tsx', ['scripts/new-chapter.ts', 'turn-servers', 'When a call needs a relay']);
    expect(out).toContain('Created content/09-turn-servers/index.mdx (chapter 9).');
    expect(out).toContain('Content OK: 9 chapters');
    expect(status).toBe(0);
    expect(readFileSync(path.join(copy, 'content/chapters.generated.ts'), 'utf8')).toContain('"slug": "turn-servers"');
  }, STEP);

  it('refuses the same slug again and changes nothing', () => {
    const before = readFileSync(path.join(copy, 'content/09-turn-servers/index.mdx'), 'utf8');
    const { status, out } = run('tsx', ['scripts/new-chapter.ts', 'turn-servers', 'Again']);
    expect(status).toBe(1);
    expect(out).toContain('npm run new:chapter -- <slug> "<title>": chapter "turn-servers" exists already (content/09-turn-servers/); pick another slug');
    expect(existsSync(path.join(copy, 'content/10-turn-servers'))).toBe(false);
    expect(readFileSync(path.join(copy, 'content/09-turn-servers/index.mdx'), 'utf8')).toBe(before);
  }, STEP);

  it('new:figure registers a figure the site gathers from the folder, and the chapter that shows it passes the check', () => {
    const { status, out } = run('tsx', ['scripts/new-figure.ts', 'turn-servers', 'PacketRace']);
    expect(status).toBe(0);
    expect(out).toContain('<Figure name="turn-servers/packet-race"');
    expect(readFileSync(path.join(copy, 'components/figures/chapters.generated.ts'), 'utf8')).toContain('./turn-servers/registry');
    expect(readFileSync(path.join(copy, 'components/figures/loaders.generated.ts'), 'utf8')).toContain('./turn-servers/loaders');
    appendFileSync(
      path.join(copy, 'content/09-turn-servers/index.mdx'),
      '\n<Figure name="turn-servers/packet-race" caption="Drag the slider: each bar is its number squared." alt="Four bars of 1, 4, 9 and 16." />\n',
    );
    const check = run('tsx', ['scripts/content.ts']);
    expect(check.out).toContain('Content OK: 9 chapters');
    expect(check.status).toBe(0);
  }, STEP);

  it('what it wrote type-checks and lints as the rest of the project', () => {
    const written = [
      'lib/turn-servers/packetRace.ts',
      'test/unit/turn-servers-packet-race.test.ts',
      'components/figures/turn-servers/PacketRaceFigure.tsx',
      'components/figures/turn-servers/registry.ts',
      'components/figures/turn-servers/loaders.ts',
      'components/figures/chapters.generated.ts',
      'components/figures/loaders.generated.ts',
    ];
    // Only the new files and what they import: the whole project's check is npm run check's job.
    writeFileSync(path.join(copy, 'scaffold-types.d.ts'), '/// <reference types="next" />\n');
    writeFileSync(path.join(copy, 'tsconfig.scaffold.json'), JSON.stringify({ extends: './tsconfig.json', compilerOptions: { incremental: false }, include: ['scaffold-types.d.ts', ...written] }));
    const tsc = run('tsc', ['--noEmit', '-p', 'tsconfig.scaffold.json']);
    expect(tsc.out).toBe('');
    expect(tsc.status).toBe(0);
    const eslint = run('eslint', written.slice(0, 5));
    expect(eslint.out).toBe('');
    expect(eslint.status).toBe(0);
  }, STEP);

  it('its unit test passes, and the chapter and the figure render', () => {
    writeFileSync(path.join(copy, 'test/unit/scaffold-render.test.ts'), RENDER_TEST);
    const { status, out } = run('vitest', ['run', 'test/unit/turn-servers-packet-race.test.ts', 'test/unit/scaffold-render.test.ts']);
    expect(out).toMatch(/Tests\s+4 passed \(4\)/);
    expect(status).toBe(0);
  }, STEP);
});
