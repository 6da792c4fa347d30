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
import { loadavg } from 'node:os';
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

/** Records when each peer connection the page makes is connected (the page's own code is untouched). */
const RECORD_CONNECTIONS = `(() => {
  const Native = window.RTCPeerConnection;
  window.pcConnectedAt = [];
  window.RTCPeerConnection = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('connectionstatechange', () => {
        if (this.connectionState === 'connected') window.pcConnectedAt.push(performance.now());
      });
    }
  };
})();`;

interface JoinTimes {
  /** Click to the page saying it joined (the /ws round trip). */
  joinedMs: number;
  /** Click to the viewer's media connection being up (ICE and DTLS done). */
  connectedMs: number;
  /** Click to the first decoded frame of the bot's tile (waits for the bot's next keyframe, once a second). */
  firstFrameMs: number;
}

/** From the click on "Join as viewer" to joined, connected and the first decoded frame of bot-1's tile. */
async function joinOnce(browser: Browser, url: string): Promise<JoinTimes> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(RECORD_CONNECTIONS);
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
        if (video && video.getVideoPlaybackQuality().totalVideoFrames > 0) resolve(performance.now());
        else if (performance.now() - started > ${JOIN_TIMEOUT_MS}) reject(new Error('no frame of the bot after ${JOIN_TIMEOUT_MS} ms: ' + document.body.innerText.slice(0, 1500)));
        else setTimeout(check, 5);
      };
      check();
    })`)) as number;
    const marks = (await page.evaluate('window.joinMarks')) as { joined?: number };
    const connectedAt = ((await page.evaluate('window.pcConnectedAt')) as number[])[0] ?? NaN;
    return { joinedMs: (marks.joined ?? NaN) - clickedAt, connectedMs: connectedAt - clickedAt, firstFrameMs: firstFrameAt - clickedAt };
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
  await joinOnce(browser, server.url); // warm-up: the server's and the browser's caches fill
  const oneAtATime: JoinTimes[] = [];
  for (let i = 0; i < trials; i++) oneAtATime.push(await joinOnce(browser, server.url));
  const concurrent: JoinTimes[] = [];
  for (let round = 0; round < 2; round++) {
    concurrent.push(...(await Promise.all(Array.from({ length: together }, () => joinOnce(browser, server.url)))));
  }
  const figures = (runs: JoinTimes[]) => ({
    joined: summary(runs.map((r) => r.joinedMs)),
    connected: summary(runs.map((r) => r.connectedMs)),
    firstFrame: summary(runs.map((r) => r.firstFrameMs)),
  });
  const result = { serverDir, loadAverage: loadavg()[0], oneAtATime: figures(oneAtATime), together: { joiners: together, ...figures(concurrent) } };
  const row = (label: string, f: ReturnType<typeof figures>) =>
    `  ${label.padEnd(14)} joined p50 ${f.joined.p50} ms; media connected p50 ${f.connected.p50} ms, p90 ${f.connected.p90} ms; first frame p50 ${f.firstFrame.p50} ms, p90 ${f.firstFrame.p90} ms`;
  console.log(`join latency from the click on "Join as viewer", ${serverDir} (load average ${loadavg()[0].toFixed(1)})`);
  console.log(row('one at a time:', result.oneAtATime));
  console.log(row(`${together} at once:`, result.together));
  const json = option('json');
  if (json) writeFileSync(json, JSON.stringify(result, null, 2));
} finally {
  await host.close();
  await browser.close();
  await server.stop();
}
