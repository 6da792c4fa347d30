import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { PeerjsServer, PEERJS_SOCKET_PATH, type PeerjsServerOptions } from '@/server/mesh/PeerjsServer';
import { MAX_PEERJS_MESSAGE_BYTES, MAX_PEERJS_REJECTED_MESSAGES, PEERJS_MESSAGES_PER_SECOND } from '@/server/limits';
import { silentLogger } from '@/server/log';
import { createRng } from '@/lib/random';

/**
 * The PeerServer at /peerjs as a stranger meets it: the `peer` package behind this project's checks, on a
 * plain HTTP server, driven by raw WebSocket clients speaking peerjs's protocol (and things that are not).
 */

let http: Server;
let peerjs: PeerjsServer;
let base: string;
const otherUpgrades: string[] = [];

async function start(options: PeerjsServerOptions = {}) {
  peerjs = new PeerjsServer(silentLogger, options);
  http = createServer((request, response) => {
    if (!peerjs.route(request, response)) response.end('page');
  });
  http.on('upgrade', (request, socket, head) => {
    if (!peerjs.upgrade(request, socket, head)) {
      otherUpgrades.push(request.url ?? '');
      socket.destroy();
    }
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  base = `127.0.0.1:${(http.address() as AddressInfo).port}`;
}

beforeEach(() => {
  otherUpgrades.length = 0;
});

afterEach(async () => {
  peerjs.close();
  await new Promise((resolve) => http.close(resolve));
});

interface Client {
  ws: WebSocket;
  frames: Record<string, unknown>[];
  /** Resolves with the next frame matching `type` (or already received and not yet taken). */
  next(type?: string): Promise<Record<string, unknown>>;
  closed: Promise<number>;
  send(message: unknown): void;
}

function client(id: string, { token = `t-${id}`, key = 'peerjs', origin, path = PEERJS_SOCKET_PATH }: { token?: string; key?: string; origin?: string; path?: string } = {}): Client {
  const query = new URLSearchParams({ key, id, token, version: '1.5.5' });
  const ws = new WebSocket(`ws://${base}${path}?${query}`, origin ? { origin } : {});
  const frames: Record<string, unknown>[] = [];
  const waiters: { type?: string; resolve: (f: Record<string, unknown>) => void }[] = [];
  const taken = new Set<Record<string, unknown>>();
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data));
    frames.push(frame);
    const i = waiters.findIndex((w) => !w.type || w.type === frame.type);
    if (i >= 0) {
      taken.add(frame);
      waiters.splice(i, 1)[0].resolve(frame);
    }
  });
  ws.on('error', () => {});
  return {
    ws,
    frames,
    next(type) {
      const ready = frames.find((f) => !taken.has(f) && (!type || f.type === type));
      if (ready) {
        taken.add(ready);
        return Promise.resolve(ready);
      }
      return new Promise((resolve) => waiters.push({ type, resolve }));
    },
    closed: new Promise((resolve) => ws.on('close', (code) => resolve(code))),
    send(message) {
      ws.send(typeof message === 'string' || Buffer.isBuffer(message) ? message : JSON.stringify(message));
    },
  };
}

async function opened(id: string, options?: Parameters<typeof client>[1]): Promise<Client> {
  const c = client(id, options);
  expect(await c.next()).toEqual({ type: 'OPEN' });
  return c;
}

const offer = (dst: string, extra: Record<string, unknown> = {}) => ({ type: 'OFFER', dst, payload: { sdp: { type: 'offer', sdp: 'v=0' }, type: 'media', connectionId: 'mc_1' }, ...extra });

