import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SocketServer } from '@/server/ws/SocketServer';
import { silentLogger } from '@/server/log';
import { MAX_MESSAGE_BYTES, MAX_MESSAGES_PER_SECOND } from '@/server/limits';
import type { Connection } from '@/server/ws/Connection';

let http: Server;
let sockets: SocketServer;
let url: string;
const forwarded: unknown[] = [];

beforeEach(async () => {
  http = createServer((_, response) => response.end('page'));
  sockets = new SocketServer(silentLogger);
  sockets.on('connection', (connection: Connection) => connection.on('message', (message) => forwarded.push(message)));
  http.on('upgrade', (request, socket, head) => {
    if (!sockets.handleUpgrade(request, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}`;
  forwarded.length = 0;
});

afterEach(async () => {
  sockets.close();
  await new Promise((resolve) => http.close(resolve));
});

async function open(path = '/ws'): Promise<WebSocket> {
  const socket = new WebSocket(url + path);
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return socket;
}

function nextReply(socket: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) => socket.once('message', (data) => resolve(JSON.parse(String(data)))));
}

async function send(socket: WebSocket, data: string | Buffer): Promise<Record<string, unknown>> {
  const reply = nextReply(socket);
  socket.send(data);
  return reply;
}

describe('the /ws socket server', () => {
  it('welcomes a client that says hello with the protocol version', async () => {
    const socket = await open();
    expect(await send(socket, JSON.stringify({ type: 'hello', protocol: 1 }))).toMatchObject({ type: 'welcome', protocol: 1 });
    socket.close();
  });

  it('answers a ping with a pong carrying the same nonce', async () => {
    const socket = await open();
    expect(await send(socket, JSON.stringify({ type: 'ping', nonce: 42 }))).toMatchObject({ type: 'pong', nonce: 42 });
    socket.close();
  });

  it('claims only upgrades to /ws and leaves every other path to its owner', async () => {
    await expect(open('/_next/webpack-hmr')).rejects.toThrow();
    expect(sockets.size).toBe(0);
  });

  it('replies bad-json to text that is not JSON, and the socket keeps working', async () => {
    const socket = await open();
    expect(await send(socket, '{oops')).toMatchObject({ type: 'error', code: 'bad-json' });
    expect(await send(socket, JSON.stringify({ type: 'ping', nonce: 1 }))).toMatchObject({ type: 'pong' });
    socket.close();
  });

  it('replies bad-message naming the field, for a message outside the protocol', async () => {
    const socket = await open();
    const reply = await send(socket, JSON.stringify({ type: 'ping', nonce: 'soon' }));
    expect(reply).toMatchObject({ type: 'error', code: 'bad-message', inReplyTo: 'ping' });
    expect(String(reply.message)).toContain('"nonce"');
    expect(await send(socket, JSON.stringify({ type: 'self-destruct' }))).toMatchObject({ code: 'bad-message' });
    expect(forwarded).toEqual([]);
    socket.close();
  });

  it('refuses binary frames and messages over the size limit', async () => {
    const socket = await open();
    expect(await send(socket, Buffer.from([1, 2, 3]))).toMatchObject({ code: 'too-large' });
    const huge = JSON.stringify({ type: 'ping', nonce: 1, pad: 'x'.repeat(MAX_MESSAGE_BYTES) });
    expect(await send(socket, huge)).toMatchObject({ code: 'too-large' });
    socket.close();
  });

  it('tells a client that floods it to slow down', async () => {
    const socket = await open();
    const replies: Record<string, unknown>[] = [];
    const done = new Promise<void>((resolve) =>
      socket.on('message', (data) => {
        replies.push(JSON.parse(String(data)));
        if (replies.length === MAX_MESSAGES_PER_SECOND + 5) resolve();
      }),
    );
    for (let i = 0; i < MAX_MESSAGES_PER_SECOND + 5; i += 1) socket.send(JSON.stringify({ type: 'ping', nonce: i }));
    await done;
    expect(replies.filter((r) => r.code === 'rate-limited')).toHaveLength(5);
    socket.close();
  });

  it('closes every connection when it shuts down, and closing twice is harmless', async () => {
    const socket = await open();
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    expect(sockets.size).toBe(1);
    sockets.close();
    sockets.close();
    expect(await closed).toBe(1001);
    expect(sockets.size).toBe(0);
  });
});
