import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import { repoRoot } from '@/tooling/content-check/check';
import { freePort } from '../../scripts/ports.mjs';
import { copyProject } from '../support/projectCopy';
import { collectErrors } from '../e2e/support/pages';

/**
 * `npm run new:chapter` and `npm run new:figure` make a real page: in a copy of this checkout, the two
 * commands run as a contributor runs them, then `npm run dev` serves the copy and real Chromium opens the new
 * chapter, its figure, the catalog and an embed, exactly as CONTRIBUTING.md says they appear ("`npm run dev`
 * shows either at once"). It compiles the pages with the site's own Next.js, MDX pipeline and page components,
 * which the unit test of the scaffold (test/unit/scaffold-commands.test.ts) renders only with React.
 *
 * Not in `npm test`: copying, scaffolding and the dev server's first compiles took six minutes on the shared
 * two-core machine (docs/contributors.md has the figures). Run it with `npm run test:scaffold`.
 */

const CHAPTER = 'turn-servers';
const FIGURE = 'turn-servers/packet-race';
const STARTUP_MS = 300_000;

let copy = '';
let server: ChildProcess | null = null;
let origin = '';
let serverErrors = '';
const started = Date.now();
const times: Record<string, number> = {};
const mark = (name: string) => (times[name] = Math.round((Date.now() - started) / 100) / 10);

function run(command: string, args: string[]) {
  const result = spawnSync(path.join(copy, 'node_modules/.bin', command), args, { cwd: copy, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

async function waitForServer(url: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (server?.exitCode !== null) throw new Error(`npm run dev exited with ${server?.exitCode}:\n${serverErrors}`);
    try {
      await fetch(url);
      return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`npm run dev did not answer ${url} within ${STARTUP_MS / 1000} s`);
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(STARTUP_MS + 120_000);
  // A real node_modules folder (hard links): Turbopack refuses one reached through a link out of the project.
  copy = copyProject(repoRoot, { nodeModules: 'hardlink' });
  mark('copied');
  run('tsx', ['scripts/new-chapter.ts', CHAPTER, 'When a call needs a relay']);
  run('tsx', ['scripts/new-figure.ts', CHAPTER, 'PacketRace']);
  appendFileSync(
    path.join(copy, `content/09-${CHAPTER}/index.mdx`),
    `\n<Figure name="${FIGURE}" caption="Drag the slider: each bar is its number squared." alt="Four bars of 1, 4, 9 and 16." />\n`,
  );
  mark('scaffolded');
  const port = await freePort();
  origin = `http://localhost:${port}`;
  // npm run dev as a contributor runs it: the content check, then the site's own server in development mode.
  server = spawn('npm', ['run', 'dev'], {
    cwd: copy,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'error', NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'development' },
  });
  server.stderr?.on('data', (chunk: Buffer) => (serverErrors = `${serverErrors}${chunk}`.slice(-4000)));
  // Any answer will do: the server listens. Pages compile on their first request, which the tests time.
  await waitForServer(`${origin}/robots.txt`, Date.now() + STARTUP_MS);
  mark('dev server answering');
});

test.afterAll(() => {
  // The whole group: npm, tsx watch and the server it runs.
  if (server?.pid) {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  if (copy) rmSync(copy, { recursive: true, force: true });
  test.info().annotations.push({ type: 'seconds since start', description: JSON.stringify(times) });
  console.log(`scaffold page, seconds since start: ${JSON.stringify(times)}`);
});

async function goLive(page: Page) {
  const figure = page.locator(`figure[data-figure="${FIGURE}"]`);
  await figure.scrollIntoViewIfNeeded();
  await expect(figure.locator('.figure-body')).toHaveAttribute('data-figure-state', 'live', { timeout: 120_000 });
  return figure;
}

test('the new chapter is a page of the site: in the contents, with its dialogue, its citation and the figure’s still', async ({ page }) => {
  test.setTimeout(STARTUP_MS);
  const errors = collectErrors(page);
  const response = await page.goto(`${origin}/learn/${CHAPTER}`, { timeout: STARTUP_MS });
  mark('chapter compiled');
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('When a call needs a relay');
  await expect(page.locator('.chapter-kicker')).toContainText('Chapter 9 of the episode');
  await expect(page.locator('.dialogue')).toHaveCount(1);
  await expect(page.getByText('Milo', { exact: true }).first()).toBeVisible();
  await expect(page.getByText('Ada', { exact: true }).first()).toBeVisible();
  await expect(page.locator('#cite-discord-voice-2018')).toBeAttached();
  const figure = page.locator(`figure[data-figure="${FIGURE}"]`);
  await expect(figure.locator('figcaption')).toContainText('Drag the slider: each bar is its number squared.');
  await expect(figure.locator('table caption').first()).toContainText('PacketRace: 4 bars, 30 in all');
  expect(errors).toEqual([]);
});

test('its figure loads as the reader reaches it, and the keyboard changes what it draws', async ({ page }) => {
  test.setTimeout(STARTUP_MS);
  const errors = collectErrors(page);
  await page.goto(`${origin}/learn/${CHAPTER}`);
  const figure = await goLive(page);
  mark('figure live');
  await expect(figure.locator('svg rect')).toHaveCount(4);
  const slider = figure.locator('input[data-control="packet-race-bars"]');
  await slider.focus();
  await slider.press('ArrowRight');
  await expect(figure.locator('svg rect')).toHaveCount(5);
  await expect(figure.locator('table caption').first()).toContainText('PacketRace: 5 bars, 55 in all');
  expect(errors).toEqual([]);
});

test('the catalog lists it, and its embed opens with the inputs of its address', async ({ page }) => {
  test.setTimeout(STARTUP_MS);
  await page.goto(`${origin}/catalog#catalog-turn-servers-packet-race`, { timeout: STARTUP_MS });
  await expect(page.locator(`[data-catalog-figure="${FIGURE}"]`)).toContainText('bars');
  await page.goto(`${origin}/embed/${FIGURE}?bars=6`, { timeout: STARTUP_MS });
  const figure = await goLive(page);
  await expect(figure.locator('svg rect')).toHaveCount(6);
  mark('catalog and embed');
});
