import { describe, expect, it } from 'vitest';
import type { ErrorCode, ServerMessage } from '@/lib/protocol/messages';
import type { FleetNode as FleetNodeView, FleetNodeReport } from '@/lib/protocol/fleet';
import { silentLogger } from '@/server/log';
import { Rooms } from '@/server/sfu/Rooms';
import { RoomError } from '@/server/sfu/Room';
import { RoomSignaling } from '@/server/signaling/RoomSignaling';
import { AddressLimiter } from '@/server/fleet/AddressLimiter';
import { CpuMeter } from '@/server/fleet/CpuMeter';
import { FleetConfigError, readFleetConfig, type FleetConfig } from '@/server/fleet/config';
import { FleetNode, type Registry } from '@/server/fleet/FleetNode';

/**
 * The fleet node's own logic with the registry replaced by an in-memory one that keeps the same
 * rules as the Redis scripts (claim if missing or still the expected node; admit if free or ours).
 * The scripts themselves run against a real Redis in test/e2e/fleet.spec.ts.
 */
class MemoryRegistry implements Registry {
  readonly reports = new Map<string, FleetNodeReport>();
  readonly roomNodes = new Map<string, string>();
  down = false;

  private check() {
    if (this.down) throw new Error('connection refused');
  }
  async connect() {}
  async close() {}
  async report(report: FleetNodeReport) {
    this.check();
    this.reports.set(report.id, report);
  }
  async forget(nodeId: string) {
    this.reports.delete(nodeId);
  }
  async nodes(): Promise<FleetNodeView[]> {
    this.check();
    return [...this.reports.values()].map((r) => ({ ...r, claimedRooms: [...this.roomNodes.values()].filter((n) => n === r.id).length }));
  }
  async roomNode(roomId: string) {
    this.check();
    return this.roomNodes.get(roomId) ?? null;
  }
  async claim(roomId: string, nodeId: string, expected: string | null) {
    this.check();
    const current = this.roomNodes.get(roomId) ?? null;
    if (current === null || current === expected) this.roomNodes.set(roomId, nodeId);
    return this.roomNodes.get(roomId)!;
  }
  async admit(roomId: string, nodeId: string) {
    this.check();
    if (!this.roomNodes.has(roomId)) this.roomNodes.set(roomId, nodeId);
    return this.roomNodes.get(roomId)!;
  }
  async renew(nodeId: string, roomIds: readonly string[]) {
    this.check();
    return roomIds.filter((id) => (this.roomNodes.get(id) ?? nodeId) !== nodeId);
  }
  async release(roomId: string, nodeId: string) {
    if (this.roomNodes.get(roomId) === nodeId) this.roomNodes.delete(roomId);
  }
}

function config(nodeId: string, drainMs = 60): FleetConfig {
  return {
    redisUrl: 'redis://127.0.0.1:6379',
    nodeId,
    origin: `http://localhost:${3000 + Number(nodeId.slice(-1))}`,
    prefix: 'fleet:',
    drainMs,
    capacity: { rooms: 20, peers: 500, forwardedPps: 12_000 },
  };
}

function member(rooms: Rooms, id: string, admit?: (roomId: string) => Promise<void>) {
  const sent: ServerMessage[] = [];
  const errors: ErrorCode[] = [];
  const connection = { id, send: (m: ServerMessage) => sent.push(m), sendError: (code: ErrorCode) => errors.push(code) };
  return { sent, errors, signaling: new RoomSignaling(rooms, connection, undefined, admit) };
}

const newRooms = () => new Rooms({ timers: false });

describe('a join on a fleet node', () => {
  it('is refused with the admit hook’s error and opens no room', async () => {
    const rooms = newRooms();
    const a = member(rooms, 'a', async () => {
      throw new RoomError('wrong-node', 'elsewhere');
    });
    await a.signaling.handle({ type: 'join', roomId: 'r1', role: 'viewer', name: 'A' });
    expect(a.errors).toEqual(['wrong-node']);
    expect(rooms.resources).toEqual({ rooms: 0, routes: 0 });
  });

  it('refuses a second join sent while the first is still being admitted', async () => {
    const rooms = newRooms();
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const a = member(rooms, 'a', () => gate);
    const first = a.signaling.handle({ type: 'join', roomId: 'r1', role: 'viewer', name: 'A' });
    await a.signaling.handle({ type: 'join', roomId: 'r2', role: 'viewer', name: 'A' });
    release();
    await first;
    expect(a.errors).toEqual(['already-in-room']);
    expect(rooms.list().map((r) => r.id)).toEqual(['r1']);
    rooms.close();
  });

  it('claims a free room for this node, and refuses one the registry gives another node', async () => {
    const registry = new MemoryRegistry();
    const rooms = newRooms();
    const node = new FleetNode(config('node-1'), registry, rooms, silentLogger);
    registry.roomNodes.set('taken', 'node-2');
    const a = member(rooms, 'a', (id) => node.admit(id));
    await a.signaling.handle({ type: 'join', roomId: 'taken', role: 'viewer', name: 'A' });
    await a.signaling.handle({ type: 'join', roomId: 'free', role: 'viewer', name: 'A' });
    expect(a.errors).toEqual(['wrong-node']);
    expect(registry.roomNodes.get('free')).toBe('node-1');
    expect(rooms.list().map((r) => r.id)).toEqual(['free']);
    await node.close();
    rooms.close();
  });

  it('answers fleet-unavailable, changing nothing, when the registry cannot be reached', async () => {
    const registry = new MemoryRegistry();
    registry.down = true;
    const rooms = newRooms();
    const node = new FleetNode(config('node-1'), registry, rooms, silentLogger);
    await expect(node.admit('r1')).rejects.toMatchObject({ code: 'fleet-unavailable' });
    await expect(node.place('r1')).rejects.toMatchObject({ code: 'fleet-unavailable' });
    await expect(node.snapshot()).rejects.toMatchObject({ code: 'fleet-unavailable' });
    expect(rooms.list()).toEqual([]);
  });
});

