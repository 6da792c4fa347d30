import { EventEmitter } from 'node:events';
import { DEFAULT_ADDRESS_LIMITS, MAX_MESH_ROOMS, type AddressLimits } from '../limits';
import { RoomError } from '../sfu/Room';
import { RoomRegistry } from '../rooms/RoomRegistry';
import type { PeerjsServer } from './PeerjsServer';
import { MeshRoom, type MeshRoomOptions } from './MeshRoom';

/**
 * Every open mesh room, by id, and which room each PeerServer id belongs to, so the PeerServer's
 * connected and disconnected events reach the right room. A room opens on its first join and closes when
 * its last person leaves. `isTaken` says whether an SFU room holds an id: a room is one or the other.
 */
export class MeshRooms extends EventEmitter {
  /** The rooms, with who opened each and who added each bot, for the per-address limits, as SFU rooms count them. */
  private readonly rooms: RoomRegistry<MeshRoom>;
  private readonly onConnected = (peerjsId: string) => this.roomOf(peerjsId)?.connected(peerjsId);
  private readonly onDisconnected = (peerjsId: string) => this.roomOf(peerjsId)?.disconnected(peerjsId);

  constructor(
    private readonly options: MeshRoomOptions,
    private readonly isTaken: (id: string) => boolean = () => false,
    readonly maxRooms: number = MAX_MESH_ROOMS,
    addressLimits: Pick<AddressLimits, 'roomsOpened' | 'bots'> = DEFAULT_ADDRESS_LIMITS,
  ) {
    super();
    this.rooms = new RoomRegistry('mesh rooms', maxRooms, addressLimits);
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
    return this.rooms.open(
      id,
      address,
      () => {
        const room = new MeshRoom(id, this.options);
        room.on('empty', () => this.closeRoom(id));
        return room;
      },
      () => {
        if (this.isTaken(id)) {
          throw new RoomError('bad-room-id', `"${id}" is an SFU room right now, and a room is one or the other; choose another name for a mesh room.`);
        }
      },
    );
  }

  /** Adds a bot to `room` for a client at `address`; RoomError('bots-per-address') when it has added its share. */
  addBot(room: MeshRoom, address = 'server'): void {
    this.rooms.checkBotAllowance(address);
    room.addBot(address);
  }

  closeRoom(id: string): void {
    this.rooms.closeRoom(id);
  }

  /** Idempotent: closes every room. */
  close(): void {
    if (!this.rooms.close()) return;
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
