import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { test, expect } from '@playwright/test';
import WebSocket from 'ws';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts the production server the way `npm start` does, and resolves with the URL it prints. */
function startServer(port: number | string, env: Record<string, string> = {}): { child: ChildProcess; ready: Promise<string>; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    env: { ...process.env, PORT: String(port), NODE_ENV: 'production', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const match = /ready at (http:\/\/localhost:\d+)/.exec(text);
      if (match) resolve(match[1]);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${text}`)));
  });
  ready.catch(() => {}); // a test that expects the server to refuse reads output() instead
  return { child, ready, output: () => text };
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

test.describe('the server process', () => {
  test('serves pages and /ws on one port, prints its URL, and shuts down cleanly on SIGTERM within 5 s', async ({ request }) => {
    const port = await freePort();
    const { child, ready } = startServer(port);
    const url = await ready;
    expect(url).toBe(`http://localhost:${port}`);
    expect((await request.get(`${url}/`)).status()).toBe(200);

    const socket = new WebSocket(`ws://localhost:${port}/ws`);
    await new Promise((resolve) => socket.once('open', resolve));
    const socketClosed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));

    const started = Date.now();
    const exit = exited(child);
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await socketClosed).toBe(1001);
  });

  test('holds one address to its share of /ws connections by default, with a typed error', async () => {
    const { child, ready } = startServer(await freePort());
    const url = (await ready).replace('http', 'ws') + '/ws';
    const sockets: WebSocket[] = [];
    try {
      // The default is 60 (server/limits.ts): a class behind one NAT address, one tab each and spares.
      for (let i = 0; i < 60; i += 1) {
        const socket = new WebSocket(url);
        await new Promise((resolve, reject) => {
          socket.once('open', resolve);
          socket.once('error', reject);
        });
        sockets.push(socket);
      }
      const extra = new WebSocket(url);
      const reply = new Promise<{ code?: string }>((resolve) => extra.once('message', (data) => resolve(JSON.parse(String(data)))));
      const closed = new Promise<number>((resolve) => extra.once('close', (code) => resolve(code)));
      expect(await reply).toMatchObject({ type: 'error', code: 'connections-per-address' });
      expect(await closed).toBe(1008);
    } finally {
      for (const socket of sockets) socket.close();
      const exit = exited(child);
      child.kill('SIGTERM');
      await exit;
    }
  });

  test('refuses an ALLOWED_ORIGINS entry that is not an origin, with a message naming it', async () => {
    const { child, output } = startServer(await freePort(), { ALLOWED_ORIGINS: 'class.example.org' });
    expect(await exited(child)).toBe(1);
    expect(output()).toContain('ALLOWED_ORIGINS');
  });

  test('refuses a PORT that is not a port, with a message saying what to set', async () => {
    const { child, output } = startServer('lots');
    expect(await exited(child)).toBe(1);
    expect(output()).toContain('PORT must be a whole number from 0 to 65535');
  });

  test('says which port is taken and how to pick another', async () => {
    const port = await freePort();
    const blocker = createServer().listen(port, '0.0.0.0');
    await new Promise((resolve) => blocker.once('listening', resolve));
    try {
      const { child, output } = startServer(port);
      expect(await exited(child)).toBe(1);
      expect(output()).toContain(`Port ${port} is in use`);
    } finally {
      blocker.close();
    }
  });
});