describe('placing rooms from a fleet node', () => {
  /** Three nodes (with no rooms) on one registry, on a clock the test moves. */
  async function fleet() {
    const registry = new MemoryRegistry();
    const clock = { ms: 0 };
    const nodes = ['node-1', 'node-2', 'node-3'].map((id) => new FleetNode(config(id), registry, newRooms(), silentLogger, () => clock.ms));
    for (const node of nodes) await registry.report(node.currentReport());
    return { registry, nodes, clock };
  }

  it('places a new room on the least-utilised node and counts it there at once, so the next goes elsewhere', async () => {
    const { nodes } = await fleet();
    const first = await nodes[0].place('a');
    const second = await nodes[0].place('b');
    const third = await nodes[0].place('c');
    expect([first, second, third].map((p) => [p?.node?.id, p?.placed])).toEqual([
      ['node-1', 'new'],
      ['node-2', 'new'],
      ['node-3', 'new'],
    ]);
    expect(await nodes[1].place('a')).toEqual({ roomId: 'a', node: { id: 'node-1', origin: 'http://localhost:3001' }, placed: 'existing', reports: [] });
  });

  it('moves a room whose node stopped reporting, and one whose node is draining', async () => {
    const { registry, nodes } = await fleet();
    registry.roomNodes.set('gone', 'node-9');
    registry.roomNodes.set('leaving', 'node-1');
    await nodes[0].drain();
    const gone = await nodes[1].place('gone');
    const leaving = await nodes[1].place('leaving');
    expect(gone?.placed).toBe('moved');
    expect(leaving?.placed).toBe('moved');
    expect([gone?.node?.id, leaving?.node?.id]).not.toContain('node-1');
  });

  it('places nothing when the rate limit says no, and still answers for a room that has a node', async () => {
    const { nodes } = await fleet();
    await nodes[0].place('a');
    expect(await nodes[0].place('b', () => false)).toBeNull();
    expect((await nodes[0].place('a', () => false))?.placed).toBe('existing');
  });

  it('refuses when every node is draining, once its last read of the registry is out of date', async () => {
    const { nodes, clock } = await fleet();
    for (const node of nodes) await node.drain();
    clock.ms += 1000;
    await expect(nodes[0].place('a')).rejects.toMatchObject({ code: 'fleet-unavailable' });
  });
});

describe('draining a fleet node (SIGTERM)', () => {
  it('refuses joins at once, tells members, closes the rooms after the drain time and leaves the registry', async () => {
    const registry = new MemoryRegistry();
    const rooms = newRooms();
    const node = new FleetNode(config('node-1', 80), registry, rooms, silentLogger);
    const a = member(rooms, 'a', (id) => node.admit(id));
    await a.signaling.handle({ type: 'join', roomId: 'r1', role: 'viewer', name: 'A' });
    const drained = node.drain();
    await expect(node.admit('r2')).rejects.toMatchObject({ code: 'server-draining' });
    expect(rooms.list().map((r) => r.id)).toEqual(['r1']);
    expect(a.sent.filter((m) => m.type === 'error').map((m) => m.type === 'error' && m.code)).toEqual(['server-draining']);
    await drained;
    expect(a.sent.filter((m) => m.type === 'error').map((m) => m.type === 'error' && m.code)).toEqual(['server-draining', 'room-closed']);
    expect(rooms.list()).toEqual([]);
    expect(registry.reports.has('node-1')).toBe(false);
    expect(registry.roomNodes.has('r1')).toBe(false);
    expect(node.drain()).toBe(drained);
  });

  it('finishes as soon as its rooms empty, without waiting out the drain time', async () => {
    const registry = new MemoryRegistry();
    const rooms = newRooms();
    const node = new FleetNode(config('node-1', 60_000), registry, rooms, silentLogger);
    const a = member(rooms, 'a', (id) => node.admit(id));
    await a.signaling.handle({ type: 'join', roomId: 'r1', role: 'viewer', name: 'A' });
    const drained = node.drain();
    a.signaling.close();
    await drained;
    expect(a.sent.filter((m) => m.type === 'error').map((m) => m.type === 'error' && m.code)).toEqual(['server-draining']);
    expect(registry.reports.size).toBe(0);
  });

  it('ends a room here when a heartbeat finds another node has claimed it', async () => {
    const registry = new MemoryRegistry();
    const rooms = newRooms();
    const node = new FleetNode(config('node-1'), registry, rooms, silentLogger);
    const a = member(rooms, 'a', (id) => node.admit(id));
    await a.signaling.handle({ type: 'join', roomId: 'r1', role: 'viewer', name: 'A' });
    registry.roomNodes.set('r1', 'node-2');
    await node.start();
    await node.close();
    expect(rooms.list()).toEqual([]);
    expect(a.sent.at(-1)).toMatchObject({ type: 'error', code: 'room-closed' });
  });
});

