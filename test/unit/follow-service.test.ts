import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SocketServer } from '@/server/ws/SocketServer';
import { silentLogger } from '@/server/log';
import { createFollowFeature } from '@/server/follow/followFeature';
import type { FollowService } from '@/server/follow/FollowService';

/**
 * The follow service over real WebSockets: an instructor and followers on the same /ws as everything
 * else, every message validated by the protocol union first.
 */

let http: Server;
let sockets: SocketServer;
let follow: FollowService;
let base: string;
let close: () => void;

beforeEach(async () => {
  const feature = createFollowFeature(silentLogger, { timers: false });
  follow = feature.follow;
  close = () => feature.close?.();
  sockets = new SocketServer(silentLogger);
  sockets.on('connection', feature.onConnection!);
  http = createServer(async (request, response) => {
    for (const route of feature.routes ?? []) if (await route(request, response)) return;
    response.statusCode = 404;
    response.end();
  });
  http.on('upgrade', (request, socket, head) => {
    if (!sockets.handleUpgrade(request, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  base = `127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterEach(async () => {
  close();
  sockets.close();
  await new Promise((resolve) => http.close(resolve));
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

class Client {
  readonly received: Json[] = [];
  private waiters: { match: (m: Json) => boolean; resolve: (m: Json) => void }[] = [];
  constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as Json;
      this.received.push(message);
      this.waiters = this.waiters.filter((w) => (w.match(message) ? (w.resolve(message), false) : true));
    });
  }
  static async open(query = ''): Promise<Client> {
    const socket = new WebSocket(`ws://${base}/ws${query}`);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    return new Client(socket);
  }
  send(message: Json): void {
    this.socket.send(JSON.stringify(message));
  }
  next(match: (m: Json) => boolean): Promise<Json> {
    const seen = this.received.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }
  dispatch(t: string, where: (m: Json) => boolean = () => true) {
    return this.next((m) => m.type === 'gateway' && m.op === 0 && m.t === t && where(m));
  }
}

async function startClass() {
  const instructor = await Client.open();
  instructor.send({ type: 'class-start' });
  const started = await instructor.next((m) => m.type === 'class-started');
  return { instructor, code: started.code as string, token: started.token as string };
}

async function follower(code: string, query = '') {
  const client = await Client.open(query);
  client.send({ type: 'gateway', op: 2, d: { guild: { kind: 'class', code } } });
  const ready = await client.dispatch('READY');
  return { client, sessionId: ready.d.sessionId as string };
}

describe('the class follow service on /ws', () => {
  it('starts a class with a six-character code, tells the instructor who follows, and fans the instructor’s moves out', async () => {
    const { instructor, code } = await startClass();
    expect(code).toMatch(/^[A-Z2-9]{6}$/);
    const a = await follower(code);
    const b = await follower(code);
    await instructor.next((m) => m.type === 'class-status' && m.sessions === 2);

    instructor.send({ type: 'class-event', event: { t: 'POSITION', d: { chapter: 'cost', scene: 2, step: 1 } } });
    instructor.send({
      type: 'class-event',
      event: { t: 'FIGURE_INPUTS', d: { instance: { chapter: 'cost', figure: 'cost/waterfall', occurrence: 0 }, inputs: { users: 5 } } },
    });
    for (const { client } of [a, b]) {
      expect((await client.dispatch('POSITION')).d).toEqual({ chapter: 'cost', scene: 2, step: 1 });
      expect((await client.dispatch('FIGURE_INPUTS')).d.inputs).toEqual({ users: 5 });
    }
    // A late follower gets the class as it stands in READY.
    const late = await Client.open();
    late.send({ type: 'gateway', op: 2, d: { guild: { kind: 'class', code } } });
    const ready = await late.dispatch('READY');
    expect(ready.d.state.position).toEqual({ chapter: 'cost', scene: 2, step: 1 });
    expect(Object.values(ready.d.state.inputs)).toHaveLength(1);
  });

  it('answers a wrong code and an ended one with Invalid Session and a reason, and the API says the same', async () => {
    const wrong = await Client.open();
    wrong.send({ type: 'gateway', op: 2, d: { guild: { kind: 'class', code: 'ZZZ999' } } });
    expect(await wrong.next((m) => m.op === 9)).toMatchObject({ d: { resumable: false, reason: 'unknown-code' } });
    expect((await fetch(`http://${base}/api/classes/ZZZ999`)).status).toBe(404);
    expect((await fetch(`http://${base}/api/classes/not-a-code`)).status).toBe(400);
    expect((await fetch(`http://${base}/api/classes/%E0`)).status).toBe(400);

    const { instructor, code } = await startClass();
    const live = await fetch(`http://${base}/api/classes/${code.toLowerCase()}`);
    expect(await live.json()).toMatchObject({ code, status: 'live', sessions: 0 });
    const a = await follower(code);
    instructor.send({ type: 'class-end' });
    await a.client.dispatch('CLASS_ENDED');
    await instructor.next((m) => m.type === 'class-ended');
    const late = await Client.open();
    late.send({ type: 'gateway', op: 2, d: { guild: { kind: 'class', code } } });
    expect(await late.next((m) => m.op === 9)).toMatchObject({ d: { reason: 'ended' } });
    expect(await (await fetch(`http://${base}/api/classes/${code}`)).json()).toMatchObject({ status: 'ended' });
  });

  it('lets the instructor take the class back after a reload with its token, and nobody else', async () => {
    const { instructor, code, token } = await startClass();
    const a = await follower(code);
    instructor.socket.close();
    const stranger = await Client.open();
    stranger.send({ type: 'class-attach', code, token: 'A'.repeat(22) });
    expect(await stranger.next((m) => m.type === 'error')).toMatchObject({ code: 'bad-token' });
    stranger.send({ type: 'class-event', event: { t: 'POSITION', d: { chapter: 'cost', scene: 9, step: 0 } } });
    expect(await stranger.next((m) => m.type === 'error' && m.code === 'not-instructor')).toBeTruthy();

    const reloaded = await Client.open();
    reloaded.send({ type: 'class-attach', code, token });
    expect(await reloaded.next((m) => m.type === 'class-started')).toMatchObject({ code, sessions: 1 });
    reloaded.send({ type: 'class-event', event: { t: 'POSITION', d: { chapter: 'cost', scene: 3, step: 0 } } });
    expect((await a.client.dispatch('POSITION')).d.scene).toBe(3);
  });

  it('resumes a follower on a new socket from the last sequence number it saw', async () => {
    const { instructor, code } = await startClass();
    const a = await follower(code);
    instructor.send({ type: 'class-event', event: { t: 'POSITION', d: { chapter: 'cost', scene: 1, step: 0 } } });
    const seen = await a.client.dispatch('POSITION');
    a.client.socket.terminate();
    await new Promise((resolve) => setTimeout(resolve, 50));
    instructor.send({ type: 'class-event', event: { t: 'POSITION', d: { chapter: 'cost', scene: 2, step: 0 } } });
    await new Promise((resolve) => setTimeout(resolve, 50));

    const again = await Client.open();
    again.send({ type: 'gateway', op: 6, d: { sessionId: a.sessionId, seq: seen.s } });
    const missed = await again.dispatch('POSITION');
    expect(missed.d.scene).toBe(2);
    expect((await again.dispatch('RESUMED')).d.replayed).toBe(1);

    const stranger = await Client.open();
    stranger.send({ type: 'gateway', op: 6, d: { sessionId: 'no-such-session', seq: 0 } });
    expect(await stranger.next((m) => m.op === 9)).toMatchObject({ d: { resumable: false, reason: 'expired' } });
  });

  it('refuses heartbeats before identify, malformed gateway frames and a second identify, changing nothing', async () => {
    const c = await Client.open();
    c.send({ type: 'gateway', op: 1, d: null });
    expect(await c.next((m) => m.type === 'error')).toMatchObject({ code: 'not-identified' });
    c.send({ type: 'gateway', op: 0, s: 1, t: 'POSITION', d: {} });
    expect(await c.next((m) => m.type === 'error' && m.code === 'bad-message')).toBeTruthy();
    c.send({ type: 'gateway', op: 2, d: { guild: { kind: 'site' } } });
    await c.dispatch('READY');
    c.send({ type: 'gateway', op: 2, d: { guild: { kind: 'site' } } });
    expect(await c.next((m) => m.type === 'error' && m.code === 'already-identified')).toBeTruthy();
    c.send({ type: 'gateway', op: 1, d: 0 });
    expect(await c.next((m) => m.type === 'gateway' && m.op === 11)).toBeTruthy();
    expect(follow.stats().guilds).toEqual([{ kind: 'site', sessions: 1 }]);
  });

  it('compresses a connection that asks with ?compress=deflate and measures both sizes on it', async () => {
    const plain = await Client.open();
    const packed = await Client.open('?compress=deflate');
    expect(plain.socket.extensions).toBe('');
    expect(packed.socket.extensions).toContain('permessage-deflate');
    for (const c of [plain, packed]) c.send({ type: 'gateway', op: 2, d: { guild: { kind: 'site' } } });
    await plain.dispatch('READY');
    await packed.dispatch('READY');
    for (let i = 0; i < 20; i += 1) {
      follow.site.send({ kind: 'publish', event: { t: 'SITE_STATS', d: follow.stats() } });
    }
    await packed.next((m) => m.t === 'SITE_STATS' && m.s === 20);
    await plain.next((m) => m.t === 'SITE_STATS' && m.s === 20);
    const [plainConnection, packedConnection] = [...(sockets as unknown as { connections: Set<{ bytes(): any }> }).connections]; // eslint-disable-line @typescript-eslint/no-explicit-any
    const p = plainConnection.bytes();
    const d = packedConnection.bytes();
    expect(p.deflate).toBe(false);
    expect(d.deflate).toBe(true);
    expect(p.wireBytes).toBe(p.uncompressedBytes);
    expect(d.wireBytes).toBeLessThan(d.uncompressedBytes / 2);
  });
});
