import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { ServerMessage } from '@/lib/protocol/messages';
import type { JoinRole } from '@/lib/protocol/room';
import type { MeshBotWeights, MeshMember } from '@/lib/protocol/mesh';
import { MESH_SEND_LAYER } from '@/lib/bandwidth/video';
import { VIDEO_LAYERS } from '@/lib/bandwidth/video';
import { CONNECT_TIMEOUT_MS, MAX_MESH_PEERS } from '../limits';
import type { Logger } from '../log';
import { RoomError } from '../sfu/Room';
import type { BotMedia } from '../sfu/BotMedia';
import type { UdpSocketBudget } from '../sfu/UdpSocketBudget';
import type { WebRtcOptions } from '../sfu/webrtc';
import { MeshBot, meshBotWeights } from './MeshBot';
import { ROOM_PEER_ID_PREFIX, type PeerjsServer } from './PeerjsServer';

/**
 * One mesh room: who is in it, their PeerServer ids, and its bots. It carries no media. A browser joins
 * over /ws and gets an id and token for the PeerServer; when that connection opens, the room sends it
 * `mesh-call` with everyone connected before it and tells the others it is there (lib/protocol/mesh.ts).
 * A bot joins the same way through the PeerServer's in-process channel and calls everyone itself.
 *
 * Every public method either succeeds or throws a RoomError, and a refused call changes nothing.
 */

export interface MeshRoomEvents {
  /** The last person left (bots do not keep a room open). */
  empty: [];
}

export interface MeshRoomOptions {
  peerjs: PeerjsServer;
  log: Logger;
  loadBotMedia: () => BotMedia;
  webrtc: WebRtcOptions;
  sockets: UdpSocketBudget;
  maxPeers?: number;
  now?: () => number;
  /** Run the bots' clips, turns and the join timeout (off in unit tests). */
  timers?: boolean;
}

/** Silence between two bots' lines, as in SFU rooms. */
export const MESH_BOT_TURN_GAP_MS = 700;
/** Opus bitrate browsers and bots are asked for in a mesh room: the chapter's voice stream. */
export const MESH_OPUS_KBPS = 64;
/** The bots' clip layer at the height of the mesh layer a browser sends (lib/bandwidth MESH_SEND_LAYER). */
export function meshBotRid(media: BotMedia): string {
  const height = VIDEO_LAYERS[MESH_SEND_LAYER].height;
  const layer = media.layers.find((l) => l.layer.height === height) ?? media.layers[0];
  return layer.layer.rid;
}

interface Member {
  info: MeshMember;
  /** Messages to this browser's socket; null for a bot. */
  send: ((message: ServerMessage) => void) | null;
  bot: MeshBot | null;
  /** For a bot: the address key of the client that added it (per-address limits). */
  addedBy: string | null;
  connected: boolean;
  joinTimer: NodeJS.Timeout | null;
}

export class MeshRoom extends EventEmitter<MeshRoomEvents> {
  private readonly members = new Map<string, Member>();
  private turnTimer: NodeJS.Timeout | null = null;
  private nextBotNumber = 1;
  private weights: MeshBotWeights | null = null;
  private closed = false;
  readonly maxPeers: number;
  private readonly group: string;

  constructor(
    readonly id: string,
    private readonly options: MeshRoomOptions,
  ) {
    super();
    this.maxPeers = options.maxPeers ?? MAX_MESH_PEERS;
    this.group = `mesh:${id}`;
  }

  get size(): number {
    return this.members.size;
  }

  get humanCount(): number {
    return [...this.members.values()].filter((m) => !m.bot).length;
  }

  get botCount(): number {
    return this.members.size - this.humanCount;
  }

  has(peerjsId: string): boolean {
    return this.members.has(peerjsId);
  }

  list(): MeshMember[] {
    return [...this.members.values()].map((m) => m.info);
  }

