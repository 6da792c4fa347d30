import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SocketServer, type SocketServerOptions } from '@/server/ws/SocketServer';
import { rateLimited, silentLogger, type Logger } from '@/server/log';
import { MAX_MESSAGE_BYTES, MAX_MESSAGES_PER_SECOND, MAX_REJECTED_MESSAGES, RATE_LIMIT_WARNINGS_BEFORE_CLOSE } from '@/server/limits';
import type { Connection } from '@/server/ws/Connection';

let http: Server;
let sockets: SocketServer;
let url: string;
const forwarded: unknown[] = [];
/** The sockets' clock: tests move it instead of waiting. */
let clockMs = 0;

async function restart(options: SocketServerOptions = {}): Promise<void> {
  sockets.close();
  await new Promise((resolve) => http.close(resolve));
  await listen(options);
}

async function listen(options: SocketServerOptions = {}): Promise<void> {
  http = createServer((_, response) => response.end('page'));
  sockets = new SocketServer(silentLogger, { now: () => clockMs, ...options });
  sockets.on('connection', (connection: Connection) => connection.on('message', (message) => forwarded.push(message)));
  http.on('upgrade', (request, socket, head) => {
    if (!sockets.handleUpgrade(request, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}`;
  forwarded.length = 0;
}

beforeEach(async () => {
  clockMs = 1_000_000;
  await listen();
});

afterEach(async () => {
  sockets.close();
  await new Promise((resolve) => http.close(resolve));
});

async function open(path = '/ws', origin?: string): Promise<WebSocket> {
  const socket = new WebSocket(url + path, origin ? { origin } : {});
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

function collect(socket: WebSocket): Record<string, unknown>[] {
  const replies: Record<string, unknown>[] = [];
  socket.on('message', (data) => replies.push(JSON.parse(String(data))));
  return replies;
}

async function burst(socket: WebSocket, count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) socket.send(JSON.stringify({ type: 'ping', nonce: i }));
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A round trip that proves everything sent before it was handled (within the same second it is dropped, so wait it out). */
async function ping(socket: WebSocket, replies: Record<string, unknown>[]): Promise<void> {
  clockMs += 1000;
  const count = replies.length;
  socket.send(JSON.stringify({ type: 'ping', nonce: 999 }));
  await until(() => replies.length > count);
  replies.pop();
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

  it('refuses binary frames (binary-message, whatever their size) and messages over the size limit', async () => {
    const socket = await open();
    expect(await send(socket, Buffer.from([1, 2, 3]))).toMatchObject({ code: 'binary-message' });
    const huge = JSON.stringify({ type: 'ping', nonce: 1, pad: 'x'.repeat(MAX_MESSAGE_BYTES) });
    expect(await send(socket, huge)).toMatchObject({ code: 'too-large' });
    socket.close();
  });

  it('tells a client that floods it to slow down once a second, and drops the messages over the rate', async () => {
    const socket = await open();
    const replies = collect(socket);
    await burst(socket, MAX_MESSAGES_PER_SECOND + 20);
    await until(() => replies.length >= MAX_MESSAGES_PER_SECOND + 1);
    await ping(socket, replies);
    expect(replies.filter((r) => r.type === 'pong')).toHaveLength(MAX_MESSAGES_PER_SECOND);
    expect(replies.filter((r) => r.code === 'rate-limited')).toHaveLength(1);
    // The next second the socket works again.
    clockMs += 1000;
    expect(await send(socket, JSON.stringify({ type: 'ping', nonce: 1 }))).toMatchObject({ type: 'pong' });
    socket.close();
  });

  it(`closes a socket with 1008 that keeps flooding after ${RATE_LIMIT_WARNINGS_BEFORE_CLOSE} warnings`, async () => {
    const socket = await open();
    const replies = collect(socket);
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    for (let second = 0; second <= RATE_LIMIT_WARNINGS_BEFORE_CLOSE; second += 1) {
      await burst(socket, MAX_MESSAGES_PER_SECOND + 5);
      await until(() => replies.filter((r) => r.code === 'rate-limited' || r.code === 'flooding').length > second);
      clockMs += 1000;
    }
    expect(await closed).toBe(1008);
    expect(replies.filter((r) => r.code === 'rate-limited')).toHaveLength(RATE_LIMIT_WARNINGS_BEFORE_CLOSE);
    expect(replies.at(-1)).toMatchObject({ code: 'flooding' });
    expect(sockets.size).toBe(0);
  });

  it(`closes a socket with 1008 that sends more than ${MAX_REJECTED_MESSAGES} bad messages in ten seconds`, async () => {
    const socket = await open();
    const replies = collect(socket);
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    for (let i = 0; i <= MAX_REJECTED_MESSAGES; i += 1) socket.send('{oops');
    expect(await closed).toBe(1008);
    expect(replies.filter((r) => r.code === 'bad-json')).toHaveLength(MAX_REJECTED_MESSAGES + 1);
    expect(replies.at(-1)).toMatchObject({ code: 'flooding' });
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

describe('who may open /ws', () => {
  it('refuses a page of another site with 403 before upgrading, and lets this site’s pages and programs in', async () => {
    const port = (http.address() as AddressInfo).port;
    await expect(open('/ws', 'https://evil.example')).rejects.toThrow(/403/);
    await expect(open('/ws', 'null')).rejects.toThrow(/403/);
    expect(sockets.size).toBe(0);
    (await open('/ws', `http://127.0.0.1:${port}`)).close();
    (await open('/ws')).close();
  });

  it('lets in the origins ALLOWED_ORIGINS lists', async () => {
    await restart({ allowedOrigins: ['https://class.example.org'] });
    (await open('/ws', 'https://class.example.org')).close();
    await expect(open('/ws', 'https://other.example.org')).rejects.toThrow(/403/);
  });

  it('asks a function for the allowed origins on every handshake (a fleet learns its nodes as they report)', async () => {
    const fleet: string[] = [];
    await restart({ allowedOrigins: async () => fleet });
    await expect(open('/ws', 'http://localhost:3002')).rejects.toThrow(/403/);
    fleet.push('http://localhost:3002');
    (await open('/ws', 'http://localhost:3002')).close();
  });

  it('tells the connection past its address’s share why, and closes it with 1008', async () => {
    await restart({ connectionsPerAddress: 2 });
    const first = await open();
    const second = await open();
    const third = new WebSocket(url + '/ws');
    const reply = new Promise<Record<string, unknown>>((resolve) => third.once('message', (data) => resolve(JSON.parse(String(data)))));
    const closed = new Promise<number>((resolve) => third.once('close', (code) => resolve(code)));
    expect(await reply).toMatchObject({ type: 'error', code: 'connections-per-address' });
    expect(await closed).toBe(1008);
    expect(sockets.size).toBe(2);
    // A slot frees when a connection closes.
    first.close();
    await until(() => sockets.size === 1);
    (await open()).close();
    second.close();
  });
});

describe('the log under a flood', () => {
  it('writes ten lines of a kind a minute and then says how many it left out', () => {
    const lines: string[] = [];
    const base: Logger = { info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
    let t = 0;
    const log = rateLimited(base, { linesPerKind: 10, windowMs: 60_000, now: () => t });
    for (let i = 0; i < 9201; i += 1) {
      log.warn('rejected message', { i });
      t += 1;
    }
    log.warn('another kind');
    expect(lines.filter((l) => l === 'rejected message')).toHaveLength(10);
    expect(lines).toContain('another kind');
    t += 60_000;
    log.warn('rejected message');
    expect(lines).toContain('rejected message: 9191 more like this were left out of the log');
    expect(lines.at(-1)).toBe('rejected message');
  });
});
