import { EventEmitter } from 'node:events';
import type { PeerInfo, RoomStats, RoomSummary, JoinRole, OwnSubscriptionStats, roomErrorCodes } from '@/lib/protocol/room';
import type { EncodedServerMessage, ServerMessage } from '@/lib/protocol/messages';
import { MAX_BOTS_PER_ROOM, MAX_PEERS_PER_ROOM, STATS_INTERVAL_MS } from '../limits';
import { Bot, botWeights } from './Bot';
import { loadBotMedia, type BotMedia } from './BotMedia';
import { ForwardingCounters } from './forwarding/ForwardingCounters';
import { forwardingPath } from './rtpSink';
import { Peer } from './Peer';
import type { Publisher } from './Publisher';
import { round1 } from './Publisher';
import type { WebRtcOptions } from './webrtc';
import { memberStatsEncoder, type SharedStats } from './statsFeed';

/**
 * One room: people (Peers) and bots, each publisher forwarded to everyone else. The room wires
 * children together by listening to their events; children never reach back into the room.
 * Every public method either succeeds or throws a RoomError with a protocol error code, and a
 * refused call changes nothing.
 */

export interface RoomEvents {
  /** A message for one peer's socket. */
  message: [peerId: string, message: ServerMessage];
  /** A message for one peer's socket, already serialized (its stats, built from a part shared by all). */
  encoded: [peerId: string, message: EncodedServerMessage];
  /** The last person left (bots do not keep a room open). */
  empty: [];
}

export interface RoomOptions {
  maxPeers?: number;
  maxBots?: number;
  now?: () => number;
  webrtc?: WebRtcOptions;
  /** Where bot clips come from; loaded on the first bot. */
  loadBotMedia?: () => BotMedia;
  /** Run the stats and speaking timers (off in unit tests that tick by hand). */
  timers?: boolean;
  /**
   * Ask publishers to pause the simulcast layers no viewer takes (lib/simulcast/layerDemand). On unless
   * false; bench:sfu turns it off to measure what it saves.
   */
  pauseUnwatchedLayers?: boolean;
  /**
   * The stats interval's per-member work (ICE consent, the downlink split, every subscription's layer
   * choice, the member's stats message) is spread over this many slices of the interval, each member in
   * one, so a full room's tick is not one long stall of the event loop that every packet arriving
   * meanwhile waits behind. 1: all of it at once (bench:sfu's room-one-tick, to compare).
   */
  tickSlices?: number;
}

/** Slices of the stats interval the members' ticks are spread over (RoomOptions.tickSlices). */
export const TICK_SLICES = 10;

/** Speaking rings are re-judged this often, so one turns off soon after the talker stops. */
export const SPEAKING_CHECK_MS = 100;
/** Silence between two bots' lines, so the reader hears (and sees) the turn pass. */
export const BOT_TURN_GAP_MS = 700;

export class Room extends EventEmitter<RoomEvents> {
  private readonly peers = new Map<string, Peer>();
  private readonly bots = new Map<string, Bot>();
  /** Who added each bot (a client address key), for per-address limits. */
  private readonly botOwners = new Map<string, string>();
  private readonly publishers = new Map<string, Publisher>();
  private readonly timers: NodeJS.Timeout[] = [];
  private turnTimer: NodeJS.Timeout | null = null;
  private nextBotNumber = 1;
  private lastShared: SharedStats;
  /** The shared part of the latest snapshot, serialized once; each member's own part is spliced in. */
  private encodeShared: (own: readonly OwnSubscriptionStats[]) => EncodedServerMessage;
  /** Which slice of the stats interval each member's tick runs in (assigned in turn as they join). */
  private readonly slices = new Map<string, number>();
  private nextSlice = 0;
  private slice = 0;
  private readonly tickSlices: number;
  private closed = false;
  readonly maxPeers: number;
  readonly maxBots: number;
  private readonly now: () => number;

