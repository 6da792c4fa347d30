import { describe, expect, it } from 'vitest';
import { clientMessage, type ErrorCode, type ServerMessage } from '@/lib/protocol/messages';
import { Rooms } from '@/server/sfu/Rooms';
import { RoomSignaling } from '@/server/signaling/RoomSignaling';
import { loadBotMedia } from '@/server/sfu/BotMedia';

function fakeConnection(id: string, address = '198.51.100.1') {
  const sent: ServerMessage[] = [];
  const errors: ErrorCode[] = [];
  return {
    id,
    address,
    sent,
    errors,
    send: (m: ServerMessage) => sent.push(m),
    sendError: (code: ErrorCode) => errors.push(code),
  };
}

const rooms = () => new Rooms({ timers: false, loadBotMedia: () => loadBotMedia(), maxPeers: 2 }, 1);

describe('room signaling', () => {
  it('rejects a room id with bad characters at the protocol boundary', () => {
    expect(clientMessage.safeParse({ type: 'join', roomId: 'no spaces!', role: 'viewer', name: 'A' }).success).toBe(false);
    expect(clientMessage.safeParse({ type: 'join', roomId: 'ok-room-1', role: 'viewer', name: 'A' }).success).toBe(true);
  });

  it('answers messages sent before joining with not-in-room and changes nothing', async () => {
    const r = rooms();
    const c = fakeConnection('a');
    const s = new RoomSignaling(r, c);
    await s.handle({ type: 'add-bot' });
    await s.handle({ type: 'tiles', devicePixelRatio: 1, tiles: [{ publisherId: 'x', widthPx: 10, heightPx: 10, visible: true, videoOff: false }] });
    expect(c.errors).toEqual(['not-in-room', 'not-in-room']);
    expect(r.list()).toEqual([]);
  });

  it('tells the third person that the room is full, and keeps the room as it was', async () => {
    const r = rooms();
    const [a, b, c] = ['a', 'b', 'c'].map((id) => fakeConnection(id));
    for (const conn of [a, b, c]) await new RoomSignaling(r, conn).handle({ type: 'join', roomId: 'full', role: 'viewer', name: conn.id });
    expect(c.errors).toEqual(['room-full']);
    expect(r.list()).toEqual([{ id: 'full', peers: 2, bots: 0, publishers: 0 }]);
    r.close();
  });

  it('refuses a second room when the server is at its room limit', async () => {
    const r = rooms();
    await new RoomSignaling(r, fakeConnection('a')).handle({ type: 'join', roomId: 'one', role: 'viewer', name: 'A' });
    const b = fakeConnection('b');
    await new RoomSignaling(r, b).handle({ type: 'join', roomId: 'two', role: 'viewer', name: 'B' });
    expect(b.errors).toEqual(['too-many-rooms']);
    expect(r.resources.rooms).toBe(1);
    r.close();
  });

  it('refuses a publish offer from a viewer, an unknown layer, and a stale answer with typed errors', async () => {
    const r = rooms();
    const a = fakeConnection('a');
    const s = new RoomSignaling(r, a);
    await s.handle({ type: 'join', roomId: 'room', role: 'viewer', name: 'A' });
    await s.handle({ type: 'add-bot' });
    await s.handle({ type: 'publish-offer', sdp: 'v=0' });
    await s.handle({ type: 'force-layer', publisherId: 'bot-1', rid: 'zz' });
    await s.handle({ type: 'subscribe-answer', revision: 99, sdp: 'v=0' });
    await s.handle({ type: 'remove-bot', botId: 'bot-7' });
    expect(a.errors).toEqual(['not-publishing', 'unknown-layer', 'stale-answer', 'no-bot']);
    expect(r.get('room')?.summary()).toEqual({ id: 'room', peers: 2, bots: 1, publishers: 1 });
    r.close();
  });

  it('closes the room when its last person disconnects, bots and all, leaving nothing behind', async () => {
    const r = rooms();
    const a = fakeConnection('a');
    const s = new RoomSignaling(r, a);
    await s.handle({ type: 'join', roomId: 'bye', role: 'viewer', name: 'A' });
    await s.handle({ type: 'add-bot' });
    s.close();
    s.close();
    expect(r.resources).toEqual({ rooms: 0, routes: 0 });
  });
});

describe('per-address limits on rooms and bots', () => {
  const limited = () => new Rooms({ timers: false, loadBotMedia: () => loadBotMedia() }, 20, { roomsOpened: 2, bots: 3 });

  it('lets one address open its share of rooms, then says rooms-per-address, while others and existing rooms stay open to it', async () => {
    const r = limited();
    const join = async (id: string, address: string, roomId: string) => {
      const c = fakeConnection(id, address);
      const s = new RoomSignaling(r, c);
      await s.handle({ type: 'join', roomId, role: 'viewer', name: id });
      return { c, s };
    };
    await join('a1', '198.51.100.1', 'one');
    const { s: second } = await join('a2', '198.51.100.1', 'two');
    const { c: third } = await join('a3', '198.51.100.1', 'three');
    expect(third.errors).toEqual(['rooms-per-address']);
    expect(r.get('three')).toBeUndefined();
    expect((await join('a4', '198.51.100.1', 'one')).c.errors).toEqual([]);
    expect((await join('b1', '203.0.113.9', 'three')).c.errors).toEqual([]);
    // A room that closes no longer counts.
    second.close();
    expect((await join('a5', '198.51.100.1', 'four')).c.errors).toEqual([]);
    r.close();
  });

  it('lets one address keep its share of bots across rooms, then says bots-per-address; removing one frees a place', async () => {
    const r = limited();
    const a = fakeConnection('a');
    const sa = new RoomSignaling(r, a);
    await sa.handle({ type: 'join', roomId: 'one', role: 'viewer', name: 'A' });
    const b = fakeConnection('b');
    const sb = new RoomSignaling(r, b);
    await sb.handle({ type: 'join', roomId: 'two', role: 'viewer', name: 'B' });
    await sa.handle({ type: 'add-bot' });
    await sa.handle({ type: 'add-bot' });
    await sb.handle({ type: 'add-bot' });
    await sb.handle({ type: 'add-bot' });
    expect(b.errors).toEqual(['bots-per-address']);
    const other = fakeConnection('c', '203.0.113.9');
    const sc = new RoomSignaling(r, other);
    await sc.handle({ type: 'join', roomId: 'two', role: 'viewer', name: 'C' });
    await sc.handle({ type: 'add-bot' });
    expect(other.errors).toEqual([]);
    await sa.handle({ type: 'remove-bot' });
    await sb.handle({ type: 'add-bot' });
    expect(b.errors).toEqual(['bots-per-address']);
    r.close();
  });
});
