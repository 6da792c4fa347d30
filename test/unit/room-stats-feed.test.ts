import { afterEach, describe, expect, it } from 'vitest';
import { serverMessage, type ErrorCode, type OutgoingServerMessage } from '@/lib/protocol/messages';
import type { MemberStats } from '@/lib/protocol/room';
import { Room } from '@/server/sfu/Room';
import { Rooms } from '@/server/sfu/Rooms';
import { loadBotMedia } from '@/server/sfu/BotMedia';
import { memberStatsEncoder, type SharedStats } from '@/server/sfu/statsFeed';
import { RoomSignaling } from '@/server/signaling/RoomSignaling';

/**
 * The stats each member's socket gets: what its page shows, the shared part serialized once per tick,
 * and a size that grows with the number of publishers, never with the square of the room.
 */

const media = loadBotMedia();

/** A real room (werift subscribe connections, bots with the committed clips) on a hand-driven clock. */
function crowd(bots: number, viewers: number) {
  let nowMs = 1000;
  const room = new Room('feed', { timers: false, maxPeers: bots + viewers, maxBots: bots, loadBotMedia: () => media, now: () => nowMs });
  const messages = new Map<string, string>();
  room.on('encoded', (peerId, json) => messages.set(peerId, json));
  const botList = Array.from({ length: bots }, () => room.addBot());
  // Ids as long as a real socket's (a UUID), so the budget holds for people, not only for short bot ids.
  const viewerIds = Array.from({ length: viewers }, (_, i) => `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`);
  for (const id of viewerIds) room.join(id, `Viewer ${id.slice(0, 8)}`, 'viewer');
  // A second of every bot's video, so every rate in the snapshot has its real number of digits.
  for (let frame = 0; frame < 30; frame++) {
    nowMs += 33;
    for (const bot of botList) bot.sendVideoFrame();
  }
  nowMs += 10;
  room.tick();
  return { room, messages, viewerIds };
}

let open: Room[] = [];
afterEach(() => {
  for (const room of open) room.close();
  open = [];
});

describe('the per-member stats feed', () => {
  it('splices a member\'s own subscriptions into the shared part, giving a message the protocol accepts', () => {
    const shared: SharedStats = {
      roomId: 'r',
      peers: 2,
      bots: 1,
      publishers: [{ peerId: 'bot-1', speaking: true, audioKbps: 31, layers: [{ rid: 'q', width: 320, height: 180, kbps: 140, active: true, requested: true }] }],
      totals: { inKbps: 171, outKbps: 171, inPacketsPerSecond: 60, outPacketsPerSecond: 60, busiestViewerKbps: 171 },
    };
    const own: MemberStats['subscriptions'] = [
      { publisherId: 'bot-1', rid: 'q', pendingRid: null, forcedRid: null, pausedBecause: null, tileWidthPx: 160, tileHeightPx: 90, availableKbps: 4000, kbps: 140, audioKbps: 31 },
    ];
    const encode = memberStatsEncoder(shared);
    for (const subscriptions of [own, []]) {
      const parsed = serverMessage.safeParse(JSON.parse(encode(subscriptions)));
      expect(parsed.success).toBe(true);
      expect(parsed.data).toEqual({ type: 'stats', stats: { ...shared, subscriptions } });
    }
  });

  it('sends each member only its own subscriptions, and the full detail stays at the room\'s stats', () => {
    const { room, messages, viewerIds } = crowd(3, 4);
    open.push(room);
    expect([...messages.keys()].sort()).toEqual([...viewerIds].sort());
    for (const id of viewerIds) {
      const { stats } = JSON.parse(messages.get(id)!) as { stats: MemberStats };
      expect(stats.publishers.map((p) => p.peerId)).toEqual(['bot-1', 'bot-2', 'bot-3']);
      expect(stats.subscriptions.map((s) => s.publisherId)).toEqual(['bot-1', 'bot-2', 'bot-3']);
    }
    expect(room.stats.subscriptions).toHaveLength(3 * 4);
    expect(new Set(room.stats.subscriptions.map((s) => s.peerId))).toEqual(new Set(viewerIds));
  });

  it('serializes the shared part once per tick: every member\'s message starts with the same bytes', () => {
    const { room, messages } = crowd(4, 5);
    open.push(room);
    const prefixes = new Set([...messages.values()].map((json) => json.slice(0, json.indexOf(',"subscriptions":'))));
    expect(prefixes.size).toBe(1);
  });

  /**
   * The budget: a member's message may take this many bytes per publisher (its row in `publishers`, three
   * layers, and the member's own subscription to it, with ids as long as a person's) plus a fixed part.
   * Measured at about 430 bytes per publisher (docs/room-stats-feed.md). If every member got every
   * member's subscriptions again, a room of 12 people watching 12 publishers would send each ~3,500
   * bytes per publisher and fail here.
   */
  const BYTES_PER_PUBLISHER = 600;
  const FIXED_BYTES = 400;

  it(`keeps a member's stats message within ${BYTES_PER_PUBLISHER} bytes per publisher`, () => {
    for (const [bots, viewers] of [
      [1, 1],
      [6, 6],
      [12, 12],
    ]) {
      const { room, messages } = crowd(bots, viewers);
      open.push(room);
      for (const json of messages.values()) expect(Buffer.byteLength(json)).toBeLessThanOrEqual(FIXED_BYTES + BYTES_PER_PUBLISHER * bots);
    }
  });

  it('sends a member the same size of message however many others are watching', () => {
    const small = crowd(8, 2);
    const large = crowd(8, 16);
    open.push(small.room, large.room);
    const size = (m: Map<string, string>) => Math.max(...[...m.values()].map((json) => Buffer.byteLength(json)));
    // Only the head count's and the totals' digits may differ.
    expect(Math.abs(size(large.messages) - size(small.messages))).toBeLessThanOrEqual(16);
    // The full detail, by contrast, grows with every member's every subscription.
    expect(JSON.stringify(large.room.stats).length).toBeGreaterThan(4 * JSON.stringify(small.room.stats).length);
  });
});

