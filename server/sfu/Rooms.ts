import type { OutgoingServerMessage, ServerMessage } from '@/lib/protocol/messages';
import type { RoomSummary } from '@/lib/protocol/room';
import { DEFAULT_ADDRESS_LIMITS, MAX_ROOMS, type AddressLimits } from '../limits';
import { RoomRegistry } from '../rooms/RoomRegistry';
import { Room, type RoomOptions } from './Room';

/**
 * Every open room, by id. A room opens on its first join and closes when its last person leaves.
 * Messages a room addresses to a peer are delivered through the route that peer's socket registered.
 * Per-address limits (server/limits.ts) are counted as the mesh rooms count theirs (RoomRegistry).
 */
export class Rooms {
  private readonly rooms: RoomRegistry<Room>;
  private readonly routes = new Map<string, (message: OutgoingServerMessage) => void>();

  constructor(
    private readonly roomOptions: RoomOptions = {},
    readonly maxRooms: number = MAX_ROOMS,
    addressLimits: Pick<AddressLimits, 'roomsOpened' | 'bots'> = DEFAULT_ADDRESS_LIMITS,
  ) {
    this.rooms = new RoomRegistry('rooms', maxRooms, addressLimits);
  }

  get(id: string): Room | undefined {
    return this.rooms.get(id);
  }

  /**
   * The room, opened if needed (by a client at `address`). Throws RoomError for a bad id, when too many
   * rooms are open, or when this address has opened as many rooms as it may.
   */
  open(id: string, address = 'server'): Room {
    return this.rooms.open(id, address, () => {
      const room = new Room(id, this.roomOptions);
      room.on('message', (peerId, message) => this.routes.get(peerId)?.(message));
      room.on('encoded', (peerId, message) => this.routes.get(peerId)?.(message));
      room.on('empty', () => this.closeRoom(id));
      return room;
    });
  }

  roomsOpenedBy(address: string): number {
    return this.rooms.roomsOpenedBy(address);
  }

  /** Adds a bot to `room` for a client at `address`; RoomError('bots-per-address') when it has added its share. */
  addBot(room: Room, address = 'server') {
    this.rooms.checkBotAllowance(address);
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
    this.rooms.closeRoom(id);
  }

  /** Idempotent: closes every room. */
  close(): void {
    if (this.rooms.close()) this.routes.clear();
  }

  get resources(): { rooms: number; routes: number } {
    return { rooms: this.rooms.size, routes: this.routes.size };
  }
}
