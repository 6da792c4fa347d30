import { spawn, type ChildProcess } from 'node:child_process';
import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import WebSocket from 'ws';
import { fleetSnapshot, roomPlacement, type FleetSnapshot, type RoomPlacement } from '@/lib/protocol/fleet';
import { placeRoom, placementUtilisation } from '@/lib/voiceservers';
import { PROTOCOL_VERSION } from '@/lib/protocol/messages';
import { REDIS_INSTALL_HINT, findRedisServer, freePort, portInUse, root, startNode, startRedis, stopChild, waitForNode } from '../../scripts/fleet-launch.mjs';
import { liveFigure, tableRows } from './support/figures';
import { framesDecoded, joinAsCamera, joinAsViewer } from './support/room';

/**
 * Many SFU nodes with a real Redis: three nodes of the site's own server (REDIS_URL set), started as
 * `npm run fleet` starts them, with real Chromium joining rooms through placement. Each node is rated
 * for ten people here (ROOM_NODE_RATED_PEERS), so one person is a tenth of a node and the spread
 * follows the people in the rooms rather than a few per cent of idle CPU.
 *
 * The tests share one fleet and run in order: spread, a node killed, a node drained. The processes of the
 * last two tests (`npm run fleet`, a node whose Redis answers nobody) start with that fleet, side by side.
 */

test.describe.configure({ mode: 'serial' });
test.setTimeout(150_000);

const DRAIN_MS = 8000;
const RATED_PEERS = 10;

type FleetNodeProcess = ReturnType<typeof startNode>;
let redis: Awaited<ReturnType<typeof startRedis>> | null = null;
let nodes: FleetNodeProcess[] = [];
const measured: Record<string, string> = {};
/** The nodes' own output, printed when a test fails. */
const nodeLog: string[] = [];

test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) console.log(`fleet nodes said:\n${nodeLog.slice(-80).join('\n')}`);
});

/**
 * The last test's node, whose REDIS_URL answers nobody: started with the fleet, so that its wait for Redis
 * (5 s before it gives up) passes while the fleet starts, not on its own at the end.
 */
let unreachable: { redisUrl: string; child: ChildProcess; exited: Promise<{ code: number | null; output: string }> } | null = null;

