import { expect, test, type Browser, type Page } from '@playwright/test';
import WebSocket from 'ws';
import { measureTraffic, rtpCounters, type MeasuredTraffic, type RtpCounter } from '@/lib/bandwidth/measured';
import { liveMemberBandwidth, meshCameraEncodings, meshRoomMembers, sfuRoomMembers, voiceWireKbps } from '@/lib/bandwidth/members';
import { meshBotWeights } from '@/server/mesh/MeshBot';
import { meshBotRid } from '@/server/mesh/MeshRoom';
import { loadBotMedia } from '@/server/sfu/BotMedia';
import { MESH_SEND_LAYER, VIDEO_LAYERS } from '@/lib/bandwidth/video';
import { pauseUnwatchedLayers, publisherUploadKbps, simulcastLadder } from '@/lib/simulcast/publisher';
import type { RoomStats } from '@/lib/protocol/room';
import { DETAILED_CAMERA, detailedCameraFile } from './support/detailedCamera';
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

// The camera is a detailed moving picture (support/detailedCamera.ts), not Chromium's flat drawing, so an
// encoder spends what the model says it may: the browser's measured video can be held to the model.
test.use({
  launchOptions: [
    async ({ launchOptions }, use) => {
      await use({ ...launchOptions, args: [...(launchOptions.args ?? []), `--use-file-for-fake-video-capture=${detailedCameraFile()}`] });
    },
    { scope: 'worker' },
  ],
});

const NO_BOT = { rid: '', videoWireKbps: 0, voiceWireKbps: 0 };

/**
 * How far the browser's measurement may stray from the model (measured / model), with the detailed camera,
 * once the encoders may spend the model's rate (docs/mesh.md). Measured on this machine, 2 cores with a load
 * average of 20-30 from other work: a mesh copy's video 0.85-1.05 of the 723 kbps layer, down to 0.48 when
 * the machine starved the encoders, and 1.21 once at a load average of 53 (an encoder catching up); the mesh panel's
 * medians 0.84-1.02 up and down; the SFU panel's 0.82-1.18 up (the browser's estimate, from loss reports
 * alone, swings around the ladder) and 0.75-1.08 down, pooled over three pages (one page alone fell to 0.32
 * once). Each bound leaves a margin beyond that.
 */
const AGREEMENT = {
  meshVideoCopy: [0.4, 1.3],
  meshPanel: [0.5, 1.3],
  sfuUp: [0.6, 1.4],
  sfuDown: [0.6, 1.3],
} as const;

function expectWithin(ratio: number, [low, high]: readonly [number, number]): void {
  expect(ratio).toBeGreaterThanOrEqual(low);
  expect(ratio).toBeLessThanOrEqual(high);
}

interface PanelReading {
  up: { model: number; measured: number };
  down: { model: number; measured: number };
}

/** The page's own panel as a reader sees it: the model's and the browser's kbps, up and down. */
async function panel(page: Page, topology: 'mesh' | 'sfu'): Promise<PanelReading> {
  const check = page.locator(`[data-bandwidth-check="${topology}"]`);
  const kbps = async (selector: string) => Number(await check.locator(selector).getAttribute('data-kbps'));
  return {
    up: { model: await kbps('[data-predicted="up"]'), measured: await kbps('[data-measured="up"]') },
    down: { model: await kbps('[data-predicted="down"]'), measured: await kbps('[data-measured="down"]') },
  };
}

/**
 * What the browser lets each connection's camera encoder spend now: the sum of its video encodings'
 * `targetBitrate` (outbound-rtp), kbps, one entry per connection that sends video. The encoder's target
 * follows the browser's estimate of the path: within seconds where the other end gives transport-cc feedback
 * (a mesh call), over tens of seconds where it does not (the SFU: loss reports only, server/sfu/webrtc.ts).
 */
