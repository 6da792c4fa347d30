// Starting a local fleet: a Redis on loopback and SFU nodes (server/index.ts with REDIS_URL), each
// its own process group so a Ctrl-C reaches the launcher alone and the launcher stops them in order.
// Used by `npm run fleet` (scripts/fleet.mjs) and by the fleet e2e test.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { freePort } from './ports.mjs';

export { freePort, portInUse } from './ports.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const REDIS_INSTALL_HINT =
  'redis-server was not found. Install Redis from your distribution, e.g. `sudo apt-get install redis-server` on Debian or Ubuntu ' +
  '(the package may start a system Redis too; the fleet starts its own on another port and does not need it).';

/** The redis-server binary on PATH (or in /usr/bin, /usr/sbin), or null. */
export function findRedisServer() {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/bin', '/usr/sbin', '/usr/local/bin'];
  for (const dir of dirs) {
    const candidate = path.join(dir, 'redis-server');
    if (dir && existsSync(candidate)) return candidate;
  }
  return null;
}

export function redisVersion(bin) {
  const out = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout ?? '';
  return /v=(\S+)/.exec(out)?.[1] ?? 'unknown version';
}

function pingRedis(port) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/** Lines of a child's output, each prefixed with its name. */
function prefixOutput(child, name, write) {
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => write(`${name.padEnd(8)} ${line}`));
  }
}

/**
 * Starts redis-server on 127.0.0.1 only, in memory only (no snapshots, no append-only file).
 * Resolves once it answers PING. `log` gets its output lines (null: discard).
 * @param {{ bin?: string | null, port?: number, log?: ((line: string) => void) | null }} [options]
 */
export async function startRedis({ bin = findRedisServer(), port, log = null } = {}) {
  if (!bin) throw new Error(REDIS_INSTALL_HINT);
  port ??= await freePort();
  const child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', log ? 'pipe' : 'ignore', log ? 'pipe' : 'ignore'],
  });
  if (log) prefixOutput(child, 'redis', log);
  const deadline = Date.now() + 10_000;
  while (!(await pingRedis(port))) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode} before it answered on port ${port}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not answer on 127.0.0.1:${port} within 10 s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { child, port, url: `redis://127.0.0.1:${port}` };
}

/**
 * Starts one SFU node: the site's server with REDIS_URL, on `port`, named `id`. `env` adds to the
 * environment (e.g. FLEET_DRAIN_MS). `log` gets its output lines, prefixed with its id (null: discard).
 * @param {{ id: string, port: number, redisUrl: string, env?: Record<string, string>, log?: ((line: string) => void) | null }} options
 */
export function startNode({ id, port, redisUrl, env = {}, log = null }) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', log ? 'pipe' : 'ignore', log ? 'pipe' : 'ignore'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(port),
      REDIS_URL: redisUrl,
      ROOM_NODE_ID: id,
      ROOM_NODE_ORIGIN: `http://localhost:${port}`,
      ...env,
    },
  });
  if (log) prefixOutput(child, id, log);
  return { id, port, origin: `http://localhost:${port}`, child };
}

/** Resolves when the node's GET /api/fleet lists the node itself; rejects if it exits or takes too long. */
export async function waitForNode(node, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (node.child.exitCode !== null) throw new Error(`${node.id} exited with code ${node.child.exitCode} while starting`);
    try {
      const response = await fetch(`${node.origin}/api/fleet`);
      if (response.ok) {
        const snapshot = await response.json();
        if (snapshot.nodes?.some((n) => n.id === node.id)) return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${node.id} did not report to the fleet within ${timeoutMs / 1000} s`);
}

/** Sends `signal` and resolves with the exit code (or the signal's name) once the process has ended. */
export function stopChild(child, signal = 'SIGTERM', timeoutMs = 30_000) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode ?? child.signalCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code, sig) => {
      clearTimeout(timer);
      resolve(code ?? sig);
    });
    child.kill(signal);
  });
}
