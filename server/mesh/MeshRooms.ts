import { EventEmitter } from 'node:events';
import { isValidRoomId } from '@/lib/protocol/room';
import { DEFAULT_ADDRESS_LIMITS, MAX_MESH_ROOMS, type AddressLimits } from '../limits';
import { RoomError } from '../sfu/Room';
import type { PeerjsServer } from './PeerjsServer';
import { MeshRoom, type MeshRoomOptions } from './MeshRoom';

/**
 * Every open mesh room, by id, and which room each PeerServer id belongs to, so the PeerServer's
 * connected and disconnected events reach the right room. A room opens on its first join and closes when
 * its last person leaves. `isTaken` says whether an SFU room holds an id: a room is one or the other.
 */
export class MeshRooms extends EventEmitter {
  private readonly rooms = new Map<string, MeshRoom>();
  /** Who opened each room (an address key), for the per-address limit, as SFU rooms count it. */
  private readonly openedBy = new Map<string, string>();
  private closed = false;
  private readonly onConnected = (peerjsId: string) => this.roomOf(peerjsId)?.connected(peerjsId);
  private readonly onDisconnected = (peerjsId: string) => this.roomOf(peerjsId)?.disconnected(peerjsId);

  constructor(
    private readonly options: MeshRoomOptions,
    private readonly isTaken: (id: string) => boolean = () => false,
    readonly maxRooms: number = MAX_MESH_ROOMS,
    private readonly addressLimits: Pick<AddressLimits, 'roomsOpened' | 'bots'> = DEFAULT_ADDRESS_LIMITS,
  ) {
    super();
    options.peerjs.on('connected', this.onConnected);
    options.peerjs.on('disconnected', this.onDisconnected);
  }

  get peerjs(): PeerjsServer {
    return this.options.peerjs;
  }

  get(id: string): MeshRoom | undefined {
    return this.rooms.get(id);
  }

  /**
   * The room, opened if needed (by a client at `address`). Throws RoomError for a bad id, an SFU room's id,
   * too many rooms, or when this address has opened as many mesh rooms as it may.
   */
  open(id: string, address = 'server'): MeshRoom {
    if (!isValidRoomId(id)) throw new RoomError('bad-room-id', 'A room id is 1-32 letters, digits or "-".');
    const existing = this.rooms.get(id);
    if (existing) return existing;
    if (this.isTaken(id)) {
      throw new RoomError('bad-room-id', `"${id}" is an SFU room right now, and a room is one or the other; choose another name for a mesh room.`);
    }
    if (this.closed || this.rooms.size >= this.maxRooms) {
      throw new RoomError('too-many-rooms', `This server has ${this.maxRooms} mesh rooms open already; try again later or join one of them.`);
    }
    const opened = [...this.openedBy.values()].filter((a) => a === address).length;
    if (opened >= this.addressLimits.roomsOpened) {
      throw new RoomError('rooms-per-address', `Your address has opened ${opened} mesh rooms that are still open, the most it may; join one of them.`);
    }
    const room = new MeshRoom(id, this.options);
    room.on('empty', () => this.closeRoom(id));
    this.rooms.set(id, room);
    this.openedBy.set(id, address);
    return room;
  }

  /** Adds a bot to `room` for a client at `address`; RoomError('bots-per-address') when it has added its share. */
  addBot(room: MeshRoom, address = 'server'): void {
    const added = [...this.rooms.values()].reduce((sum, r) => sum + r.botsAddedBy(address), 0);
    if (added >= this.addressLimits.bots) {
      throw new RoomError('bots-per-address', `Your address has ${added} bots in rooms here, the most it may; remove one first.`);
    }
    room.addBot(address);
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
    this.options.peerjs.off('connected', this.onConnected);
    this.options.peerjs.off('disconnected', this.onDisconnected);
  }

  get size(): number {
    return this.rooms.size;
  }

  private roomOf(peerjsId: string): MeshRoom | undefined {
    for (const room of this.rooms.values()) if (room.has(peerjsId)) return room;
    return undefined;
  }
}
