import type { ChildProcess } from 'node:child_process';
import { freePort } from '../../scripts/ports.mjs';
import { spawnServer } from '../../scripts/server-process.mjs';

/**
 * The production server (`npm start`'s process) as a child, for benchmarks that measure it from
 * outside: its descriptors, sockets and memory are its own, not mixed with the clients'.
 */
export interface RunningServer {
  child: ChildProcess;
  pid: number;
  url: string;
  output: () => string;
  stop(): Promise<void>;
}

export async function startServer({ cwd = process.cwd(), env = {} }: { cwd?: string; env?: Record<string, string> } = {}): Promise<RunningServer> {
  const port = await freePort();
  const { child, ready, exited, output } = spawnServer({
    port,
    cwd,
    env: {
      LOG_LEVEL: 'error',
      // The benchmark's clients all come from 127.0.0.1.
      LIMIT_CONNECTIONS_PER_ADDRESS: '10000',
      LIMIT_ROOMS_PER_ADDRESS: '100',
      LIMIT_BOTS_PER_ADDRESS: '1000',
      ...env,
    },
  });
  const url = await ready;
  return {
    child,
    pid: child.pid!,
    url,
    output,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
