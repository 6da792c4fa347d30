import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

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

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startServer({ cwd = process.cwd(), env = {} }: { cwd?: string; env?: Record<string, string> } = {}): Promise<RunningServer> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd,
    env: {
      ...process.env,
      PORT: String(port),
      NODE_ENV: 'production',
      LOG_LEVEL: 'error',
      NEXT_TELEMETRY_DISABLED: '1',
      // The benchmark's clients all come from 127.0.0.1.
      LIMIT_CONNECTIONS_PER_ADDRESS: '10000',
      LIMIT_ROOMS_PER_ADDRESS: '100',
      LIMIT_BOTS_PER_ADDRESS: '1000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const match = /ready at (http:\/\/localhost:\d+)/.exec(text);
      if (match) resolve(match[1]);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${text}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    pid: child.pid!,
    url,
    output: () => text,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