describe('the stats interval spread over its slices (Room.tickSlice)', () => {
  it('ticks each member in one slice, once per interval, with the snapshot the first slice took', () => {
    let nowMs = 1000;
    const room = new Room('slices', { timers: false, tickSlices: 4, maxPeers: 8, maxBots: 2, loadBotMedia: () => media, now: () => nowMs });
    open.push(room);
    const heard: string[][] = [];
    let current: string[] = [];
    const bodies = new Map<string, string>();
    room.on('encoded', (peerId, json) => {
      current.push(peerId);
      bodies.set(peerId, json);
    });
    room.addBot();
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
    for (const id of ids) room.join(id, id.toUpperCase(), 'viewer');
    for (let interval = 0; interval < 2; interval++) {
      for (let slice = 0; slice < 4; slice++) {
        nowMs += 250;
        current = [];
        room.tickSlice();
        heard.push(current);
      }
    }
    // Members in turn: a and e in the first slice, b and f in the second, c in the third, d in the fourth.
    expect(heard.slice(0, 4)).toEqual([['a', 'e'], ['b', 'f'], ['c'], ['d']]);
    expect(heard.slice(4)).toEqual(heard.slice(0, 4));
    // One snapshot per interval: every member's message carries the same shared part.
    const shared = new Set([...bodies.values()].map((json) => JSON.stringify({ ...(JSON.parse(json) as { stats: MemberStats }).stats, subscriptions: [] })));
    expect(shared.size).toBe(1);
    // A member who leaves is not ticked any more; one who joins takes the next slice in turn.
    room.leave('b');
    room.join('g', 'G', 'viewer');
    const after: string[][] = [];
    for (let slice = 0; slice < 4; slice++) {
      current = [];
      room.tickSlice();
      after.push(current);
    }
    expect(after).toEqual([['a', 'e'], ['f'], ['c', 'g'], ['d']]);
  });
});

describe('a dropped member', () => {
  function connection(id: string) {
    const sent: OutgoingServerMessage[] = [];
    const errors: ErrorCode[] = [];
    return { id, sent, errors, send: (m: OutgoingServerMessage) => sent.push(m), sendError: (code: ErrorCode) => errors.push(code) };
  }
  const types = (sent: OutgoingServerMessage[]) => sent.map((m) => (typeof m === 'string' ? 'encoded' : m.type));

  it('is told it was dropped (not left in "joined"), the others see it leave, and it can join again on the same socket', async () => {
    const rooms = new Rooms({ timers: false, loadBotMedia: () => media });
    const a = connection('a');
    const b = connection('b');
    const sa = new RoomSignaling(rooms, a);
    await sa.handle({ type: 'join', roomId: 'drop', role: 'viewer', name: 'A' });
    await new RoomSignaling(rooms, b).handle({ type: 'join', roomId: 'drop', role: 'viewer', name: 'B' });
    rooms.get('drop')!.getPeer('a')!.emit('failed', 'no answer to the subscribe offer');
    expect(a.sent.find((m) => typeof m !== 'string' && m.type === 'dropped')).toMatchObject({ roomId: 'drop', message: expect.stringContaining('no answer') });
    expect(b.sent.at(-1)).toEqual({ type: 'peer-left', peerId: 'a', reason: 'disconnected' });
    await sa.handle({ type: 'join', roomId: 'drop', role: 'viewer', name: 'A' });
    expect(a.errors).toEqual([]);
    expect(types(a.sent).filter((t) => t === 'joined')).toHaveLength(2);
    expect(rooms.get('drop')!.summary()).toMatchObject({ peers: 2 });
    rooms.close();
  });
});

describe('tile reports', () => {
  it('apply every tile of one report and skip the publishers that have gone, without an error', async () => {
    const rooms = new Rooms({ timers: false, loadBotMedia: () => media });
    const errors: ErrorCode[] = [];
    const s = new RoomSignaling(rooms, { id: 'v', send: () => {}, sendError: (code) => errors.push(code) });
    await s.handle({ type: 'join', roomId: 'tiles', role: 'viewer', name: 'V' });
    await s.handle({ type: 'add-bot' });
    await s.handle({ type: 'add-bot' });
    await s.handle({
      type: 'tiles',
      devicePixelRatio: 2,
      tiles: [
        { publisherId: 'bot-1', widthPx: 640, heightPx: 360, visible: true, videoOff: false },
        { publisherId: 'bot-2', widthPx: 160, heightPx: 90, visible: true, videoOff: true },
        { publisherId: 'gone', widthPx: 160, heightPx: 90, visible: true, videoOff: false },
      ],
    });
    expect(errors).toEqual([]);
    const subs = rooms.get('tiles')!.stats.subscriptions;
    expect(subs.find((x) => x.publisherId === 'bot-1')).toMatchObject({ tileWidthPx: 640, tileHeightPx: 360, visible: true, videoOff: false });
    expect(subs.find((x) => x.publisherId === 'bot-2')).toMatchObject({ paused: true, pausedBecause: 'video-off', videoOff: true });
    rooms.close();
  });
});