  /** What the room's bots send (the same for every bot: they play the same clips). */
  botWeights(): MeshBotWeights {
    if (!this.weights) {
      const media = this.options.loadBotMedia();
      const rid = meshBotRid(media);
      const w = meshBotWeights(media, rid);
      this.weights = { rid, videoWireKbps: w.video[0].wireKbps, voiceWireKbps: w.voiceWireKbps };
    }
    return this.weights;
  }

  /**
   * A browser joins: reserves a PeerServer id for it and answers `mesh-joined`. Throws RoomError('room-full')
   * when the room has maxPeers members, bots included.
   */
  join(name: string, role: JoinRole, send: (message: ServerMessage) => void): MeshMember {
    this.refuseIfFull();
    const info: MeshMember = { peerjsId: this.newPeerId(), name, role };
    const token = randomBytes(16).toString('hex');
    this.options.peerjs.reserve(info.peerjsId, token, this.group);
    const member: Member = { info, send, bot: null, addedBy: null, connected: false, joinTimer: null };
    if (this.options.timers !== false) {
      member.joinTimer = setTimeout(() => {
        member.joinTimer = null;
        if (member.connected || !this.members.has(info.peerjsId)) return;
        send({ type: 'error', code: 'negotiation-failed', message: 'Your browser did not reach the PeerServer (/peerjs) in time; reload to try again.' });
        this.leave(info.peerjsId, 'disconnected');
      }, CONNECT_TIMEOUT_MS);
    }
    this.members.set(info.peerjsId, member);
    send({
      type: 'mesh-joined',
      roomId: this.id,
      peerjsId: info.peerjsId,
      token,
      members: this.list().filter((m) => m.peerjsId !== info.peerjsId),
      maxPeers: this.maxPeers,
      bot: this.botWeights(),
    });
    return info;
  }

  /** The member's PeerServer connection opened: it calls everyone connected before it; the others learn of it. */
  connected(peerjsId: string): void {
    const member = this.members.get(peerjsId);
    if (!member || member.connected || this.closed) return;
    member.connected = true;
    if (member.joinTimer) clearTimeout(member.joinTimer);
    member.joinTimer = null;
    const earlier = [...this.members.values()].filter((m) => m !== member && m.connected).map((m) => m.info.peerjsId);
    if (member.bot) member.bot.call(earlier.filter((id) => !this.members.get(id)?.bot));
    else member.send?.({ type: 'mesh-call', peerjsIds: earlier });
    this.broadcast({ type: 'mesh-member-joined', member: member.info }, peerjsId);
  }

  /** The member's PeerServer connection closed: a browser that lost it has left. */
  disconnected(peerjsId: string): void {
    const member = this.members.get(peerjsId);
    if (member && member.connected && !member.bot) this.leave(peerjsId, 'disconnected');
  }

  /** A member leaves (its socket closed, it said so, or it was removed). Idempotent. */
  leave(peerjsId: string, reason: 'left' | 'disconnected' | 'removed'): void {
    const member = this.members.get(peerjsId);
    if (!member) return;
    this.members.delete(peerjsId);
    if (member.joinTimer) clearTimeout(member.joinTimer);
    this.options.peerjs.release(peerjsId);
    const wasTalking = member.bot?.talking ?? false;
    member.bot?.close();
    for (const other of this.members.values()) other.bot?.hangUp(peerjsId);
    this.broadcast({ type: 'mesh-member-left', peerjsId, reason });
    if (wasTalking) this.scheduleNextTurn(peerjsId);
    if (this.humanCount === 0) this.emit('empty');
  }

  /** Bots in this room added by a client at `address`. */
  botsAddedBy(address: string): number {
    return [...this.members.values()].filter((m) => m.bot && m.addedBy === address).length;
  }

