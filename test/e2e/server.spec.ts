import { createServer } from 'node:net';
import { test, expect } from '@playwright/test';
import WebSocket from 'ws';
import { freePort } from '../../scripts/ports.mjs';
import { spawnServer } from '../../scripts/server-process.mjs';

/** Starts the production server the way `npm start` does; `ready` resolves with the URL it prints. */
function startServer(port: number | string, env: Record<string, string> = {}) {
  return spawnServer({ port, env: { LOG_LEVEL: 'info', ...env } });
}

test.describe('the server process', () => {
  test('serves pages and /ws on one port, prints its URL, and shuts down cleanly on SIGTERM within 5 s', async ({ request }) => {
    const port = await freePort();
    const { child, ready, exited } = startServer(port);
    const url = await ready;
    expect(url).toBe(`http://localhost:${port}`);
    expect((await request.get(`${url}/`)).status()).toBe(200);

    const socket = new WebSocket(`ws://localhost:${port}/ws`);
    await new Promise((resolve) => socket.once('open', resolve));
    const socketClosed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));

    const started = Date.now();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await socketClosed).toBe(1001);
  });

  test('holds one address to its share of /ws connections by default, with a typed error', async () => {
    const { child, ready, exited } = startServer(await freePort());
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
      child.kill('SIGTERM');
      await exited;
    }
  });

  test('refuses an ALLOWED_ORIGINS entry that is not an origin, with a message naming it', async () => {
    const { exited, output } = startServer(await freePort(), { ALLOWED_ORIGINS: 'class.example.org' });
    expect(await exited).toBe(1);
    expect(output()).toContain('ALLOWED_ORIGINS');
  });

  test('refuses a PORT that is not a port, with a message saying what to set', async () => {
    const { exited, output } = startServer('lots');
    expect(await exited).toBe(1);
    expect(output()).toContain('PORT must be a whole number from 0 to 65535');
  });

  test('says which port is taken and how to pick another', async () => {
    const port = await freePort();
    const blocker = createServer().listen(port, '0.0.0.0');
    await new Promise((resolve) => blocker.once('listening', resolve));
    try {
      const { exited, output } = startServer(port);
      expect(await exited).toBe(1);
      expect(output()).toContain(`Port ${port} is in use`);
    } finally {
      blocker.close();
    }
  });
});