  constructor(
    readonly id: string,
    private readonly options: RoomOptions = {},
  ) {
    super();
    this.maxPeers = options.maxPeers ?? MAX_PEERS_PER_ROOM;
    this.maxBots = options.maxBots ?? MAX_BOTS_PER_ROOM;
    this.now = options.now ?? Date.now;
    this.tickSlices = Math.max(1, Math.floor(options.tickSlices ?? TICK_SLICES));
    this.lastShared = this.computeStats();
    this.encodeShared = memberStatsEncoder(this.lastShared);
    if (options.timers !== false) {
      this.timers.push(setInterval(() => this.tickSlice(), STATS_INTERVAL_MS / this.tickSlices));
      this.timers.push(setInterval(() => this.checkSpeaking(), SPEAKING_CHECK_MS));
    }
  }

  get size(): number {
    return this.peers.size + this.bots.size;
  }

  get humanCount(): number {
    return this.peers.size;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  getPeer(peerId: string): Peer | undefined {
    return this.peers.get(peerId);
  }

  /** Adds a person. Throws RoomError('room-full') when the room has maxPeers members (bots count). */
  join(peerId: string, name: string, role: JoinRole): Peer {
    if (this.closed) throw new RoomError('not-in-room', 'This room has closed.');
    if (this.peers.has(peerId)) throw new RoomError('already-in-room', 'Already in this room.');
    if (this.size >= this.maxPeers) {
      throw new RoomError('room-full', `Room "${this.id}" is full: ${this.maxPeers} people is the most one room holds here.`);
    }
    const peer = new Peer(peerId, name, role, this.now, this.options.webrtc);
    this.peers.set(peerId, peer);
    this.slices.set(peerId, this.nextSlice);
    this.nextSlice = (this.nextSlice + 1) % this.tickSlices;
    peer.on('signal', (message) => this.emit('message', peerId, message));
    peer.on('publishing', (publisher) => this.addPublisher(publisher));
    peer.on('failed', (reason) => {
      this.emit('message', peerId, { type: 'dropped', roomId: this.id, message: `Your connection to the room failed (${reason}).` });
      this.leave(peerId, 'disconnected');
    });
    const info = this.peerInfo(peer);
    this.broadcast({ type: 'peer-joined', peer: info }, peerId);
    this.emit('message', peerId, {
      type: 'joined',
      roomId: this.id,
      peerId,
      role,
      peers: this.listPeers().filter((p) => p.id !== peerId),
      maxPeers: this.maxPeers,
      bots: botWeights((this.options.loadBotMedia ?? loadBotMedia)()),
    });
    // Subscribe the newcomer to everyone already publishing.
    for (const publisher of this.publishers.values()) peer.subscribe(publisher);
    return peer;
  }

  /** Idempotent: removes a person, everything they published, and their subscriptions. */
  leave(peerId: string, reason: 'left' | 'disconnected' | 'removed' = 'left'): void {
    const peer = this.peers.get(peerId);
    if (!peer) return;
    this.peers.delete(peerId);
    this.slices.delete(peerId);
    this.removePublisher(peerId);
    peer.close();
    this.broadcast({ type: 'peer-left', peerId, reason });
    if (this.peers.size === 0 && !this.closed) this.emit('empty');
  }

  addBot(addedBy = 'server'): Bot {
    if (this.closed) throw new RoomError('not-in-room', 'This room has closed.');
    if (this.bots.size >= this.maxBots) throw new RoomError('bot-limit', `A room holds at most ${this.maxBots} bots.`);
    if (this.size >= this.maxPeers) throw new RoomError('room-full', `Room "${this.id}" is full (${this.maxPeers}).`);
    const media = (this.options.loadBotMedia ?? loadBotMedia)();
    const n = this.nextBotNumber++;
    const bot = new Bot(`bot-${n}`, `Bot ${n}`, media, n, this.now);
    this.bots.set(bot.id, bot);
    this.botOwners.set(bot.id, addedBy);
    bot.on('turn-done', () => this.scheduleNextTurn(bot.id));
    this.broadcast({ type: 'peer-joined', peer: this.botInfo(bot) });
    this.addPublisher(bot.publisher);
    if (this.options.timers !== false) bot.start();
    if (!this.turnTimer && ![...this.bots.values()].some((b) => b.talking)) this.scheduleNextTurn(null);
    return bot;
  }

  /** Removes the given bot, or the newest one. Throws RoomError('no-bot') if there is none. */
  removeBot(botId?: string): void {
    const bot = botId ? this.bots.get(botId) : [...this.bots.values()].at(-1);
    if (!bot) throw new RoomError('no-bot', botId ? `No bot "${botId}" in this room.` : 'There are no bots to remove.');
    const wasTalking = bot.talking;
    this.bots.delete(bot.id);
    this.botOwners.delete(bot.id);
    this.removePublisher(bot.id);
    bot.close();
    this.broadcast({ type: 'peer-left', peerId: bot.id, reason: 'removed' });
    if (wasTalking) this.scheduleNextTurn(bot.id);
  }

  /** Bots in this room that a client at `address` added. */
  botsAddedBy(address: string): number {
    return [...this.botOwners.values()].filter((a) => a === address).length;
  }

  listPeers(): PeerInfo[] {
    return [...[...this.peers.values()].map((p) => this.peerInfo(p)), ...[...this.bots.values()].map((b) => this.botInfo(b))];
  }

  summary(): RoomSummary {
    return { id: this.id, peers: this.size, bots: this.bots.size, publishers: this.publishers.size };
  }

  /**
   * The full detail, every member's every subscription (GET /api/rooms/<id>/stats): rates of the last
   * stats tick, layer choices as they are now. Built on request, not every tick.
   */
  get stats(): RoomStats {
    return {
      roomId: this.id,
      peers: this.size,
      bots: this.bots.size,
      publishers: [...this.publishers.values()].map((p) => p.stats()),
      subscriptions: [...this.peers.values()].flatMap((peer) => peer.subscribers.map((s) => s.stats())),
      totals: this.lastShared.totals,
      forwarding: this.forwardingTotals(),
    };
  }

  private forwardingTotals(): RoomStats['forwarding'] {
    const forwarding = new ForwardingCounters();
    for (const peer of this.peers.values()) forwarding.add(peer.forwarding);
    return forwarding.summary(forwardingPath(this.options.webrtc?.forwarding));
  }

  /**
   * One whole stats interval at once (tests and benchmarks tick by hand): roll meters, take the shared
   * snapshot, then every member's tick and stats message. The room's own timer runs the same steps
   * spread over the interval (tickSlice).
   */
  tick(): void {
    if (this.closed) return;
    const nowMs = this.now();
    this.rollAndShare(nowMs);
    for (const peer of this.peers.values()) this.tickMember(peer, nowMs);
  }

  /**
   * One slice of the stats interval: the first rolls every meter and takes the shared part of the
   * snapshot (publishers, totals: serialized once); each slice then ticks its share of the members and
   * sends each of them its message (the shared part with its own subscriptions spliced in). Every
   * member is ticked and hears once per interval, of rates that all cover the same interval.
   */
  tickSlice(): void {
    if (this.closed) return;
    const nowMs = this.now();
    const slice = this.slice;
    this.slice = (slice + 1) % this.tickSlices;
    if (slice === 0) this.rollAndShare(nowMs);
    for (const peer of this.peers.values()) if (this.slices.get(peer.id) === slice) this.tickMember(peer, nowMs);
  }

  private rollAndShare(nowMs: number): void {
    for (const publisher of this.publishers.values()) publisher.roll(nowMs);
    for (const peer of this.peers.values()) for (const s of peer.subscribers) s.roll(nowMs);
    this.lastShared = this.computeStats();
    this.encodeShared = memberStatsEncoder(this.lastShared);
  }

  /** A member's share of the interval: ICE consent, the downlink split, its layer choices, then its stats. */
  private tickMember(peer: Peer, nowMs: number): void {
    peer.tick(nowMs);
    if (this.closed || !this.peers.has(peer.id)) return;
    this.emit('encoded', peer.id, this.encodeShared(peer.subscribers.map((s) => s.memberStats())));
  }

  checkSpeaking(): void {
    const nowMs = this.now();
    for (const publisher of this.publishers.values()) publisher.updateSpeaking(nowMs);
  }

  private addPublisher(publisher: Publisher): void {
    if (this.closed) return;
    this.publishers.set(publisher.peerId, publisher);
    publisher.layerPausing = this.options.pauseUnwatchedLayers !== false;
    publisher.on('speaking', (speaking) => this.broadcast({ type: 'speaking', peerId: publisher.peerId, speaking }));
    for (const peer of this.peers.values()) peer.subscribe(publisher);
  }

  private removePublisher(peerId: string): void {
    if (!this.publishers.delete(peerId)) return;
    for (const peer of this.peers.values()) peer.unsubscribe(peerId);
  }

  private scheduleNextTurn(afterBotId: string | null): void {
    if (this.closed || this.options.timers === false) return;
    if (this.turnTimer) clearTimeout(this.turnTimer);
    this.turnTimer = setTimeout(() => {
      this.turnTimer = null;
      const bots = [...this.bots.values()];
      if (bots.length === 0) return;
      const i = afterBotId ? bots.findIndex((b) => b.id === afterBotId) : -1;
      bots[(i + 1) % bots.length].startTalking();
    }, BOT_TURN_GAP_MS);
  }

  /** The part of the snapshot every member shares: the publishers and the room's totals. */
  private computeStats(): SharedStats {
    const publishers = [...this.publishers.values()];
    let outKbps = 0;
    let outPacketsPerSecond = 0;
    let busiestViewerKbps = 0;
    for (const peer of this.peers.values()) {
      let viewerKbps = 0;
      for (const s of peer.subscribers) {
        const kbps = s.videoMeter.kbps + s.audioMeter.kbps;
        outKbps += kbps;
        outPacketsPerSecond += s.videoMeter.packetsPerSecond + s.audioMeter.packetsPerSecond;
        // As each member's own stats show it (whole kbps per stream).
        viewerKbps += Math.round(s.videoMeter.kbps) + Math.round(s.audioMeter.kbps);
      }
      busiestViewerKbps = Math.max(busiestViewerKbps, viewerKbps);
    }
    const sum = <T>(items: T[], value: (item: T) => number) => items.reduce((total, item) => total + value(item), 0);
    return {
      roomId: this.id,
      peers: this.size,
      bots: this.bots.size,
      publishers: publishers.map((p) => p.memberStats()),
      totals: {
        inKbps: round1(sum(publishers, (p) => p.inKbps)),
        outKbps: round1(outKbps),
        inPacketsPerSecond: round1(sum(publishers, (p) => p.inPacketsPerSecond)),
        outPacketsPerSecond: round1(outPacketsPerSecond),
        busiestViewerKbps: round1(busiestViewerKbps),
      },
    };
  }

  private peerInfo(peer: Peer): PeerInfo {
    return { id: peer.id, name: peer.name, role: peer.role, ...peer.publishes };
  }

  private botInfo(bot: Bot): PeerInfo {
    return { id: bot.id, name: bot.name, role: 'bot', audio: true, video: true };
  }

  private broadcast(message: ServerMessage, exceptPeerId?: string): void {
    for (const peerId of this.peers.keys()) if (peerId !== exceptPeerId) this.emit('message', peerId, message);
  }

  /** Idempotent: removes every peer and bot and stops every timer. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    if (this.turnTimer) clearTimeout(this.turnTimer);
    this.turnTimer = null;
    for (const bot of this.bots.values()) bot.close();
    this.bots.clear();
    this.botOwners.clear();
    for (const peer of this.peers.values()) peer.close();
    this.peers.clear();
    for (const publisher of this.publishers.values()) publisher.close();
    this.publishers.clear();
    this.removeAllListeners();
  }

  /** What is still held; a test checks it is all zero after close(). */
  get resources(): { peers: number; bots: number; publishers: number; timers: number; listeners: number } {
    return {
      peers: this.peers.size,
      bots: this.bots.size,
      publishers: this.publishers.size,
      timers: this.timers.length + (this.turnTimer ? 1 : 0),
      listeners: this.eventNames().reduce((n, name) => n + this.listenerCount(name), 0),
    };
  }
}

/** Every refusal carries one of the protocol's error codes, so the browser can say what went wrong. */
export type RoomErrorCode = (typeof roomErrorCodes)[number];

export class RoomError extends Error {
  constructor(
    readonly code: RoomErrorCode,
    message: string,
  ) {
    super(message);
  }
}