  addBot(address = 'server'): MeshBot {
    this.refuseIfFull();
    const media = this.options.loadBotMedia();
    const n = this.nextBotNumber++;
    const peerjsId = this.newPeerId();
    const token = randomBytes(16).toString('hex');
    this.options.peerjs.reserve(peerjsId, token, this.group);
    const bot = new MeshBot({
      id: `mesh-bot-${n}`,
      name: `Bot ${n}`,
      peerjsId,
      media,
      seed: n,
      now: this.options.now ?? Date.now,
      channel: this.options.peerjs.connectLocal(peerjsId, token),
      rid: meshBotRid(media),
      webrtc: this.options.webrtc,
      opusKbps: MESH_OPUS_KBPS,
      sockets: this.options.sockets,
      log: this.options.log,
      timers: this.options.timers,
    });
    bot.on('turn-done', () => {
      this.broadcast({ type: 'mesh-speaking', peerjsId, speaking: false });
      this.scheduleNextTurn(peerjsId);
    });
    this.members.set(peerjsId, { info: { peerjsId, name: bot.name, role: 'bot' }, send: null, bot, addedBy: address, connected: false, joinTimer: null });
    // The in-process channel is open at once; the PeerServer's own 'connected' event may come later or not at all.
    this.connected(peerjsId);
    if (!this.turnTimer && ![...this.members.values()].some((m) => m.bot?.talking)) this.scheduleNextTurn(null);
    return bot;
  }

  /** Removes the newest bot. Throws RoomError('no-bot') if there is none. */
  removeBot(): void {
    const bot = [...this.members.values()].filter((m) => m.bot).at(-1);
    if (!bot) throw new RoomError('no-bot', 'There are no bots to remove.');
    this.leave(bot.info.peerjsId, 'removed');
  }

  /** Idempotent: ends every bot's calls and gives every PeerServer id back. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.turnTimer) clearTimeout(this.turnTimer);
    this.turnTimer = null;
    for (const [peerjsId, member] of this.members) {
      if (member.joinTimer) clearTimeout(member.joinTimer);
      member.bot?.close();
      this.options.peerjs.release(peerjsId);
    }
    this.members.clear();
    this.removeAllListeners();
  }

  get resources(): { members: number; bots: number; timers: number } {
    const timers = [...this.members.values()].filter((m) => m.joinTimer).length + (this.turnTimer ? 1 : 0);
    return { members: this.members.size, bots: this.botCount, timers };
  }

  private refuseIfFull(): void {
    if (this.closed) throw new RoomError('room-closed', 'This mesh room has closed.');
    if (this.members.size >= this.maxPeers) {
      throw new RoomError(
        'room-full',
        `A mesh room holds at most ${this.maxPeers} (bots count). Everyone here sends their own copy of their camera and voice to each of the others, so with ${this.maxPeers} people each uploads ${this.maxPeers - 1} copies and runs ${this.maxPeers - 1} encoders; past that a home uplink or a phone cannot keep up. An SFU room takes more, because each person uploads once.`,
      );
    }
  }

  private newPeerId(): string {
    return `${ROOM_PEER_ID_PREFIX}${randomBytes(8).toString('hex')}`;
  }

  private broadcast(message: ServerMessage, except?: string): void {
    for (const [peerjsId, member] of this.members) {
      if (peerjsId !== except && member.send) member.send(message);
    }
  }

  private scheduleNextTurn(after: string | null): void {
    if (this.closed || this.options.timers === false) return;
    if (this.turnTimer) clearTimeout(this.turnTimer);
    this.turnTimer = setTimeout(() => {
      this.turnTimer = null;
      const bots = [...this.members.values()].filter((m) => m.bot);
      if (bots.length === 0) return;
      const i = after ? bots.findIndex((b) => b.info.peerjsId === after) : -1;
      const next = bots[(i + 1) % bots.length];
      next.bot!.startTalking();
      this.broadcast({ type: 'mesh-speaking', peerjsId: next.info.peerjsId, speaking: true });
    }, MESH_BOT_TURN_GAP_MS);
  }
}
