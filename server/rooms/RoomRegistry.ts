import { isValidRoomId } from '@/lib/protocol/room';
import type { AddressLimits } from '../limits';
import { RoomError } from '../sfu/Room';

/** What the registry needs of a room: to count its bots by who added them, and to close it. */
export interface RegisteredRoom {
  botsAddedBy(address: string): number;
  close(): void;
}

/**
 * Open rooms of one kind (SFU rooms, mesh rooms), by id: opened on the first join, closed when empty or
 * when the registry closes. The per-address limits (server/limits.ts) are counted from the rooms
 * themselves, who opened each and who added each bot, so nothing needs releasing when a room closes.
 */
export class RoomRegistry<R extends RegisteredRoom> {
  private readonly rooms = new Map<string, R>();
  private readonly openedBy = new Map<string, string>();
  private closed = false;

  constructor(
    /** How the refusals name these rooms: "rooms", "mesh rooms". */
    private readonly kind: string,
    readonly maxRooms: number,
    private readonly addressLimits: Pick<AddressLimits, 'roomsOpened' | 'bots'>,
  ) {}

  get(id: string): R | undefined {
    return this.rooms.get(id);
  }

  /**
   * The room, opened with `create` if needed (by a client at `address`). Throws RoomError for a bad id,
   * whatever `refuse` throws (checked only for a new room), too many rooms, or when this address has
   * opened as many rooms as it may.
   */
  open(id: string, address: string, create: () => R, refuse?: () => void): R {
    if (!isValidRoomId(id)) throw new RoomError('bad-room-id', 'A room id is 1-32 letters, digits or "-".');
    const existing = this.rooms.get(id);
    if (existing) return existing;
    refuse?.();
    if (this.closed || this.rooms.size >= this.maxRooms) {
      throw new RoomError('too-many-rooms', `This server has ${this.maxRooms} ${this.kind} open already; try again later or join one of them.`);
    }
    const opened = this.roomsOpenedBy(address);
    if (opened >= this.addressLimits.roomsOpened) {
      throw new RoomError('rooms-per-address', `Your address has opened ${opened} ${this.kind} that are still open, the most it may; join one of them.`);
    }
    const room = create();
    this.rooms.set(id, room);
    this.openedBy.set(id, address);
    return room;
  }

  roomsOpenedBy(address: string): number {
    return [...this.openedBy.values()].filter((a) => a === address).length;
  }

  /** Throws RoomError('bots-per-address') when the client at `address` has added its share of bots. */
  checkBotAllowance(address: string): void {
    const added = [...this.rooms.values()].reduce((sum, r) => sum + r.botsAddedBy(address), 0);
    if (added >= this.addressLimits.bots) {
      throw new RoomError('bots-per-address', `Your address has ${added} bots in rooms here, the most it may; remove one first.`);
    }
  }

  /** Idempotent. */
  closeRoom(id: string): void {
    const room = this.rooms.get(id);
    if (!room) return;
    this.rooms.delete(id);
    this.openedBy.delete(id);
    room.close();
  }

  /** Idempotent: closes every room; false when it was closed already. */
  close(): boolean {
    if (this.closed) return false;
    this.closed = true;
    for (const id of [...this.rooms.keys()]) this.closeRoom(id);
    return true;
  }

  values(): IterableIterator<R> {
    return this.rooms.values();
  }

  get size(): number {
    return this.rooms.size;
  }
}
