import { expect, test, type Browser, type Page } from '@playwright/test';
import WebSocket from 'ws';
import { measureTraffic, rtpCounters, type MeasuredTraffic, type RtpCounter } from '@/lib/bandwidth/measured';
import { meshCameraEncodings, voiceWireKbps } from '@/lib/bandwidth/members';
import { meshBotWeights } from '@/server/mesh/MeshBot';
import { meshBotRid } from '@/server/mesh/MeshRoom';
import { loadBotMedia } from '@/server/sfu/BotMedia';
import { joinAsCamera } from './support/room';

/**
 * Mesh rooms with real Chromium (fake camera and microphone): three pages in a peer-to-peer room, every
 * call a real RTCPeerConnection from one browser to another, introduced by the PeerServer at /peerjs; then
 * the same three pages in an SFU room. Each page's traffic is measured the same way in both modes: every
 * RTCPeerConnection the page opens is recorded (an init script), its getStats() read twice, and the two
 * readings weighed by lib/bandwidth/measured, as the mesh room's own panel does. Waits are on conditions.
 */

test.describe.configure({ mode: 'serial' });
test.setTimeout(180_000);

/** Records every RTCPeerConnection the page makes, so the test can read their stats. */
async function recordConnections(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const Original = window.RTCPeerConnection;
    const all: RTCPeerConnection[] = [];
    (window as unknown as { __connections: RTCPeerConnection[] }).__connections = all;
    // And anything the page's Content-Security-Policy blocks (the PeerServer's socket must not be).
    const blocked: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = blocked;
    document.addEventListener('securitypolicyviolation', (event) => blocked.push(`${event.violatedDirective} ${event.blockedURI}`));
    window.RTCPeerConnection = class extends Original {
      constructor(...args: ConstructorParameters<typeof RTCPeerConnection>) {
        super(...args);
        all.push(this);
      }
    } as typeof RTCPeerConnection;
  });
}

/** One reading of every open connection's RTP counters. */
async function reading(page: Page): Promise<RtpCounter[]> {
  const reports = await page.evaluate(async () => {
    const all = (window as unknown as { __connections: RTCPeerConnection[] }).__connections;
    const out: Record<string, unknown>[][] = [];
    for (const pc of all) {
      if (pc.connectionState === 'closed') continue;
      out.push([...(await pc.getStats()).values()] as Record<string, unknown>[]);
    }
    return out;
  });
  return reports.flatMap((report, i) => rtpCounters(`pc${i}`, report));
}

/** The page's traffic over `seconds`, measured as the room panel measures it. */
async function traffic(page: Page, seconds = 4): Promise<MeasuredTraffic> {
  const before = await reading(page);
  await page.waitForTimeout(seconds * 1000);
  return measureTraffic(before, await reading(page));
}

async function threePages(browser: Browser): Promise<Page[]> {
  const pages: Page[] = [];
  for (let i = 0; i < 3; i += 1) {
    const page = await (await browser.newContext()).newPage();
    await recordConnections(page);
    pages.push(page);
  }
  return pages;
}

async function joinMesh(page: Page, roomId: string, name: string): Promise<void> {
  await page.goto(`/room/${roomId}/mesh`);
  await page.locator('[data-control="name"]').fill(name);
  await page.locator('[data-control="join-camera"]').click();
  await expect(page.locator('[data-mesh-room][data-room-phase="joined"]')).toBeVisible();
}

/** Waits until the page sends and receives video and audio on each of `calls` connections. */
async function flowing(page: Page, calls: number): Promise<MeasuredTraffic> {
  let last: MeasuredTraffic | null = null;
  await expect
    .poll(
      async () => {
        last = await traffic(page, 2);
        return [last.up.streams.video, last.up.streams.audio, last.down.streams.video, last.down.streams.audio];
      },
      { timeout: 60_000, intervals: [500] },
    )
    .toEqual([calls, calls, calls, calls]);
  return last!;
}