describe('the fleet’s origins, for the /ws Origin check', () => {
  it('lists this node’s own origin, and every other node’s once a heartbeat has read the registry', async () => {
    const registry = new MemoryRegistry();
    const other = new FleetNode(config('node-2'), registry, newRooms(), silentLogger);
    await registry.report(other.currentReport());
    const node = new FleetNode(config('node-1'), registry, newRooms(), silentLogger);
    expect(node.origins()).toEqual(['http://localhost:3001']);
    await node.start();
    await node.close();
    expect(node.origins()).toEqual(['http://localhost:3001', 'http://localhost:3002']);
  });
});

describe('a node’s report', () => {
  it('carries its rooms, people and utilisation as the chapter computes it', async () => {
    const rooms = newRooms();
    const node = new FleetNode(config('node-1'), new MemoryRegistry(), rooms, silentLogger, () => 1234);
    await member(rooms, 'a', (id) => node.admit(id)).signaling.handle({ type: 'join', roomId: 'r1', role: 'viewer', name: 'A' });
    await member(rooms, 'b', (id) => node.admit(id)).signaling.handle({ type: 'join', roomId: 'r1', role: 'viewer', name: 'B' });
    expect(node.currentReport()).toMatchObject({
      id: 'node-1',
      origin: 'http://localhost:3001',
      draining: false,
      rooms: 1,
      peers: 2,
      forwardedPps: 0,
      utilisation: 0.05,
      roomIds: ['r1'],
      reportedAtMs: 1234,
    });
    rooms.close();
  });
});

describe('fleet settings from the environment', () => {
  it('is no fleet at all without REDIS_URL', () => {
    expect(readFleetConfig({}, 3000)).toBeNull();
  });

  it('names the node and its origin after its port unless told otherwise', () => {
    expect(readFleetConfig({ REDIS_URL: 'redis://127.0.0.1:6390' }, 3001)).toMatchObject({
      nodeId: 'node-3001',
      origin: 'http://localhost:3001',
      prefix: 'fleet:',
      drainMs: 10_000,
    });
    expect(readFleetConfig({ REDIS_URL: 'redis://r:6379', ROOM_NODE_ID: 'eu-1', ROOM_NODE_ORIGIN: 'https://sfu-1.example.org' }, 3001)).toMatchObject({
      nodeId: 'eu-1',
      origin: 'https://sfu-1.example.org',
    });
  });

  it('refuses a bad value with a message that says what it should be', () => {
    expect(() => readFleetConfig({ REDIS_URL: 'http://x' }, 1)).toThrow(FleetConfigError);
    expect(() => readFleetConfig({ REDIS_URL: 'redis://x', ROOM_NODE_ORIGIN: 'https://x.org/room' }, 1)).toThrow(/ROOM_NODE_ORIGIN must be an origin/);
    expect(() => readFleetConfig({ REDIS_URL: 'redis://x', ROOM_NODE_ID: 'a b' }, 1)).toThrow(/ROOM_NODE_ID/);
    expect(() => readFleetConfig({ REDIS_URL: 'redis://x', FLEET_DRAIN_MS: '-1' }, 1)).toThrow(/FLEET_DRAIN_MS must be a whole number from 0/);
  });
});

describe('per-address limit on placing new rooms', () => {
  it('allows a burst, then one per refill interval', () => {
    let now = 0;
    const limiter = new AddressLimiter(2, 1000, 100, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a'), limiter.take('b')]).toEqual([true, true, false, true]);
    now = 999;
    expect(limiter.take('a')).toBe(false);
    now = 1000;
    expect(limiter.take('a')).toBe(true);
  });

  it('forgets the longest idle address beyond its size', () => {
    const limiter = new AddressLimiter(1, 1000, 2, () => 0);
    limiter.take('a');
    limiter.take('b');
    limiter.take('c');
    expect(limiter.size).toBe(2);
    expect(limiter.take('a')).toBe(true);
    expect(limiter.take('c')).toBe(false);
  });
});

describe('CPU share', () => {
  it('is CPU time over wall time since the last reading', () => {
    let cpu = 0;
    let wall = 0;
    const meter = new CpuMeter(
      () => ({ user: cpu, system: 0 }),
      () => wall,
    );
    cpu = 150_000;
    wall = 1_000_000;
    expect(meter.read()).toBe(0.15);
    cpu = 1_350_000;
    wall = 2_000_000;
    expect(meter.read()).toBe(1.2);
  });
});
