import type { ClientMessage } from '@/lib/protocol/messages';
import { RoomError } from '../sfu/Room';
import type { SignalingConnection, SignalingLog } from '../signaling/RoomSignaling';
import type { MeshRoom } from './MeshRoom';
import type { MeshRooms } from './MeshRooms';

/**
 * The mesh-room half of one /ws socket: joining and leaving a mesh room and adding or removing its bots
 * (lib/protocol/mesh.ts). Other messages are not its business. Anything refused gets a typed error reply
 * and changes nothing; no error escapes to the socket.
 */
export class MeshSignaling {
  private room: MeshRoom | null = null;
  private peerjsId: string | null = null;
  private closed = false;

  constructor(
    private readonly rooms: MeshRooms,
    private readonly connection: SignalingConnection,
    private readonly log?: SignalingLog,
  ) {}

  handle(message: ClientMessage): void {
    if (this.closed || !message.type.startsWith('mesh-')) return;
    try {
      this.dispatch(message);
    } catch (error) {
      if (error instanceof RoomError) {
        this.log?.warn('refused mesh message', { connection: this.connection.id, code: error.code, message: error.message });
        this.connection.sendError(error.code, error.message, message.type);
      } else {
        this.log?.warn('mesh message failed', { connection: this.connection.id, type: message.type, error: String(error) });
        this.connection.sendError('internal', 'The server could not handle that message.', message.type);
      }
    }
  }

  private dispatch(message: ClientMessage): void {
    switch (message.type) {
      case 'mesh-join': {
        if (this.room) throw new RoomError('already-in-room', `Already in mesh room "${this.room.id}"; leave it first.`);
        const room = this.rooms.open(message.roomId, this.address);
        try {
          this.peerjsId = room.join(message.name, message.role, (m) => this.connection.send(m)).peerjsId;
          this.room = room;
        } catch (error) {
          // A room opened only for this join must not linger empty.
          if (room.humanCount === 0) this.rooms.closeRoom(room.id);
          throw error;
        }
        return;
      }
      case 'mesh-leave': {
        const room = this.requireRoom();
        this.leave('left');
        this.connection.send({ type: 'mesh-left', roomId: room.id });
        return;
      }
      case 'mesh-add-bot':
        this.rooms.addBot(this.requireRoom(), this.address);
        return;
      case 'mesh-remove-bot':
        this.requireRoom().removeBot();
        return;
      default:
        return;
    }
  }

  private get address(): string {
    return this.connection.address ?? 'unknown';
  }

  private requireRoom(): MeshRoom {
    if (!this.room) throw new RoomError('not-in-room', 'Join a mesh room first.');
    return this.room;
  }

  private leave(reason: 'left' | 'disconnected'): void {
    const { room, peerjsId } = this;
    this.room = null;
    this.peerjsId = null;
    if (room && peerjsId) room.leave(peerjsId, reason);
  }

  /** The socket closed: leave the room. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.leave('disconnected');
  }
}