const results: Record<'mesh' | 'sfu', { upKbps: number; upVideoStreams: number; downKbps: number }[]> = { mesh: [], sfu: [] };

test('three pages in a mesh: each sends its own copy to each of the other two and receives theirs', async ({ browser }) => {
  const roomId = `mesh-${Date.now().toString(36)}`;
  const pages = await threePages(browser);
  for (const [i, page] of pages.entries()) await joinMesh(page, roomId, `Mesh ${i + 1}`);
  for (const page of pages) await expect(page.getByText('3 in the room (at most 8)')).toBeVisible();

  for (const page of pages) {
    await flowing(page, 2);
    // Give the encoders time to ramp to the mesh layer, then measure over a few seconds.
    await page.waitForTimeout(2000);
    const t = await traffic(page, 4);
    expect(t.up.streams).toEqual({ audio: 2, video: 2 });
    expect(t.down.streams).toEqual({ audio: 2, video: 2 });
    // Two copies of the same camera and microphone: the upload is about twice one copy's.
    const perCall = new Map<string, number>();
    for (const s of t.up.perStream) perCall.set(s.connection, (perCall.get(s.connection) ?? 0) + s.wireKbps);
    const copies = [...perCall.values()];
    expect(copies).toHaveLength(2);
    const ratio = t.up.wireKbps / Math.max(...copies);
    expect(ratio).toBeGreaterThan(1.5);
    expect(ratio).toBeLessThanOrEqual(2);
    // Against the model, stream by stream. Voice: Opus is variable-bitrate, so a copy measures a little under
    // the model's 80 kbps (64 kbps asked for, plus headers): 62-72 kbps here. Video: the model counts the mesh
    // layer's ceiling (libwebrtc's 700 kbps for 360p, which the page sets on every copy); what an encoder
    // actually spends depends on the picture, and Chromium's fake camera, a flat drawing, needs 70-220 kbps.
    for (const s of t.up.perStream) {
      if (s.kind === 'audio') {
        expect(s.wireKbps).toBeGreaterThan(0.7 * voiceWireKbps());
        expect(s.wireKbps).toBeLessThan(1.1 * voiceWireKbps());
      } else {
        expect(s.wireKbps).toBeLessThan(1.1 * meshCameraEncodings()[0].wireKbps);
      }
    }
    results.mesh.push({ upKbps: t.up.wireKbps, upVideoStreams: t.up.streams.video, downKbps: t.down.wireKbps });
  }

  // The page's own panel: the model's upload beside the browser's measurement, as a reader sees it.
  const check = pages[0].locator('[data-bandwidth-check="mesh"]');
  await expect(check.locator('[data-measured="up-streams"]')).toHaveAttribute('data-video', '2');
  const predicted = Number(await check.locator('[data-predicted-up-kbps]').getAttribute('data-predicted-up-kbps'));
  const measured = Number(await check.locator('[data-measured-up-kbps]').getAttribute('data-measured-up-kbps'));
  console.log(`mesh panel: model ${predicted} kbps up, measured ${measured} kbps`);
  console.log(`mesh pages: ${JSON.stringify(results.mesh.map((r) => ({ up: Math.round(r.upKbps), down: Math.round(r.downKbps) })))}`);
  expect(predicted).toBeGreaterThan(0);
  expect(measured).toBeGreaterThan(0);
  for (const page of pages) expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
  for (const page of pages) await page.context().close();
});

