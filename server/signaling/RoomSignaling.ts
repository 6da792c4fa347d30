import type { ClientMessage, ErrorCode, OutgoingServerMessage } from '@/lib/protocol/messages';
import { withOpusParameters } from '@/lib/protocol/sdp';
import { LIVE_VOICE } from '@/lib/bandwidth/members';
import type { Peer } from '../sfu/Peer';
import { PeerError } from '../sfu/Peer';
import type { Room } from '../sfu/Room';
import { RoomError } from '../sfu/Room';
import type { Rooms } from '../sfu/Rooms';

/**
 * The room half of one /ws socket. The socket has already validated each message against the
 * protocol union (lib/protocol/messages.ts); this handler checks that it makes sense now (joined?
 * publishing? known tile?) and acts. Anything refused gets a typed error reply and changes nothing;
 * no error escapes to the socket.
 */

/** The parts of a socket connection the handler uses (server/ws/Connection in the app; a fake in tests). */
export interface SignalingConnection {
  readonly id: string;
  /** The client's address key, for per-address limits (server/ws/clientAddress.ts). */
  readonly address?: string;
  send(message: OutgoingServerMessage): void;
  sendError(code: ErrorCode, message: string, inReplyTo?: string): void;
}

export interface SignalingLog {
  warn(message: string, fields?: Record<string, unknown>): void;
}

type RoomMessage = Exclude<ClientMessage, { type: 'hello' } | { type: 'ping' }>;

/**
 * Asked before a join opens or enters a room; rejects with a RoomError to refuse it. A fleet node
 * (server/fleet) refuses rooms that live on another node, and every join while it drains.
 */
export type AdmitJoin = (roomId: string) => Promise<void>;

export class RoomSignaling {
  private room: Room | null = null;
  private peer: Peer | null = null;
  private joining = false;
  private closed = false;

  constructor(
    private readonly rooms: Rooms,
    private readonly connection: SignalingConnection,
    private readonly log?: SignalingLog,
    private readonly admit?: AdmitJoin,
  ) {}

  get peerId(): string {
    return this.connection.id;
  }

  private get address(): string {
    return this.connection.address ?? 'unknown';
  }

  get roomId(): string | null {
    return this.room?.id ?? null;
  }

  /** Handles one validated message. Never throws; resolves when the message has been dealt with. */
  async handle(message: ClientMessage): Promise<void> {
    if (this.closed || message.type === 'hello' || message.type === 'ping') return;
    try {
      await this.dispatch(message);
    } catch (error) {
      if (error instanceof RoomError || error instanceof PeerError) {
        this.refuse(error.code, error.message, message.type);
      } else {
        this.log?.warn('room message failed', { peer: this.peerId, type: message.type, error: String(error) });
        this.refuse('internal', 'The server could not handle that message.', message.type);
      }
    }
  }

  private async dispatch(message: RoomMessage): Promise<void> {
    switch (message.type) {
      case 'join': {
        if (this.room && this.peer && !this.peer.isClosed) throw new RoomError('already-in-room', `Already in room "${this.room.id}"; leave it first.`);
        // The room dropped this peer (it was told so): joining again on the same socket starts afresh.
        if (this.room) this.leaveRoom('disconnected');
        if (this.joining) throw new RoomError('already-in-room', 'A join is already under way.');
        if (this.admit) {
          this.joining = true;
          try {
            await this.admit(message.roomId);
          } finally {
            this.joining = false;
          }
          if (this.closed) return;
        }
        const room = this.rooms.open(message.roomId, this.address);
        this.rooms.route(this.peerId, (m) => this.connection.send(m));
        try {
          this.peer = room.join(this.peerId, message.name, message.role);
          this.room = room;
        } catch (error) {
          this.rooms.unroute(this.peerId);
          // A room opened only for this join must not linger empty.
          if (room.humanCount === 0) this.rooms.closeRoom(room.id);
          throw error;
        }
        return;
      }
      case 'leave': {
        const { room } = this.requireRoom();
        this.leaveRoom('left');
        this.connection.send({ type: 'left', roomId: room.id });
        return;
      }
      case 'publish-offer': {
        const { peer } = this.requireRoom();
        const sdp = await peer.acceptPublishOffer(message.sdp, message.sourceWidth, message.sourceHeight);
        // werift answers with the browser's own Opus parameters, so the browser would pick its default bitrate
        // (32 kbps); as receiver the server asks for the chapter's 64 kbps voice (RFC 7587 maxaveragebitrate),
        // the stream the pages' model counts, as the mesh rooms' browsers ask each other.
        if (!peer.isClosed) this.connection.send({ type: 'publish-answer', sdp: withOpusParameters(sdp, { maxaveragebitrate: LIVE_VOICE.opusKbps * 1000 }) });
        return;
      }
      case 'subscribe-answer': {
        const { peer } = this.requireRoom();
        await peer.acceptSubscribeAnswer(message.revision, message.sdp);
        return;
      }
      case 'candidate': {
        const { peer } = this.requireRoom();
        await peer.addCandidate(message.pc, message.candidate);
        return;
      }
      case 'tiles': {
        const { peer } = this.requireRoom();
        const changed = [];
        for (const { publisherId, ...view } of message.tiles) {
          const subscriber = peer.getSubscriber(publisherId);
          if (!subscriber) continue;
          subscriber.setView(view, message.devicePixelRatio);
          changed.push(subscriber);
        }
        if (changed.length === 0) return;
        // Which tiles are watched decides every tile's share of the downlink, so all of them choose again.
        peer.updateBudget();
        for (const s of peer.subscribers) s.reselect();
        return;
      }
      case 'force-layer': {
        const subscriber = this.requireSubscriber(message.publisherId);
        if (message.rid !== null && !subscriber.publisher.layers.some((l) => l.rid === message.rid)) {
          throw new RoomError('unknown-layer', `That publisher sends no layer "${message.rid}".`);
        }
        subscriber.forceLayer(message.rid);
        return;
      }
      case 'downlink-cap': {
        const { peer } = this.requireRoom();
        peer.downlinkCapKbps = message.kbps;
        peer.updateBudget();
        for (const s of peer.subscribers) s.reselect();
        return;
      }
      case 'add-bot': {
        this.rooms.addBot(this.requireRoom().room, this.address);
        return;
      }
      case 'remove-bot': {
        this.requireRoom().room.removeBot(message.botId);
        return;
      }
    }
  }

  private requireRoom(): { room: Room; peer: Peer } {
    if (!this.room || !this.peer || this.peer.isClosed) throw new RoomError('not-in-room', 'Join a room first.');
    return { room: this.room, peer: this.peer };
  }

  private requireSubscriber(publisherId: string) {
    const { peer } = this.requireRoom();
    const subscriber = peer.getSubscriber(publisherId);
    if (!subscriber) throw new RoomError('unknown-publisher', `Nobody in this room publishes as "${publisherId}".`);
    return subscriber;
  }

  private refuse(code: ErrorCode, message: string, inReplyTo: string): void {
    this.log?.warn('refused room message', { peer: this.peerId, code, message });
    this.connection.sendError(code, message, inReplyTo);
  }

  private leaveRoom(reason: 'left' | 'disconnected'): void {
    const room = this.room;
    this.room = null;
    this.peer = null;
    this.rooms.unroute(this.peerId);
    room?.leave(this.peerId, reason);
  }

  /** The socket closed (or the server is stopping): leave the room, even mid-negotiation. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.leaveRoom('disconnected');
  }
}
