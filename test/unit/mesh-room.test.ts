import { afterEach, describe, expect, it } from 'vitest';
import type { ErrorCode, ServerMessage } from '@/lib/protocol/messages';
import { PeerjsServer } from '@/server/mesh/PeerjsServer';
import { MeshRooms } from '@/server/mesh/MeshRooms';
import { MeshSignaling } from '@/server/mesh/MeshSignaling';
import type { LocalPeerjsChannel } from '@/server/mesh/LocalPeerjsChannel';
import { MAX_MESH_PEERS } from '@/server/limits';
import { loadBotMedia } from '@/server/sfu/BotMedia';
import { UdpSocketBudget } from '@/server/sfu/UdpSocketBudget';
import { silentLogger } from '@/server/log';

/**
 * Mesh rooms as a browser's page meets them over /ws: join, learn whom to call once its PeerServer
 * connection opens, see others come and go, add and remove bots, and be refused with a reason.
 * Browsers' PeerServer connections here are in-process channels (the PeerServer's own socket handling is
 * covered in peerjs-server.test.ts); the PeerServer, its id reservations and its events are the real ones.
 */

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function setup({ sfuRooms = [] as string[], addressLimits = { roomsOpened: 20, bots: 400 } } = {}) {
  const peerjs = new PeerjsServer(silentLogger);
  const sockets = new UdpSocketBudget(256);
  const rooms = new MeshRooms(
    { peerjs, log: silentLogger, loadBotMedia: () => loadBotMedia(), webrtc: { additionalHostAddresses: ['127.0.0.1'] }, sockets, timers: false },
    (id) => sfuRooms.includes(id),
    20,
    addressLimits,
  );
  cleanups.push(() => peerjs.close(), () => rooms.close());

  let n = 0;
  /** A page's /ws socket with its MeshSignaling, and its PeerServer connection once it opens one. */
  const page = (address = '127.0.0.1') => {
    const name = `Page ${++n}`;
    const received: ServerMessage[] = [];
    const errors: { code: ErrorCode; message: string }[] = [];
    const signaling = new MeshSignaling(rooms, {
      id: `conn-${n}`,
      address,
      send: (m) => received.push(typeof m === 'string' ? (JSON.parse(m) as ServerMessage) : m),
      sendError: (code, message) => errors.push({ code, message }),
    });
    let channel: LocalPeerjsChannel | null = null;
    const peerFrames: { type: string; src?: string }[] = [];
    const joined = () => received.find((m): m is Extract<ServerMessage, { type: 'mesh-joined' }> => m.type === 'mesh-joined');
    return {
      received,
      errors,
      peerFrames,
      signaling,
      joined,
      join: (roomId = 'lobby', role: 'camera' | 'mic' | 'viewer' = 'camera') => signaling.handle({ type: 'mesh-join', roomId, role, name }),
      /** Opens the PeerServer connection with the id and token the room gave. */
      connect: async () => {
        const j = joined()!;
        channel = peerjs.connectLocal(j.peerjsId, j.token);
        channel.on('message', (text) => peerFrames.push(JSON.parse(text)));
        await settle();
      },
      dropPeerServer: () => channel?.close(),
      of: <T extends ServerMessage['type']>(type: T) => received.filter((m): m is Extract<ServerMessage, { type: T }> => m.type === type),
    };
  };
  return { peerjs, rooms, sockets, page };
}

