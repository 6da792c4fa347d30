import type { OutgoingServerMessage, ServerMessage } from '@/lib/protocol/messages';
import { isValidRoomId, type RoomSummary } from '@/lib/protocol/room';
import { DEFAULT_ADDRESS_LIMITS, MAX_ROOMS, type AddressLimits } from '../limits';
import { Room, RoomError, type RoomOptions } from './Room';

/**
 * Every open room, by id. A room opens on its first join and closes when its last person leaves.
 * Messages a room addresses to a peer are delivered through the route that peer's socket registered.
 * Per-address limits (server/limits.ts) are counted from the rooms themselves: who opened each room,
 * who added each bot, so nothing needs releasing when a room closes.
 */
export class Rooms {
  private readonly rooms = new Map<string, Room>();
  private readonly openedBy = new Map<string, string>();
  private readonly routes = new Map<string, (message: OutgoingServerMessage) => void>();
  private closed = false;

  constructor(
    private readonly roomOptions: RoomOptions = {},
    readonly maxRooms: number = MAX_ROOMS,
    private readonly addressLimits: Pick<AddressLimits, 'roomsOpened' | 'bots'> = DEFAULT_ADDRESS_LIMITS,
  ) {}

  get(id: string): Room | undefined {
    return this.rooms.get(id);
  }

  /**
   * The room, opened if needed (by a client at `address`). Throws RoomError for a bad id, when too many
   * rooms are open, or when this address has opened as many rooms as it may.
   */
  open(id: string, address = 'server'): Room {
    if (!isValidRoomId(id)) throw new RoomError('bad-room-id', 'A room id is 1-32 letters, digits or "-".');
    const existing = this.rooms.get(id);
    if (existing) return existing;
    if (this.closed || this.rooms.size >= this.maxRooms) {
      throw new RoomError('too-many-rooms', `This server has ${this.maxRooms} rooms open already; try again later or join one of them.`);
    }
    if (this.roomsOpenedBy(address) >= this.addressLimits.roomsOpened) {
      throw new RoomError('rooms-per-address', `Your address has opened ${this.addressLimits.roomsOpened} rooms that are still open, the most it may; join one of them.`);
    }
    const room = new Room(id, this.roomOptions);
    room.on('message', (peerId, message) => this.routes.get(peerId)?.(message));
    room.on('encoded', (peerId, message) => this.routes.get(peerId)?.(message));
    room.on('empty', () => this.closeRoom(id));
    this.rooms.set(id, room);
    this.openedBy.set(id, address);
    return room;
  }

  roomsOpenedBy(address: string): number {
    return [...this.openedBy.values()].filter((a) => a === address).length;
  }

  /** Adds a bot to `room` for a client at `address`; RoomError('bots-per-address') when it has added its share. */
  addBot(room: Room, address = 'server') {
    const added = [...this.rooms.values()].reduce((sum, r) => sum + r.botsAddedBy(address), 0);
    if (added >= this.addressLimits.bots) {
      throw new RoomError('bots-per-address', `Your address has ${added} bots in rooms here, the most it may; remove one first.`);
    }
    return room.addBot(address);
  }

  /** Where messages for `peerId` go (that peer's socket). */
  route(peerId: string, send: (message: OutgoingServerMessage) => void): void {
    this.routes.set(peerId, send);
  }

  unroute(peerId: string): void {
    this.routes.delete(peerId);
  }

  list(): RoomSummary[] {
    return [...this.rooms.values()].map((room) => room.summary());
  }

  /** Sends `message` to every person in room `id` (the fleet telling members their node is draining). */
  tell(id: string, message: ServerMessage): void {
    for (const peer of this.rooms.get(id)?.listPeers() ?? []) this.routes.get(peer.id)?.(message);
  }

  /** Tells every person in room `id` `message`, then closes the room. */
  end(id: string, message: ServerMessage): void {
    this.tell(id, message);
    this.closeRoom(id);
  }

  closeRoom(id: string): void {
    const room = this.rooms.get(id);
    if (!room) return;
    this.rooms.delete(id);
    this.openedBy.delete(id);
    room.close();
  }

  /** Idempotent: closes every room. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const id of [...this.rooms.keys()]) this.closeRoom(id);
    this.routes.clear();
  }

  get resources(): { rooms: number; routes: number } {
    return { rooms: this.rooms.size, routes: this.routes.size };
  }
}