/** Why each video encoding is held back (outbound-rtp qualityLimitationReason) and at what size and rate it runs. */
async function encoderState(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const all = (window as unknown as { __connections: RTCPeerConnection[] }).__connections;
    const out: string[] = [];
    for (const pc of all) {
      for (const s of (await pc.getStats()).values()) {
        if (s.type === 'outbound-rtp' && s.kind === 'video') out.push(`${s.rid ?? ''}${s.frameWidth}x${s.frameHeight}@${s.framesPerSecond} ${s.qualityLimitationReason}`);
      }
    }
    return out;
  });
}

async function encoderTargetsKbps(page: Page): Promise<number[]> {
  return page.evaluate(async () => {
    const all = (window as unknown as { __connections: RTCPeerConnection[] }).__connections;
    const out: number[] = [];
    for (const pc of all) {
      if (pc.connectionState !== 'connected') continue;
      const video = [...(await pc.getStats()).values()].filter((s) => s.type === 'outbound-rtp' && s.kind === 'video');
      if (video.length > 0) out.push(Math.round(video.reduce((sum, s) => sum + (Number(s.targetBitrate) || 0), 0) / 1000));
    }
    return out;
  });
}

/**
 * Waits until every connection's camera encoder may spend the model's video payload rate, then two seconds
 * more for what it sends to follow (a measurement spans the last two seconds).
 */