describe('a mesh room', () => {
  it('gives each page a PeerServer id, and has whoever connects later call those connected before it', async () => {
    const { page, peerjs } = setup();
    const a = page();
    const b = page();
    a.join();
    b.join();
    const idA = a.joined()!.peerjsId;
    const idB = b.joined()!.peerjsId;
    expect(idA).toMatch(/^room-/);
    expect(b.joined()!.members).toEqual([{ peerjsId: idA, name: 'Page 1', role: 'camera' }]);
    expect(a.joined()!.maxPeers).toBe(MAX_MESH_PEERS);
    // Both reserved; B reaches the PeerServer first.
    await b.connect();
    await a.connect();
    expect(b.of('mesh-call')).toEqual([{ type: 'mesh-call', peerjsIds: [] }]);
    expect(a.of('mesh-call')).toEqual([{ type: 'mesh-call', peerjsIds: [idB] }]);
    expect(b.of('mesh-member-joined').map((m) => m.member.peerjsId)).toEqual([idA]);
    expect(peerjs.isConnected(idA) && peerjs.isConnected(idB)).toBe(true);
  });

  it('refuses the ninth member with the reason a mesh is capped, and changes nothing', async () => {
    const { page, rooms } = setup();
    const pages = Array.from({ length: MAX_MESH_PEERS }, () => page());
    for (const p of pages) p.join();
    const late = page();
    late.join();
    expect(late.errors).toEqual([{ code: 'room-full', message: expect.stringContaining(`each uploads ${MAX_MESH_PEERS - 1} copies`) }]);
    expect(late.joined()).toBeUndefined();
    expect(rooms.get('lobby')!.size).toBe(MAX_MESH_PEERS);
    // Bots count.
    pages[0].signaling.handle({ type: 'mesh-add-bot' });
    expect(pages[0].errors.map((e) => e.code)).toEqual(['room-full']);
  });

  it('tells the others when someone leaves, gives the id back, and closes when the last person goes', async () => {
    const { page, rooms, peerjs } = setup();
    const a = page();
    const b = page();
    a.join();
    b.join();
    await a.connect();
    await b.connect();
    const idB = b.joined()!.peerjsId;
    b.signaling.handle({ type: 'mesh-leave' });
    await settle();
    expect(b.of('mesh-left')).toEqual([{ type: 'mesh-left', roomId: 'lobby' }]);
    expect(a.of('mesh-member-left')).toEqual([{ type: 'mesh-member-left', peerjsId: idB, reason: 'left' }]);
    expect(peerjs.isConnected(idB)).toBe(false);
    a.signaling.close();
    a.signaling.close();
    expect(rooms.size).toBe(0);
  });

  it('counts a page whose PeerServer connection dropped as gone', async () => {
    const { page } = setup();
    const a = page();
    const b = page();
    a.join();
    b.join();
    await a.connect();
    await b.connect();
    b.dropPeerServer();
    await settle();
    expect(a.of('mesh-member-left')).toEqual([{ type: 'mesh-member-left', peerjsId: b.joined()!.peerjsId, reason: 'disconnected' }]);
  });

  it('adds a bot that calls every connected page itself, and removes the newest bot', async () => {
    const { page, sockets } = setup();
    const a = page();
    a.join();
    await a.connect();
    a.signaling.handle({ type: 'mesh-add-bot' });
    for (let i = 0; i < 100 && !a.peerFrames.some((f) => f.type === 'OFFER'); i += 1) await settle();
    const [joined] = a.of('mesh-member-joined');
    expect(joined.member).toMatchObject({ name: 'Bot 1', role: 'bot' });
    expect(a.peerFrames.filter((f) => f.type === 'OFFER')).toEqual([expect.objectContaining({ src: joined.member.peerjsId })]);
    expect(sockets.inUse).toBeGreaterThan(0);
    // A page that joins later is told to call the bot.
    const b = page();
    b.join();
    expect(b.joined()!.members.map((m) => m.role)).toEqual(['camera', 'bot']);
    expect(b.joined()!.bot.videoWireKbps).toBeGreaterThan(0);
    a.signaling.handle({ type: 'mesh-remove-bot' });
    await settle();
    expect(a.of('mesh-member-left')).toEqual([{ type: 'mesh-member-left', peerjsId: joined.member.peerjsId, reason: 'removed' }]);
    expect(sockets.inUse).toBe(0);
    a.signaling.handle({ type: 'mesh-remove-bot' });
    expect(a.errors.map((e) => e.code)).toEqual(['no-bot']);
  });

  it('refuses a bad id, an SFU room’s id, a second join and messages before joining', () => {
    const { page, rooms } = setup({ sfuRooms: ['taken'] });
    const a = page();
    a.signaling.handle({ type: 'mesh-add-bot' });
    a.join('taken');
    a.join('lobby');
    a.join('lobby');
    expect(a.errors.map((e) => e.code)).toEqual(['not-in-room', 'bad-room-id', 'already-in-room']);
    expect(a.errors[1].message).toContain('one or the other');
    expect(rooms.size).toBe(1);
  });

  it('counts rooms opened and bots added per address, as SFU rooms do', async () => {
    const { page, rooms } = setup({ addressLimits: { roomsOpened: 1, bots: 1 } });
    const a = page('10.0.0.1');
    a.join('one');
    const b = page('10.0.0.1');
    b.join('two');
    expect(b.errors.map((e) => e.code)).toEqual(['rooms-per-address']);
    // Joining a room someone else opened is not opening one.
    b.join('one');
    expect(b.joined()?.roomId).toBe('one');
    await a.connect();
    a.signaling.handle({ type: 'mesh-add-bot' });
    a.signaling.handle({ type: 'mesh-add-bot' });
    expect(a.errors.map((e) => e.code)).toEqual(['bots-per-address']);
    const other = page('10.0.0.2');
    other.join('one');
    other.signaling.handle({ type: 'mesh-add-bot' });
    expect(other.errors).toEqual([]);
    expect(rooms.get('one')!.botCount).toBe(2);
  });
});