/** Lets frames in flight arrive. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('the PeerServer at /peerjs', () => {
  it('opens a peerjs client and relays its offer to another, stamping the sender itself', async () => {
    await start();
    const alice = await opened('alice');
    const bob = await opened('bob');
    alice.send(offer('bob', { src: 'mallory' }));
    expect(await bob.next('OFFER')).toEqual({ type: 'OFFER', src: 'alice', dst: 'bob', payload: offer('bob').payload });
    bob.send({ type: 'ANSWER', dst: 'alice', payload: { sdp: { type: 'answer', sdp: 'v=0' }, type: 'media', connectionId: 'mc_1' } });
    expect(await alice.next('ANSWER')).toMatchObject({ src: 'bob' });
    expect(peerjs.size).toBe(2);
  });

  it('serves the package’s HTTP API under /peerjs: its name, and a fresh id, with no list of peers', async () => {
    await start();
    const info = await fetch(`http://${base}/peerjs`);
    expect(await info.json()).toMatchObject({ name: 'PeerJS Server' });
    expect(info.headers.get('x-powered-by')).toBeNull();
    const id = await (await fetch(`http://${base}/peerjs/peerjs/id`)).text();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await fetch(`http://${base}/peerjs/peerjs/peers`)).status).toBe(401);
    expect(await (await fetch(`http://${base}/room/lobby`)).text()).toBe('page');
  });

  it('claims only upgrades to /peerjs/peerjs and leaves /ws and Next’s hot-reload socket to their owners', async () => {
    await start();
    for (const path of ['/ws', '/_next/webpack-hmr', '/peerjs', '/peerjs/peerjs/x']) {
      const c = client('x', { path });
      await c.closed;
    }
    expect(otherUpgrades.map((u) => u.split('?')[0])).toEqual(['/ws', '/_next/webpack-hmr', '/peerjs', '/peerjs/peerjs/x']);
    expect(peerjs.size).toBe(0);
  });

  it('refuses a handshake from another site’s page with 403, before upgrading', async () => {
    await start({ isAllowedOrigin: (origin, host) => origin === undefined || new URL(origin).host === host });
    const refused = new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://${base}${PEERJS_SOCKET_PATH}?key=peerjs&id=a&token=t`, { origin: 'https://evil.example' });
      ws.on('unexpected-response', (_, response) => resolve(response.statusCode ?? 0));
      ws.on('error', () => {});
    });
    expect(await refused).toBe(403);
    await opened('same-site', { origin: `http://${base}` });
  });

  it('turns away a handshake without id, token or the right key, and an id peerjs would not accept', async () => {
    await start();
    for (const [id, key] of [
      ['', 'peerjs'],
      ['ok', 'other-key'],
      ['bad id!', 'peerjs'],
      ['x'.repeat(65), 'peerjs'],
    ]) {
      const c = client(id, { key });
      expect(await c.next()).toMatchObject({ type: 'ERROR' });
      expect(await c.closed).toBe(1008);
    }
    expect(peerjs.size).toBe(0);
  });

  it('answers every malformed message with an ERROR, relays none of them, and keeps the socket open', async () => {
    await start();
    const alice = await opened('alice');
    const bob = await opened('bob');
    const bad: (string | Buffer)[] = [
      '{oops',
      Buffer.from([1, 2, 3]),
      'null',
      '42',
      JSON.stringify({ type: 'SELF-DESTRUCT', dst: 'bob' }),
      JSON.stringify({ type: 'OFFER', payload: {} }),
      JSON.stringify({ type: 'OFFER', dst: 'bob', payload: 'not an object' }),
      JSON.stringify({ type: 'EXPIRE', dst: 'bob' }),
      JSON.stringify({ type: 'OFFER', dst: 'bob', payload: { pad: 'x'.repeat(MAX_PEERJS_MESSAGE_BYTES) } }),
      JSON.stringify(offer('alice')),
    ];
    for (const frame of bad) {
      alice.send(frame);
      expect(await alice.next('ERROR')).toMatchObject({ type: 'ERROR', payload: { msg: expect.any(String) } });
    }
    alice.send({ type: 'HEARTBEAT' });
    alice.send(offer('bob'));
    expect(await bob.next('OFFER')).toMatchObject({ src: 'alice' });
    expect(bob.frames.filter((f) => f.type !== 'OPEN')).toHaveLength(1);
    expect(alice.ws.readyState).toBe(WebSocket.OPEN);
  });

  it(`closes a client with 1008 after ${MAX_PEERJS_REJECTED_MESSAGES} refused messages`, async () => {
    await start();
    const alice = await opened('alice');
    for (let i = 0; i <= MAX_PEERJS_REJECTED_MESSAGES; i += 1) alice.send('{oops');
    expect(await alice.closed).toBe(1008);
    expect(alice.frames.at(-1)).toMatchObject({ type: 'ERROR', payload: { msg: expect.stringContaining('Closing') } });
    await settle();
    expect(peerjs.isConnected('alice')).toBe(false);
  });

  it(`relays at most ${PEERJS_MESSAGES_PER_SECOND} messages a second from one client and warns it once`, async () => {
    await start();
    const alice = await opened('alice');
    const bob = await opened('bob');
    for (let i = 0; i < PEERJS_MESSAGES_PER_SECOND + 40; i += 1) alice.send({ type: 'CANDIDATE', dst: 'bob', payload: { n: i } });
    await alice.next('ERROR');
    await settle();
    expect(bob.frames.filter((f) => f.type === 'CANDIDATE')).toHaveLength(PEERJS_MESSAGES_PER_SECOND);
    expect(alice.frames.filter((f) => f.type === 'ERROR')).toHaveLength(1);
  });

  it('answers a message for a peer that is not connected with EXPIRE at once, and keeps nothing for later', async () => {
    await start();
    const alice = await opened('alice');
    alice.send(offer('carol'));
    expect(await alice.next('EXPIRE')).toEqual({ type: 'EXPIRE', src: 'carol', dst: 'alice' });
    const carol = await opened('carol');
    await settle();
    expect(carol.frames).toEqual([{ type: 'OPEN' }]);
  });

  it('keeps an id for its token: another token gets ID-TAKEN, the same token takes the id over', async () => {
    await start();
    const first = await opened('alice', { token: 'one' });
    const bob = await opened('bob');
    const thief = client('alice', { token: 'two' });
    expect(await thief.next()).toMatchObject({ type: 'ID-TAKEN' });
    await thief.closed;
    // The package sends a reconnecting peer no second OPEN; messages simply go to its new socket.
    const again = client('alice', { token: 'one' });
    expect(await first.closed).toBe(1000);
    bob.send(offer('alice'));
    expect(await again.next('OFFER')).toMatchObject({ src: 'bob' });
    expect(peerjs.size).toBe(2);
  });

  it('holds at most the per-address number of peers for one address, and counts one freed when it closes', async () => {
    await start({ clientsPerAddress: 2 });
    const a = await opened('a');
    await opened('b');
    const c = client('c');
    expect(await c.next()).toMatchObject({ type: 'ERROR', payload: { msg: expect.stringContaining('the most it may') } });
    expect(await c.closed).toBe(1008);
    a.ws.close();
    await a.closed;
    await settle();
    await opened('d');
  });

  it('refuses upgrades with 503 once the whole server holds its maximum', async () => {
    await start({ maxClients: 1 });
    await opened('a');
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://${base}${PEERJS_SOCKET_PATH}?key=peerjs&id=b&token=t`);
      ws.on('unexpected-response', (_, response) => resolve(response.statusCode ?? 0));
      ws.on('error', () => {});
    });
    expect(status).toBe(503);
  });

  describe('room peers', () => {
    it('lets only the holder of a room’s token take a room id, and no one take an unreserved one', async () => {
      await start();
      peerjs.reserve('room-abc', 'secret', 'lobby');
      const wrong = client('room-abc', { token: 'guess' });
      expect(await wrong.next()).toMatchObject({ type: 'ERROR', payload: { msg: expect.stringContaining('belongs to someone') } });
      const squatter = client('room-xyz', { token: 'any' });
      expect(await squatter.next()).toMatchObject({ type: 'ERROR', payload: { msg: expect.stringContaining('given out by rooms') } });
      await opened('room-abc', { token: 'secret' });
      expect(peerjs.isConnected('room-abc')).toBe(true);
    });

    it('lets room peers signal only their own room: strangers and other rooms are refused both ways', async () => {
      await start();
      peerjs.reserve('room-a1', 's1', 'lobby');
      peerjs.reserve('room-a2', 's2', 'lobby');
      peerjs.reserve('room-b1', 's3', 'other');
      const a1 = await opened('room-a1', { token: 's1' });
      const a2 = await opened('room-a2', { token: 's2' });
      const b1 = await opened('room-b1', { token: 's3' });
      const stranger = await opened('stranger');
      a1.send(offer('room-a2'));
      expect(await a2.next('OFFER')).toMatchObject({ src: 'room-a1' });
      stranger.send(offer('room-a1'));
      expect(await stranger.next('ERROR')).toMatchObject({ payload: { msg: expect.stringContaining('not in') } });
      b1.send(offer('room-a1'));
      expect(await b1.next('ERROR')).toMatchObject({ payload: { msg: expect.stringContaining('not in') } });
      a1.send(offer('stranger'));
      expect(await a1.next('ERROR')).toMatchObject({ payload: { msg: expect.stringContaining('only the others') } });
      await settle();
      expect(a1.frames.filter((f) => f.type === 'OFFER')).toEqual([]);
    });

    it('disconnects a room peer whose id is released, and tells who connected and left', async () => {
      await start();
      const events: string[] = [];
      peerjs.on('connected', (id) => events.push(`+${id}`));
      peerjs.on('disconnected', (id) => events.push(`-${id}`));
      peerjs.reserve('room-a1', 's1', 'lobby');
      const a1 = await opened('room-a1', { token: 's1' });
      peerjs.release('room-a1');
      peerjs.release('room-a1');
      expect(await a1.closed).toBe(1000);
      await settle();
      expect(events).toEqual(['+room-a1', '-room-a1']);
      const again = client('room-a1', { token: 's1' });
      expect(await again.next()).toMatchObject({ type: 'ERROR' });
    });
  });

  it('carries a server-side peer’s frames in memory, to and from browsers', async () => {
    await start();
    peerjs.reserve('room-bot', 'b', 'lobby');
    peerjs.reserve('room-web', 'w', 'lobby');
    const bot = peerjs.connectLocal('room-bot', 'b');
    const fromServer: Record<string, unknown>[] = [];
    bot.on('message', (text) => fromServer.push(JSON.parse(text)));
    const web = await opened('room-web', { token: 'w' });
    await settle();
    expect(fromServer).toEqual([{ type: 'OPEN' }]);
    bot.send(JSON.stringify(offer('room-web')));
    expect(await web.next('OFFER')).toMatchObject({ src: 'room-bot' });
    web.send({ type: 'ANSWER', dst: 'room-bot', payload: { sdp: { type: 'answer', sdp: 'v=0' } } });
    await settle();
    expect(fromServer.at(-1)).toMatchObject({ type: 'ANSWER', src: 'room-web' });
    bot.close();
    await settle();
    expect(peerjs.isConnected('room-bot')).toBe(false);
  });

  it('survives a seeded barrage of garbage and mutated messages without relaying any or dropping its good clients', async () => {
    await start();
    const rng = createRng(16);
    const pick = <T,>(list: readonly T[]) => list[Math.floor(rng.next() * list.length)];
    const alice = await opened('alice');
    const bob = await opened('bob');
    const values = [null, 0, -1, 1e308, '', 'x'.repeat(300), [], {}, { sdp: 1 }, true, 'bob', 'alice', 'OFFER', '__proto__'];
    const keys = ['type', 'dst', 'src', 'payload', '__proto__', 'constructor'];
    const types = ['OFFER', 'ANSWER', 'CANDIDATE', 'LEAVE', 'EXPIRE', 'HEARTBEAT', 'OPEN', 'ID-TAKEN', 'ERROR', 'offer', ''];
    let sent = 0;
    for (let round = 0; round < 4; round += 1) {
      // Each round from a fresh stranger, under the rate and refusal limits, so every frame is judged.
      const mallory = await opened(`mallory${round}`);
      for (let i = 0; i < MAX_PEERJS_REJECTED_MESSAGES; i += 1) {
        const message: Record<string, unknown> = {};
        for (let k = 0; k < 1 + Math.floor(rng.next() * 4); k += 1) message[pick(keys)] = pick(values);
        if (rng.next() < 0.6) message.type = pick(types);
        if (rng.next() < 0.3) message.dst = 'bob';
        const text = rng.next() < 0.2 ? JSON.stringify(message).slice(0, Math.floor(rng.next() * 20)) : JSON.stringify(message);
        mallory.send(text);
        sent += 1;
      }
      await settle();
      mallory.ws.close();
    }
    expect(sent).toBe(4 * MAX_PEERJS_REJECTED_MESSAGES);
    alice.send(offer('bob'));
    const relayed = await bob.next('OFFER');
    expect(relayed).toMatchObject({ src: 'alice' });
    // Nothing a stranger sent reached bob except well-formed messages, which carry the stranger's own id.
    for (const frame of bob.frames) {
      if (frame.type === 'OPEN') continue;
      expect(['OFFER', 'ANSWER', 'CANDIDATE', 'LEAVE']).toContain(frame.type);
      expect(String(frame.src)).toMatch(/^(alice|mallory\d)$/);
    }
    expect(alice.ws.readyState).toBe(WebSocket.OPEN);
    expect(bob.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('closes every client with 1001 when it shuts down, and closing twice is harmless', async () => {
    await start();
    const alice = await opened('alice');
    peerjs.close();
    peerjs.close();
    expect(await alice.closed).toBe(1001);
    expect(peerjs.size).toBe(0);
  });
});