async function startNodeWithUnreachableRedis(): Promise<NonNullable<typeof unreachable>> {
  const redisUrl = `redis://127.0.0.1:${await freePort()}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production', PORT: String(await freePort()), REDIS_URL: redisUrl, LOG_LEVEL: 'error' },
  });
  let output = '';
  child.stderr!.on('data', (chunk) => (output += String(chunk)));
  const exited = new Promise<{ code: number | null; output: string }>((resolve) => child.once('exit', (code) => resolve({ code, output })));
  return { redisUrl, child, exited };
}

/**
 * `npm run fleet -- --nodes 2` for the fourth test, started with the test's own fleet so that it comes up
 * while that one does, on ports of its own (`base` and `base + 1`) with a Redis of its own.
 */
let launched: { base: number; launcher: ChildProcess; output: () => string; exited: Promise<number | null> } | null = null;

async function launchFleet(taken: number[]): Promise<NonNullable<typeof launched>> {
  let base = await freePort();
  while (taken.includes(base) || taken.includes(base + 1) || (await portInUse(base + 1))) base = await freePort();
  const launcher = spawn(process.execPath, ['scripts/fleet.mjs', '--nodes', '2', '--port', String(base)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'error' },
  });
  let output = '';
  launcher.stdout!.on('data', (chunk) => (output += String(chunk)));
  launcher.stderr!.on('data', (chunk) => (output += String(chunk)));
  const exited = new Promise<number | null>((resolve) => launcher.once('exit', (code) => resolve(code)));
  return { base, launcher, output: () => output, exited };
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  if (!findRedisServer()) {
    // CI installs redis-server (.ci/run); there a missing one is a failure, never a skip.
    if (process.env.CI) throw new Error(REDIS_INSTALL_HINT);
    test.skip(true, REDIS_INSTALL_HINT);
  }
  unreachable = await startNodeWithUnreachableRedis();
  redis = await startRedis();
  const ports = [await freePort(), await freePort(), await freePort()];
  launched = await launchFleet(ports);
  nodes = ports.map((port, i) =>
    startNode({
      id: `node-${i + 1}`,
      port,
      redisUrl: redis!.url,
      env: { LOG_LEVEL: 'warn', FLEET_DRAIN_MS: String(DRAIN_MS), ROOM_NODE_RATED_PEERS: String(RATED_PEERS) },
      log: (line: string) => nodeLog.push(line),
    }),
  );
  const started = Date.now();
  await Promise.all(nodes.map((node) => waitForNode(node, 150_000)));
  measured['three nodes up'] = `${((Date.now() - started) / 1000).toFixed(1)} s`;
});

test.afterAll(async () => {
  await Promise.all(nodes.map((node) => stopChild(node.child, 'SIGTERM', 20_000)));
  if (unreachable) await stopChild(unreachable.child, 'SIGKILL');
  // A launcher still running (its test failed before the Ctrl-C) is stopped as a Ctrl-C would.
  if (launched) await stopChild(launched.launcher, 'SIGINT', 20_000);
  if (redis) await stopChild(redis.child, 'SIGTERM');
  console.log(`fleet measurements: ${JSON.stringify(measured)}`);
});

const node = (id: string) => nodes.find((n) => n.id === id)!;
const alive = () => nodes.filter((n) => n.child.exitCode === null && n.child.signalCode === null);

/**
 * GET a node's JSON. A request that meets a connection the server is just closing as idle (its
 * keep-alive timeout) is reset by the server; that is the network, not the node, so it is sent again.
 */
async function getJson(request: APIRequestContext, url: string): Promise<unknown> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const response = await request.get(url);
      expect(response.ok(), `GET ${url}`).toBe(true);
      return await response.json();
    } catch (error) {
      if (attempt >= 3 || !/ECONNRESET|socket hang up/.test(String(error))) throw error;
    }
  }
}

async function snapshot(request: APIRequestContext, origin = alive()[0].origin): Promise<FleetSnapshot> {
  return fleetSnapshot.parse(await getJson(request, `${origin}/api/fleet`));
}

async function roomsOn(request: APIRequestContext, origin: string): Promise<string[]> {
  const body = (await getJson(request, `${origin}/api/rooms`)) as { rooms: { id: string }[] };
  return body.rooms.map((r) => r.id);
}

/**
 * Opens room `roomId` on `entry` (any node) in a fresh browser, joins as a reader would, and returns
 * the placement the page acted on: the last answer it got before it joined.
 */
async function join(browser: Browser, entry: string, roomId: string, as: 'camera' | 'viewer'): Promise<{ page: Page; placement: RoomPlacement }> {
  const page = await (await browser.newContext()).newPage();
  const placements: RoomPlacement[] = [];
  page.on('response', async (response) => {
    if (response.url().endsWith(`/api/fleet/rooms/${roomId}`) && response.ok()) placements.push(roomPlacement.parse(await response.json()));
  });
  await (as === 'camera' ? joinAsCamera : joinAsViewer)(page, `${entry}/room/${roomId}`);
  await expect.poll(() => placements.length).toBeGreaterThan(0);
  const placement = placements.at(-1)!;
  expect(placement.node).not.toBeNull();
  await expect(page.locator(`[data-room-node="${placement.node!.id}"]`)).toBeVisible();
  return { page, placement };
}

/** Waits until the fleet's reports show `id` carrying `peers` people (its heartbeat caught up). */
async function reported(request: APIRequestContext, id: string, peers: number) {
  await expect.poll(async () => (await snapshot(request)).nodes.find((n) => n.id === id)?.peers, { timeout: 10_000 }).toBe(peers);
}

/** The placement was the chapter's pick for the reports it was made from. */
function expectChaptersPick(placement: RoomPlacement) {
  if (placement.placed === 'existing') return;
  expect(placement.node!.id).toBe(placeRoom(placement.reports));
  const chosen = placementUtilisation(placement.reports.find((n) => n.id === placement.node!.id)!);
  for (const other of placement.reports.filter((n) => !n.draining)) expect(chosen).toBeLessThanOrEqual(placementUtilisation(other));
}

let busy = ''; // the node with a camera publisher (room fleet-a)
let crowded = ''; // the node with a viewer and two bots (room fleet-b)
const openPages: Record<string, Page> = {};

test('rooms spread over the nodes by load, each placed by the chapter’s least-utilised rule', async ({ browser, request }) => {
  const entry = nodes[0].origin;
  const a = await join(browser, entry, 'fleet-a', 'camera');
  expectChaptersPick(a.placement);
  busy = a.placement.node!.id;
  openPages.camera = a.page;
  expect(await roomsOn(request, node(busy).origin)).toEqual(['fleet-a']);
  await reported(request, busy, 1);

  const b = await join(browser, entry, 'fleet-b', 'viewer');
  expectChaptersPick(b.placement);
  crowded = b.placement.node!.id;
  expect(crowded).not.toBe(busy);
  openPages.crowdedViewer = b.page;
  await reported(request, crowded, 1);

  const c = await join(browser, entry, 'fleet-c', 'viewer');
  expectChaptersPick(c.placement);
  expect(new Set([busy, crowded, c.placement.node!.id]).size).toBe(3);
  await reported(request, c.placement.node!.id, 1);

  // Two bots make fleet-b's node the fullest by far (3 of its 10 people).
  await b.page.locator('[data-control="add-bot"]').click();
  await b.page.locator('[data-control="add-bot"]').click();
  await reported(request, crowded, 3);

  const d = await join(browser, entry, 'fleet-d', 'viewer');
  expectChaptersPick(d.placement);
  expect(d.placement.node!.id).not.toBe(crowded);
  expect(await roomsOn(request, node(d.placement.node!.id).origin)).toContain('fleet-d');

  // Someone else joining an existing room goes to that room's node, wherever they opened the page.
  const again = await join(browser, nodes[2].origin, 'fleet-c', 'viewer');
  expect(again.placement).toMatchObject({ placed: 'existing', node: { id: c.placement.node!.id } });

  const rooms = Object.fromEntries((await snapshot(request)).nodes.map((n) => [n.id, n.roomIds.length]));
  measured['rooms per node after 4 rooms'] = JSON.stringify(rooms);
  expect(Object.values(rooms).sort()).toEqual([1, 1, 2]);

  // The chapter's live figure shows the same nodes, on any node's copy of the chapter.
  const chapter = await (await browser.newContext()).newPage();
  await chapter.emulateMedia({ reducedMotion: 'reduce' });
  await chapter.goto(`${entry}/learn/autoscaling`);
  const figure = await liveFigure(chapter, 'autoscaling/fleet');
  await expect(figure.locator('[data-fleet-state="running"]')).toBeVisible();
  await expect(figure.locator('[data-meter="fleet-nodes"]')).toHaveAttribute('data-value', '3');
  await expect.poll(async () => (await tableRows(figure)).map((row) => row[0])).toEqual(['node-1', 'node-2', 'node-3']);

  for (const page of [c.page, d.page, again.page, chapter]) await page.context().close();
});

test('a killed node drops out, and its room is placed on a live node at the next join, media and all', async ({ browser, request }) => {
  const victim = node(busy);
  const survivor = alive().find((n) => n.id !== busy)!;
  const killedAt = Date.now();
  victim.child.kill('SIGKILL');

  // Its member notices at once; the fleet forgets the node once its report expires.
  await expect(openPages.camera.locator('[data-error="disconnected"]')).toBeVisible({ timeout: 15_000 });
  await expect.poll(async () => (await snapshot(request, survivor.origin)).nodes.map((n) => n.id), { timeout: 15_000, intervals: [100] }).not.toContain(busy);
  measured['killed node gone from placement'] = `${((Date.now() - killedAt) / 1000).toFixed(1)} s`;
  await openPages.camera.context().close();

  const publisher = await join(browser, survivor.origin, 'fleet-a', 'camera');
  expectChaptersPick(publisher.placement);
  expect(['new', 'moved']).toContain(publisher.placement.placed);
  const home = publisher.placement.node!.id;
  expect(home).not.toBe(busy);
  expect(await roomsOn(request, node(home).origin)).toContain('fleet-a');

  // A viewer joining through a different node's page reaches the same node and decodes the video.
  const viewerEntry = alive().find((n) => n.id !== home)!.origin;
  const viewer = await join(browser, viewerEntry, 'fleet-a', 'viewer');
  expect(viewer.placement).toMatchObject({ placed: 'existing', node: { id: home } });
  let publisherId = '';
  await expect
    .poll(async () => {
      const stats = (await getJson(request, `${node(home).origin}/api/rooms/fleet-a/stats`)) as { publishers: { peerId: string; bot: boolean }[] };
      publisherId = stats.publishers.find((p) => !p.bot)?.peerId ?? '';
      return publisherId;
    }, { timeout: 20_000 })
    .not.toBe('');
  await expect.poll(() => framesDecoded(viewer.page, publisherId), { timeout: 30_000 }).toBeGreaterThan(10);

  await publisher.page.context().close();
  await viewer.page.context().close();
});

test('a draining node takes nothing new, tells its members, then closes their room and leaves', async ({ browser, request }) => {
  const drainee = node(crowded);
  const survivor = alive().find((n) => n.id !== crowded)!;
  const member = openPages.crowdedViewer;
  const termAt = Date.now();
  const exited = new Promise<number | null>((resolve) => drainee.child.once('exit', (code) => resolve(code)));
  drainee.child.kill('SIGTERM');

  await expect.poll(async () => (await snapshot(request, survivor.origin)).nodes.find((n) => n.id === crowded)?.draining, { intervals: [100] }).toBe(true);
  await expect(member.getByText('This server is shutting down')).toBeVisible();

  // The node itself refuses a join for a new room...
  const refusal = await new Promise<string>((resolve, reject) => {
    const socket = new WebSocket(`${drainee.origin.replace('http', 'ws')}/ws`);
    socket.on('open', () => {
      socket.send(JSON.stringify({ type: 'hello', protocol: PROTOCOL_VERSION }));
      socket.send(JSON.stringify({ type: 'join', roomId: 'fleet-direct', role: 'viewer', name: 'Direct' }));
    });
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; code?: string };
      if (message.type === 'error' || message.type === 'joined') {
        socket.close();
        resolve(message.code ?? message.type);
      }
    });
    socket.on('error', reject);
  });
  expect(refusal).toBe('server-draining');

  // ...and placement, which still sees it (draining), sends new rooms elsewhere, browsers included.
  const placed = roomPlacement.parse(await getJson(request, `${survivor.origin}/api/fleet/rooms/fleet-e`));
  expectChaptersPick(placed);
  expect(placed.reports.find((n) => n.id === crowded)?.draining).toBe(true);
  expect(placed.node!.id).not.toBe(crowded);
  const fresh = await join(browser, survivor.origin, 'fleet-f', 'viewer');
  expect(fresh.placement.node!.id).not.toBe(crowded);

  // At the end of the drain the member is told the room closed, and the node exits cleanly.
  await expect(member.locator('[data-error="room-closed"]')).toBeVisible({ timeout: DRAIN_MS + 10_000 });
  expect(await exited).toBe(0);
  measured['drain: SIGTERM to exit'] = `${((Date.now() - termAt) / 1000).toFixed(1)} s (drain time ${DRAIN_MS / 1000} s)`;
  // It removed its own report; other nodes' reads of the registry are at most half a second old.
  await expect.poll(async () => (await snapshot(request, survivor.origin)).nodes.map((n) => n.id), { timeout: 2000 }).not.toContain(crowded);

  // Its room lives again on the one node left, at the next join.
  const back = await join(browser, survivor.origin, 'fleet-b', 'viewer');
  expect(back.placement.node!.id).toBe(alive()[0].id);
  await member.context().close();
  await fresh.page.context().close();
  await back.page.context().close();
});

test('npm run fleet starts Redis and the nodes on consecutive ports, prints them, and a Ctrl-C stops everything cleanly', async ({ request }) => {
  const { base, launcher, output, exited } = launched!;
  await expect.poll(output, { timeout: 90_000 }).toContain('A fleet of 2 SFU nodes placing rooms through Redis');
  expect(output()).toContain(`node-1  http://localhost:${base}`);
  expect(output()).toContain(`node-2  http://localhost:${base + 1}`);
  const redisPort = Number(/redis:\/\/127\.0\.0\.1:(\d+)/.exec(output())?.[1]);
  const fleet = await snapshot(request, `http://localhost:${base + 1}`);
  expect(fleet.nodes.map((n) => [n.id, n.origin])).toEqual([
    ['node-1', `http://localhost:${base}`],
    ['node-2', `http://localhost:${base + 1}`],
  ]);

  launcher.kill('SIGINT');
  expect(await exited).toBe(0);
  expect(output()).toContain('fleet: stopped');
  for (const port of [base, base + 1, redisPort]) expect(await portInUse(port)).toBe(false);
});

test('a node whose REDIS_URL answers nobody says so and exits, instead of waiting for ever', async () => {
  const { code, output } = await unreachable!.exited;
  expect(code).toBe(1);
  expect(output).toContain(`Cannot reach Redis at ${unreachable!.redisUrl} (REDIS_URL)`);
});
