/**
 * `npm run bench:join`: how long a reader waits, in real Chromium on loopback, from pressing "Join as
 * viewer" in a room where a bot talks to the first decoded frame of the bot's tile. Joins one at a time
 * and then several at once (the case that took ~5 s before docs/hardening.md's fixes).
 *
 * Options: --trials 10  --together 6  --server-dir <a checkout to measure instead of this one, built>
 *          --json out.json
 * The figures are times on a shared machine: compare runs made side by side, not across days.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext } from '@playwright/test';
import { startServer } from '../support/server';

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

const trials = Number(option('trials') ?? 10);
const together = Number(option('together') ?? 6);
const serverDir = path.resolve(option('server-dir') ?? process.cwd());
const ROOM = 'join-bench';
const JOIN_TIMEOUT_MS = 30_000;

async function chromiumPath(): Promise<string> {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  const { default: sparticuz } = await import('@sparticuz/chromium');
  return sparticuz.executablePath();
}

/** A reader who keeps the room open with one bot in it (a page, so it answers the server's offers). */
async function hostWithBot(browser: Browser, url: string): Promise<BrowserContext> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${url}/room/${ROOM}`);
  await page.locator('[data-control="name"]').fill('Host');
  await page.locator('[data-control="join-viewer"]').click();
  await page.locator('[data-control="add-bot"]').click();
  await page.locator('[data-tile="bot-1"]').waitFor();
  return context;
}

/** Milliseconds from the click on "Join as viewer" to the first decoded frame of bot-1's tile. */
async function joinOnce(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`${url}/room/${ROOM}`);
    await page.locator('[data-control="name"]').fill('Viewer');
    const button = page.locator('[data-control="join-viewer"]');
    await button.waitFor();
    // Page scripts as text: tsx would wrap a function in a helper the page does not have.
    const clickedAt = (await page.evaluate('performance.now()')) as number;
    await button.click();
    const firstFrameAt = (await page.evaluate(`new Promise((resolve, reject) => {
      const started = performance.now();
      const marks = (window.joinMarks = {});
      const check = () => {
        const video = document.querySelector('[data-tile="bot-1"] video');
        if (!marks.joined && document.querySelector('[data-room-phase="joined"]')) marks.joined = performance.now();
        if (!marks.track && video && video.srcObject) marks.track = performance.now();
        if (video && video.getVideoPlaybackQuality().totalVideoFrames > 0) resolve(performance.now());
        else if (performance.now() - started > ${JOIN_TIMEOUT_MS}) reject(new Error('no frame of the bot after ${JOIN_TIMEOUT_MS} ms: ' + document.body.innerText.slice(0, 1500)));
        else setTimeout(check, 5);
      };
      check();
    })`)) as number;
    const marks = (await page.evaluate('window.joinMarks')) as { joined?: number; track?: number };
    if (process.env.JOIN_BENCH_DEBUG) console.log('joined', Math.round((marks.joined ?? 0) - clickedAt), 'track', Math.round((marks.track ?? 0) - clickedAt), 'frame', Math.round(firstFrameAt - clickedAt));
    return firstFrameAt - clickedAt;
  } finally {
    await context.close();
  }
}

function summary(ms: number[]) {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
  return { n: ms.length, p50: at(0.5), p90: at(0.9), max: Math.round(sorted.at(-1) ?? 0) };
}

const server = await startServer({ cwd: serverDir });
const browser = await chromium.launch({
  executablePath: await chromiumPath(),
  args: ['--no-sandbox', '--disable-gpu', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection', '--autoplay-policy=no-user-gesture-required'],
});
const host = await hostWithBot(browser, server.url);
try {
  await joinOnce(browser, server.url); // warm-up: Next compiles nothing in production, but caches fill
  const oneAtATime: number[] = [];
  for (let i = 0; i < trials; i++) oneAtATime.push(await joinOnce(browser, server.url));
  const concurrent: number[] = [];
  for (let round = 0; round < 2; round++) {
    concurrent.push(...(await Promise.all(Array.from({ length: together }, () => joinOnce(browser, server.url)))));
  }
  const result = {
    serverDir,
    oneAtATime: summary(oneAtATime),
    together: { joiners: together, ...summary(concurrent) },
  };
  console.log(`join latency (click to first frame of the bot's tile), ${serverDir}`);
  console.log(`  one at a time: p50 ${result.oneAtATime.p50} ms, p90 ${result.oneAtATime.p90} ms, max ${result.oneAtATime.max} ms (${trials} joins)`);
  console.log(`  ${together} at once:     p50 ${result.together.p50} ms, p90 ${result.together.p90} ms, max ${result.together.max} ms (${concurrent.length} joins)`);
  const json = option('json');
  if (json) writeFileSync(json, JSON.stringify(result, null, 2));
} finally {
  await host.close();
  await browser.close();
  await server.stop();
}
