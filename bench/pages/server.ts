/**
 * Starts the real site (server/index.ts, production mode) on a free loopback port for the page
 * benchmarks, and stops it again. The build must exist (npm run bench builds it first if needed).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningSite {
  origin: string;
  stop(): Promise<void>;
}

async function waitFor(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the site exited with code ${child.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the site did not answer at ${url} within ${timeoutMs} ms`);
}

/** `distDir` serves another build of the site (NEXT_DIST_DIR), e.g. main's, to measure beside this one. */
export async function startSite(distDir?: string): Promise<RunningSite> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, ...(distDir ? { NEXT_DIST_DIR: distDir } : {}), PORT: String(port), NODE_ENV: 'production', LOG_LEVEL: 'error', NEXT_TELEMETRY_DISABLED: '1' },
  });
  const origin = `http://localhost:${port}`;
  await waitFor(`${origin}/`, child);
  return {
    origin,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