async function rampedTo(page: Page, videoKbps: number): Promise<number[]> {
  let last: number[] = [];
  await expect
    .poll(
      async () => {
        last = await encoderTargetsKbps(page);
        return last.length > 0 && Math.min(...last) >= 0.95 * videoKbps;
      },
      { timeout: 90_000, intervals: [1000] },
    )
    .toBe(true);
  await page.waitForTimeout(2000);
  return last;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Measured over model, up and down, as the panel shows them: the median of `samples` readings a second
 * apart (the model follows who talks each second; the measurement spans the last two).
 */
async function panelAgreement(page: Page, topology: 'mesh' | 'sfu', samples = 5): Promise<{ up: number; down: number; readings: PanelReading[] }> {
  const check = page.locator(`[data-bandwidth-check="${topology}"]`);
  await expect(check.locator('[data-measured="up"]')).not.toHaveAttribute('data-kbps', '', { timeout: 30_000 });
  const readings: PanelReading[] = [];
  for (let i = 0; i < samples; i += 1) {
    readings.push(await panel(page, topology));
    await page.waitForTimeout(1000);
  }
  const ratio = (r: { model: number; measured: number }) => (r.model > 0 ? r.measured / r.model : r.measured === 0 ? 1 : Infinity);
  return { up: median(readings.map((r) => ratio(r.up))), down: median(readings.map((r) => ratio(r.down))), readings };
}

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

/** What the model says a camera page sends: one mesh copy, and its upload to the SFU (the detailed camera's size). */
const oneCopy = liveMemberBandwidth({ topology: 'mesh', members: meshRoomMembers([{ id: 'a', role: 'camera' }, { id: 'b', role: 'camera' }], NO_BOT), me: 'a' }).oneCopyKbps;
/**
 * The model's upload for a camera page in an SFU room whose server asks it for `requestedRids` (the layers some
 * viewer takes, and the smallest; lib/simulcast/layerDemand): the others are paused at the browser.
 */
function sfuCameraUpload(requestedRids: readonly string[]): number {
  return liveMemberBandwidth({
    topology: 'sfu',
    members: sfuRoomMembers([{ id: 'a', role: 'camera', talking: false, camera: { width: DETAILED_CAMERA.width, height: DETAILED_CAMERA.height }, requestedRids }], {
      layers: [],
      voiceWireKbps: 0,
    }),
    me: 'a',
  }).uploadKbps;
}

/** The camera's payload rates the model counts: the mesh layer's max, and the SFU ladder's requested layers (lower targets, top max). */
const MESH_LAYER_KBPS = VIDEO_LAYERS[MESH_SEND_LAYER].maxKbps;
const SFU_LADDER = simulcastLadder(DETAILED_CAMERA.width, DETAILED_CAMERA.height);
const sfuLadderKbps = (requestedRids: readonly string[]) => publisherUploadKbps(pauseUnwatchedLayers(SFU_LADDER, requestedRids));

/** The layers the SFU asks the camera page called `name` to send now (its stats' `requested` layers). */
async function requestedLayers(page: Page, roomId: string, name: string): Promise<string[]> {
  const response = await page.request.get(`/api/rooms/${roomId}/stats`);
  expect(response.ok()).toBe(true);
  const stats = (await response.json()) as RoomStats;
  return stats.publishers.find((p) => p.name === name)?.layers.filter((l) => l.requested).map((l) => l.rid) ?? [];
}

const results: Record<'mesh' | 'sfu', { upKbps: number; upVideoStreams: number; downKbps: number }[]> = { mesh: [], sfu: [] };

test('three pages in a mesh: each sends its own copy to each of the other two and receives theirs', async ({ browser }) => {
  const roomId = `mesh-${Date.now().toString(36)}`;
  const pages = await threePages(browser);
  for (const [i, page] of pages.entries()) await joinMesh(page, roomId, `Mesh ${i + 1}`);
  for (const page of pages) await expect(page.getByText('3 in the room (at most 8)')).toBeVisible();

  // The three pages are measured side by side (each over its own window, at the same time): they send and
  // receive all along, whichever page is being read.
  await Promise.all(pages.map(async (page) => {
    await flowing(page, 2);
    // Measure once the browser's estimate of each call allows a copy of the model's size.
    console.log(`mesh encoder targets: ${JSON.stringify(await rampedTo(page, MESH_LAYER_KBPS))}`);
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
    // layer's ceiling (libwebrtc's 700 kbps for 360p, which the page sets on every copy), and the detailed
    // camera gives the encoder reason to spend it (Chromium's own flat drawing needed only 70-220 kbps).
    for (const s of t.up.perStream) {
      if (s.kind === 'audio') expectWithin(s.wireKbps / voiceWireKbps(), [0.7, 1.1]);
      else expectWithin(s.wireKbps / meshCameraEncodings()[0].wireKbps, AGREEMENT.meshVideoCopy);
    }
    console.log(`mesh streams: ${JSON.stringify(t.up.perStream.map((x) => [x.kind, Math.round(x.wireKbps)]))} ${JSON.stringify(await encoderState(page))}`);
    results.mesh.push({ upKbps: t.up.wireKbps, upVideoStreams: t.up.streams.video, downKbps: t.down.wireKbps });
  }));

  // Each page's own panel: the model's upload and download beside the browser's measurement, as a reader sees them.
  console.log(`mesh pages: ${JSON.stringify(results.mesh.map((r) => ({ up: Math.round(r.upKbps), down: Math.round(r.downKbps) })))}`);
  await Promise.all(pages.map(async (page) => {
    await expect(page.locator('[data-bandwidth-check="mesh"] [data-measured="up-streams"]')).toHaveAttribute('data-video', '2');
    const agreement = await panelAgreement(page, 'mesh');
    console.log(`mesh panel: measured/model up ${agreement.up.toFixed(3)}, down ${agreement.down.toFixed(3)} ${JSON.stringify(agreement.readings)}`);
    // Two copies of camera and voice up, two down: 1,607 kbps each way in the model.
    expect(agreement.readings.every((r) => r.up.model === Math.round(2 * oneCopy) && r.down.model === Math.round(2 * oneCopy))).toBe(true);
    expectWithin(agreement.up, AGREEMENT.meshPanel);
    expectWithin(agreement.down, AGREEMENT.meshPanel);
  }));
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

  // Measured side by side, as in the mesh.
  await Promise.all(pages.map(async (page) => {
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
    console.log(`sfu encoders: ${JSON.stringify(await encoderState(page))}`);
    console.log(`sfu streams: ${JSON.stringify(measured.up.perStream.map((x) => [x.kind, x.encodings, Math.round(x.wireKbps)]))} down ${JSON.stringify(measured.down.perStream.map((x) => [x.kind, Math.round(x.wireKbps)]))}`);
    results.sfu.push({ upKbps: measured.up.wireKbps, upVideoStreams: measured.up.streams.video, downKbps: measured.down.wireKbps });
  }));
  console.log(`sfu pages: ${JSON.stringify(results.sfu.map((r) => ({ up: Math.round(r.upKbps), down: Math.round(r.downKbps) })))}`);
  // The three pages' readings pooled: through the SFU one page's rates can collapse for seconds under load (a
  // page measured 0.32 of the model for five seconds in one run) while the others agree.
  const pooled: PanelReading[] = [];
  await Promise.all(pages.map(async (page, i) => {
    // The layers some viewer takes (small tiles: the 180p layer, unless a tile is wider than 320 px) and the
    // smallest: the server has paused the others at this camera by now (lib/simulcast/layerDemand).
    const requested = await requestedLayers(page, roomId, `SFU ${i + 1}`);
    expect(requested[0]).toBe(SFU_LADDER[0].rid);
    console.log(`sfu camera ${i + 1} asked for ${requested.join(', ')}; encoder target: ${JSON.stringify(await rampedTo(page, sfuLadderKbps(requested)))}`);
    const agreement = await panelAgreement(page, 'sfu');
    console.log(`sfu panel: measured/model up ${agreement.up.toFixed(3)}, down ${agreement.down.toFixed(3)} ${JSON.stringify(agreement.readings)}`);
    // One camera (the requested simulcast layers of 360p) and one voice up, whoever else is there.
    expect(agreement.readings.every((r) => r.up.model === Math.round(sfuCameraUpload(requested)))).toBe(true);
    pooled.push(...agreement.readings);
  }));
  const ratio = (r: { model: number; measured: number }) => r.measured / r.model;
  expectWithin(median(pooled.map((r) => ratio(r.up))), AGREEMENT.sfuUp);
  expectWithin(median(pooled.map((r) => ratio(r.down))), AGREEMENT.sfuDown);
  for (const page of pages) await page.context().close();
});

test('the SFU room’s panel: a camera’s modelled upload stays flat as bots join, and what it receives agrees with the bots’ clips', async ({ browser }) => {
  const roomId = `sfu-panel-${Date.now().toString(36)}`;
  const page = await (await browser.newContext()).newPage();
  await recordConnections(page);
  await joinAsCamera(page, `/room/${roomId}`, 'Camera');
  await page.locator('[data-control="tile-size"] input[value="small"]').check();
  // Nobody watches this camera (bots do not): a few seconds after it starts, the server asks it for its
  // smallest layer alone, and the model follows (lib/simulcast/layerDemand).
  await expect.poll(() => requestedLayers(page, roomId, 'Camera'), { timeout: 20_000 }).toEqual([SFU_LADDER[0].rid]);
  const uploads: number[] = [];
  for (let bots = 0; bots <= 3; bots += 1) {
    if (bots > 0) {
      await page.locator('[data-control="add-bot"]').click();
      await expect(page.getByText(`${bots + 1} in the room (at most`)).toBeVisible();
      await expect(page.locator('[data-bandwidth-check="sfu"] [data-measured="down-streams"]')).toHaveAttribute('data-video', String(bots), { timeout: 30_000 });
    }
    const agreement = await panelAgreement(page, 'sfu');
    uploads.push(...agreement.readings.map((r) => r.up.model));
    console.log(`sfu panel with ${bots} bots: measured/model up ${agreement.up.toFixed(3)}, down ${agreement.down.toFixed(3)} ${JSON.stringify(agreement.readings)}`);
    // What arrives is the bots' clips, weighed in lib: each bot's voice while it talks and the layer the server forwards.
    if (bots > 0) expectWithin(agreement.down, AGREEMENT.sfuDown);
  }
  // The model's upload does not move as bots join (the measured one is still ramping here: the browser's estimate
  // of its uplink to the SFU grows from loss reports alone, over about half a minute).
  expect(new Set(uploads)).toEqual(new Set([Math.round(sfuCameraUpload([SFU_LADDER[0].rid]))]));
  await page.context().close();
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
