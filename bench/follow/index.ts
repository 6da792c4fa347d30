/**
 * One class session with 200 simulated followers (real WebSockets over loopback, permessage-deflate as the
 * follow page asks) against the real follow service in its own process: the time from the instructor's
 * input leaving its socket to the last follower receiving it, p50 and p99 over many inputs. Side by side,
 * the same run against a plain broadcast loop (no guild, no session processes, no log, no validation), so
 * the ratio says what the gateway design costs. Run by `npm run bench`.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const FOLLOWERS = 200;
const INPUTS = 200;
/** An instructor dragging a slider sends about 10 inputs a second; the bench sends 20, under the class limit of 25. */
const INPUT_INTERVAL_MS = 50;
const ROUNDS = 3;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function open(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url, { perMessageDeflate: true });
  await once(ws, 'open');
  return ws;
}

function nextMessage(ws: WebSocket, match: (m: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const listener = (data: WebSocket.RawData) => {
      const message = JSON.parse(String(data)) as Record<string, unknown>;
      if (match(message)) {
        ws.off('message', listener);
        resolve(message);
      }
    };
    ws.on('message', listener);
  });
}

/** Heartbeats as a follow page does (op 1 at the interval Hello gives), or the guild drops the session as a zombie. */
function heartbeat(ws: WebSocket): void {
  let seq = 0;
  let timer: NodeJS.Timeout | undefined;
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as { op?: number; s?: number; d?: { heartbeatIntervalMs?: number } };
    if (message.op === 0 && typeof message.s === 'number') seq = Math.max(seq, message.s);
    if (message.op === 10 && message.d?.heartbeatIntervalMs) {
      timer = setInterval(() => ws.send(JSON.stringify({ type: 'gateway', op: 1, d: seq })), message.d.heartbeatIntervalMs);
    }
  });
  ws.on('close', () => clearInterval(timer));
}

/** Opens FOLLOWERS sockets, 25 at a time. */
async function inBatches(connect: () => Promise<WebSocket>): Promise<WebSocket[]> {
  const all: WebSocket[] = [];
  while (all.length < FOLLOWERS) all.push(...(await Promise.all(Array.from({ length: Math.min(25, FOLLOWERS - all.length) }, connect))));
  return all;
}

/** Sends `inputs` one after another; each counts from its send until the last follower has it. */
async function measure(instructor: WebSocket, followers: WebSocket[], send: (scene: number) => void, scene: (m: Record<string, unknown>) => number | null) {
  const times: number[] = [];
  for (let i = 1; i <= INPUTS; i += 1) {
    let remaining = followers.length;
    const done = new Promise<void>((resolve) => {
      for (const ws of followers) {
        const listener = (data: WebSocket.RawData) => {
          if (scene(JSON.parse(String(data))) !== i) return;
          ws.off('message', listener);
          remaining -= 1;
          if (remaining === 0) resolve();
        };
        ws.on('message', listener);
      }
    });
    const start = process.hrtime.bigint();
    send(i);
    await done;
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    times.push(ms);
    if (ms < INPUT_INTERVAL_MS) await new Promise((resolve) => setTimeout(resolve, INPUT_INTERVAL_MS - ms));
  }
  void instructor;
  return times.sort((a, b) => a - b);
}

async function gatewayRun(port: number) {
  const instructor = await open(`ws://127.0.0.1:${port}/ws?compress=deflate`);
  instructor.send(JSON.stringify({ type: 'class-start' }));
  instructor.on('message', (data) => {
    const message = JSON.parse(String(data)) as { type: string; code?: string };
    if (message.type === 'error') console.error('  instructor refused:', String(data));
  });
  const started = await nextMessage(instructor, (m) => m.type === 'class-started');
  const followers = await inBatches(async () => {
    const ws = await open(`ws://127.0.0.1:${port}/ws?compress=deflate`);
    heartbeat(ws);
    const ready = nextMessage(ws, (m) => m.t === 'READY');
    ws.send(JSON.stringify({ type: 'gateway', op: 2, d: { guild: { kind: 'class', code: started.code } } }));
    await ready;
    return ws;
  });
  const times = await measure(
    instructor,
    followers,
    (scene) => instructor.send(JSON.stringify({ type: 'class-event', event: { t: 'POSITION', d: { chapter: 'cost', scene: scene % 1000, step: 0 } } })),
    (m) => (m.t === 'POSITION' ? ((m.d as { scene: number }).scene) : null),
  );
  instructor.send(JSON.stringify({ type: 'class-end' }));
  await closeAll([instructor, ...followers]);
  return times;
}

async function closeAll(sockets: WebSocket[]): Promise<void> {
  await Promise.all(sockets.map((ws) => (ws.readyState === WebSocket.CLOSED ? null : (ws.close(), once(ws, 'close')))));
}

async function plainRun(port: number) {
  const instructor = await open(`ws://127.0.0.1:${port}/plain`);
  const followers = await inBatches(() => open(`ws://127.0.0.1:${port}/plain`));
  const times = await measure(
    instructor,
    followers,
    (scene) => instructor.send(JSON.stringify({ type: 'gateway', op: 0, s: scene, t: 'POSITION', d: { chapter: 'cost', scene: scene % 1000, step: 0 } })),
    (m) => (m.t === 'POSITION' ? ((m.d as { scene: number }).scene) : null),
  );
  await closeAll([instructor, ...followers]);
  return times;
}

export async function runFollowBench(): Promise<void> {
  const server = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench/follow/server.ts')], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) => server.stdout.on('data', (d: Buffer) => {
    const match = /port (\d+)/.exec(String(d));
    if (match) resolve(Number(match[1]));
  }));
  try {
    console.log(`\nClass follow service: one class, ${FOLLOWERS} followers on loopback, ${INPUTS} instructor inputs a round, ${ROUNDS} rounds alternating`);
    console.log('time from the instructor\'s send to the last follower receiving it (ms)');
    const rows: { name: string; p50: number; p99: number }[] = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      for (const [name, run] of [['gateway (guild + session processes)', gatewayRun], ['plain broadcast loop', plainRun]] as const) {
        const started = Date.now();
        const times = await run(port);
        if (Date.now() - started > 120_000) console.log('  (a round took over two minutes: the machine is busy)');
        const row = { name, p50: quantile(times, 0.5), p99: quantile(times, 0.99) };
        rows.push(row);
        console.log(`  round ${round}  ${name.padEnd(36)} p50 ${row.p50.toFixed(2).padStart(6)}  p99 ${row.p99.toFixed(2).padStart(6)}`);
      }
    }
    const median = (name: string, key: 'p50' | 'p99') => {
      const values = rows.filter((r) => r.name.startsWith(name)).map((r) => r[key]).sort((a, b) => a - b);
      return values[Math.floor(values.length / 2)];
    };
    const g50 = median('gateway', 'p50');
    const g99 = median('gateway', 'p99');
    const p50 = median('plain', 'p50');
    const p99 = median('plain', 'p99');
    console.log(`  median of rounds: gateway p50 ${g50.toFixed(2)} ms, p99 ${g99.toFixed(2)} ms; plain p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms`);
    console.log(`  ratio gateway / plain: p50 ${(g50 / p50).toFixed(2)}x, p99 ${(g99 / p99).toFixed(2)}x`);
  } finally {
    server.kill('SIGTERM');
  }
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) await runFollowBench();
