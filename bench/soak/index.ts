/**
 * `npm run soak`: the production server under churn, measured from outside (its own descriptors, UDP
 * sockets and memory, read from /proc/<pid>):
 *   1. --cycles join/leave cycles (1,000 by default), --concurrency at a time, each a viewer that joins
 *      a room with three bots, answers its offer, connects its media, and leaves;
 *   2. a soak of --minutes (10 by default): --stay viewers stay connected while one more joins and
 *      leaves every second; a line of figures each minute.
 * Then everyone leaves and the server should hold what it held before the first join. Prints before,
 * during and after, and the join latency the viewers saw; exits 1 if sockets or descriptors stayed.
 *
 * Options: --cycles 1000 --concurrency 10 --minutes 10 --stay 10 --server-dir <checkout> --json out.json
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openFiles } from '../../test/support/processSockets';
import { startServer } from '../support/server';
import { SoakViewer } from './viewer';

function option(name: string, fallback: number): number;
function option(name: string): string | undefined;
function option(name: string, fallback?: number): number | string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? process.argv[at + 1] : undefined;
  return fallback === undefined ? value : Number(value ?? fallback);
}

const cycles = option('cycles', 1000);
const concurrency = option('concurrency', 10);
const minutes = option('minutes', 10);
const stay = option('stay', 10);
const serverDir = path.resolve(option('server-dir') ?? process.cwd());
const ROOM = 'soak';

interface Figures {
  descriptors: number;
  udpSockets: number;
  rssMiB: number;
}

function figures(pid: number): Figures {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return { ...openFiles(pid), rssMiB: Math.round(rssKiB / 102.4) / 10 };
}

const line = (label: string, f: Figures) => `${label.padEnd(28)} descriptors ${String(f.descriptors).padStart(5)}   UDP sockets ${String(f.udpSockets).padStart(5)}   RSS ${f.rssMiB} MiB`;

function summary(ms: number[]) {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  return { n: ms.length, p50: at(0.5), p99: at(0.99), max: Math.round(sorted.at(-1) ?? 0), over1s: sorted.filter((x) => x > 1000).length };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function settle(pid: number, baseline: Figures): Promise<Figures> {
  let now = figures(pid);
  for (let i = 0; i < 100 && (now.udpSockets > baseline.udpSockets || now.descriptors > baseline.descriptors); i++) {
    await sleep(100);
    now = figures(pid);
  }
  return now;
}

const server = await startServer({ cwd: serverDir });
console.log(`soak of ${serverDir} (server pid ${server.pid}, node ${process.version})`);
const before = figures(server.pid);
console.log(line('before any join', before));

/** The m-line bomb of the hardening issue: one 32 KB publish offer of 459 audio sections and no BUNDLE. */
async function bomb(): Promise<{ reply: string; peakUdpSockets: number }> {
  const session = 'v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=ice-ufrag:abcd\r\na=ice-pwd:0123456789abcdefghijkl\r\na=fingerprint:sha-256 00\r\n';
  const sdp = session + Array.from({ length: 459 }, (_, i) => `m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:${i}\r\na=rtpmap:111 opus/48000/2\r\n`).join('');
  if (sdp.length > 32 * 1024) throw new Error(`the bomb is ${sdp.length} characters, over the protocol's 32 KB`);
  const bomber = new SoakViewer(server.url);
  await bomber.join('bomb', 'Bomber', 'mic');
  let peak = figures(server.pid).udpSockets;
  bomber.send({ type: 'publish-offer', sdp });
  const until = performance.now() + 60_000;
  while (performance.now() < until && !bomber.answerOrError) {
    peak = Math.max(peak, figures(server.pid).udpSockets);
    await sleep(20);
  }
  // What a reply leaves open shows a moment later too.
  for (let i = 0; i < 10; i++) {
    peak = Math.max(peak, figures(server.pid).udpSockets);
    await sleep(100);
  }
  const reply = bomber.answerOrError ?? 'no reply in 60 s';
  await bomber.leave();
  return { reply, peakUdpSockets: peak };
}
const bombResult = await bomb();
console.log(`m-line bomb (459 audio sections, no BUNDLE, 32 KB): server reply "${bombResult.reply}", UDP sockets at peak ${bombResult.peakUdpSockets}`);
await settle(server.pid, before);

const offerMs: number[] = [];
const mediaMs: number[] = [];
const failures: string[] = [];

async function cycle(id: string): Promise<void> {
  const viewer = new SoakViewer(server.url);
  try {
    await viewer.join(ROOM, id);
    await viewer.mediaUp();
    offerMs.push(viewer.firstOfferAt - viewer.joinSentAt);
    mediaMs.push(performance.now() - viewer.joinSentAt);
  } catch (error) {
    failures.push(`${id}: ${String(error)} ${viewer.errors.join('; ')}`);
  } finally {
    await viewer.leave();
  }
}

// The host keeps the room open and adds three bots; it answers its offers like any viewer.
const host = new SoakViewer(server.url);
await host.join(ROOM, 'Host');
for (let i = 0; i < 3; i++) host.send({ type: 'add-bot' });
await host.mediaUp();
console.log(line('room open, 3 bots', figures(server.pid)));

let started = 0;
const t0 = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (started < cycles) await cycle(`cycle-${started++}`);
  }),
);
console.log(`${cycles} join/leave cycles, ${concurrency} at a time, in ${Math.round((performance.now() - t0) / 1000)} s`);
console.log(line(`after ${cycles} cycles`, figures(server.pid)));

const stayers: SoakViewer[] = [];
for (let i = 0; i < stay; i++) {
  const viewer = new SoakViewer(server.url);
  await viewer.join(ROOM, `stay-${i}`);
  await viewer.mediaUp();
  stayers.push(viewer);
}
const soakEnd = performance.now() + minutes * 60_000;
let nextReport = performance.now() + 60_000;
let churned = 0;
while (performance.now() < soakEnd) {
  const tick = performance.now();
  await cycle(`churn-${churned++}`);
  if (performance.now() >= nextReport) {
    nextReport += 60_000;
    console.log(line(`soak minute ${Math.round((performance.now() - (soakEnd - minutes * 60_000)) / 60_000)}`, figures(server.pid)));
  }
  await sleep(Math.max(0, 1000 - (performance.now() - tick)));
}
for (const viewer of stayers) await viewer.leave();
await host.leave();
const after = await settle(server.pid, before);
console.log(line('after everyone left', after));
const offers = summary(offerMs);
const media = summary(mediaMs);
console.log(`join to first subscribe offer: p50 ${offers.p50} ms, p99 ${offers.p99} ms, max ${offers.max} ms, ${offers.over1s} of ${offers.n} over 1 s`);
console.log(`join to media connected:       p50 ${media.p50} ms, p99 ${media.p99} ms, max ${media.max} ms, ${media.over1s} of ${media.n} over 1 s`);
if (failures.length) console.log(`${failures.length} joins failed, e.g. ${failures.slice(0, 3).join(' | ')}`);
const json = option('json');
if (json) writeFileSync(json, JSON.stringify({ serverDir, cycles, concurrency, minutes, stay, bomb: bombResult, before, after, offers, media, failures: failures.length }, null, 2));
await server.stop();
const leaked = after.udpSockets > before.udpSockets || after.descriptors > before.descriptors;
if (leaked) console.log('The server did not return to where it started.');
process.exit(leaked || failures.length > 0 ? 1 : 0);