test('the same three pages through the SFU: each sends one stream, whoever else is there', async ({ browser }) => {
  const roomId = `sfu-${Date.now().toString(36)}`;
  const pages = await threePages(browser);
  for (const [i, page] of pages.entries()) {
    await joinAsCamera(page, `/room/${roomId}`, `SFU ${i + 1}`);
    // Small tiles, so every tile is on screen: the SFU sends no video for a tile nobody can see.
    await page.locator('[data-control="tile-size"] input[value="small"]').check();
  }

  for (const page of pages) {
    // One publish connection up (a simulcast camera is one stream), and the two others' media down.
    let t: MeasuredTraffic | null = null;
    await expect
      .poll(
        async () => {
          t = await traffic(page, 2);
          return [t.up.streams.video, t.up.streams.audio, t.down.streams.video, t.down.streams.audio];
        },
        { timeout: 60_000, intervals: [500] },
      )
      .toEqual([1, 1, 2, 2]);
    const measured = await traffic(page, 4);
    expect(measured.up.streams).toEqual({ audio: 1, video: 1 });
    results.sfu.push({ upKbps: measured.up.wireKbps, upVideoStreams: measured.up.streams.video, downKbps: measured.down.wireKbps });
  }
  console.log(`sfu pages: ${JSON.stringify(results.sfu.map((r) => ({ up: Math.round(r.upKbps), down: Math.round(r.downKbps) })))}`);
  for (const page of pages) await page.context().close();
});

/** Waits for video from `bots` bots, then checks what arrives against the model's weight of the bots' clip. */
async function recordedDownload(page: Page, bots: number): Promise<void> {
  const media = loadBotMedia();
  const model = meshBotWeights(media, meshBotRid(media)).video[0].wireKbps;
  await expect.poll(async () => (await traffic(page, 2)).down.streams.video, { timeout: 60_000, intervals: [500] }).toBe(bots);
  const t = await traffic(page, 6);
  const video = t.down.perStream.filter((s) => s.kind === 'video');
  const mean = video.reduce((sum, s) => sum + s.wireKbps, 0) / video.length;
  console.log(`bots' video: model ${model.toFixed(1)} kbps a bot, measured ${mean.toFixed(1)} (${video.map((s) => Math.round(s.wireKbps)).join(', ')})`);
  expect(mean / model).toBeGreaterThan(0.7);
  expect(mean / model).toBeLessThan(1.2);
}

test('a mesh room turns the ninth member away and says why', async ({ browser }) => {
  const roomId = `mesh-full-${Date.now().toString(36)}`;
  const page = await (await browser.newContext()).newPage();
  await recordConnections(page);
  await page.goto(`/room/${roomId}/mesh`);
  await page.locator('[data-control="join-viewer"]').click();
  await expect(page.locator('[data-mesh-room][data-room-phase="joined"]')).toBeVisible();
  for (let i = 0; i < 7; i += 1) {
    await page.locator('[data-control="add-bot"]').click();
    await expect(page.getByText(`${i + 2} in the room`)).toBeVisible();
  }
  await expect(page.locator('[data-control="add-bot"]')).toBeDisabled();

  // Bots send pre-encoded clips, so here the model knows exactly what arrives: each bot's video layer,
  // weighed from the clip's packets. Averaged over the seven bots and a few seconds of their looping clips.
  // Measured 144 kbps against the model's 169 (-15 %) with the machine's load average near 30 on 2 cores,
  // where the bots' frame timers fire late; hence the wide lower bound.
  await recordedDownload(page, 7);
  await expect(page.locator('[data-mesh-full]')).toContainText('each of you already uploads 7 copies');

  const late = await (await browser.newContext()).newPage();
  await late.goto(`/room/${roomId}/mesh`);
  await late.locator('[data-control="join-viewer"]').click();
  await expect(late.locator('[data-error="room-full"]')).toContainText('each uploads 7 copies');
  await late.context().close();
  await page.context().close();
});

test('the PeerServer at /peerjs refuses a handshake from another site’s page with 403', async ({ baseURL }) => {
  const url = `${baseURL!.replace('http', 'ws')}/peerjs/peerjs?key=peerjs&id=stranger&token=t`;
  const status = (origin: string) =>
    new Promise<number>((resolve) => {
      const socket = new WebSocket(url, { origin });
      socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.once('open', () => {
        socket.close();
        resolve(101);
      });
    });
  expect(await status('https://evil.example')).toBe(403);
  expect(await status(new URL(baseURL!).origin)).toBe(101);
});
