// The production server (what `npm start` runs: server/index.ts under tsx) as a child process, for the tests
// and benchmarks that watch it from outside: its exit code, its output, its descriptors and memory.
import { spawn } from 'node:child_process';
import { root } from './build-if-needed.mjs';
import { SERVER_NODE_FLAGS } from './server-node-flags.mjs';

/**
 * Starts the server on `port` with `env` added to this process's environment (NODE_ENV=production unless
 * `env` says otherwise). `ready` resolves with the URL the server prints once it listens, and rejects with
 * its output if it exits first; a caller that expects a refusal reads `output()` after the exit instead.
 * @param {{ port: number | string, env?: Record<string, string>, cwd?: string, args?: string[] }} options
 */
export function spawnServer({ port, env = {}, cwd = root, args = [] }) {
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, '--import', 'tsx', 'server/index.ts', ...args], {
    cwd,
    env: { ...process.env, PORT: String(port), NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  /** @type {Promise<string>} */
  const ready = new Promise((resolve, reject) => {
    const onData = (/** @type {Buffer} */ chunk) => {
      text += chunk.toString();
      const match = /ready at (https?:\/\/localhost:\d+)/.exec(text);
      if (match) resolve(match[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${text}`)));
  });
  ready.catch(() => {}); // unhandled only if the caller never asks
  /** @type {Promise<number | null>} */
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, ready, exited, output: () => text };
}
