import { EventEmitter } from 'node:events';
import type { IceCandidate, JoinRole, PeerConnectionLabel } from '@/lib/protocol/room';
import type { ServerMessage } from '@/lib/protocol/messages';
import { MAX_UDP_SOCKETS } from '../limits';
import { ForwardingCounters } from './forwarding/ForwardingCounters';
import { PeerError } from './PeerError';
import { NegotiationPacer } from './NegotiationPacer';
import type { Publisher } from './Publisher';
import { PublishSession } from './PublishSession';
import { SubscribeSession } from './SubscribeSession';
import type { Subscriber } from './Subscriber';
import { UdpSocketBudget } from './UdpSocketBudget';
import type { WebRtcOptions } from './webrtc';

export { PeerError };

/**
 * One person in the room, connected from a browser: a publish session (the browser offers its camera
 * and microphone; server/sfu/PublishSession) and a subscribe session (the server offers everyone
 * else; server/sfu/SubscribeSession). The room tells it whom to subscribe to; it tells the room, by
 * events, when its publisher exists and when it has failed. It holds no negotiation state of its own.
 */

export interface PeerEvents {
  /** A message for this peer's browser. */
  signal: [ServerMessage];
  /** The browser's publish offer was accepted: other peers may subscribe to this publisher now. */
  publishing: [Publisher];
  /** The peer cannot go on (negotiation timed out, connection failed); the room removes it. */
  failed: [reason: string];
}

/** Every peer connection in this process draws its UDP sockets from here (server/limits.ts). */
export const processUdpSockets = new UdpSocketBudget(MAX_UDP_SOCKETS);

/** Every subscribe session in this process builds its offers and applies its answers in turn, here. */
export const processNegotiations = new NegotiationPacer();

export class Peer extends EventEmitter<PeerEvents> {
  private readonly publishing: PublishSession;
  private readonly subscribing: SubscribeSession;
  private closed = false;

  constructor(
    readonly id: string,
    readonly name: string,
    readonly role: JoinRole,
    now: () => number,
    webrtc: WebRtcOptions = {},
    sockets: UdpSocketBudget = processUdpSockets,
    negotiations: NegotiationPacer = processNegotiations,
  ) {
    super();
    this.publishing = new PublishSession(id, name, role, now, webrtc, sockets);
    this.subscribing = new SubscribeSession(id, now, webrtc, sockets, negotiations);
    this.publishing.on('publishing', (publisher) => {
      // Layers no viewer takes are paused at the browser (lib/simulcast/layerDemand); it applies this with setParameters.
      publisher.on('layers-requested', (rids) => this.emit('signal', { type: 'publish-layers', rids: [...rids] }));
      this.emit('publishing', publisher);
    });
    this.publishing.on('failed', (reason) => this.emit('failed', reason));
    this.subscribing.on('offer', (offer) => this.emit('signal', { type: 'subscribe-offer', ...offer }));
    this.subscribing.on('failed', (reason) => this.emit('failed', reason));
  }

  get publishes(): { audio: boolean; video: boolean } {
    return { audio: this.role !== 'viewer', video: this.role === 'camera' };
  }

  get isClosed(): boolean {
    return this.closed;
  }

  get publisher(): Publisher | null {
    return this.publishing.publisher;
  }

  /** Answers the browser's publish offer; see PublishSession.accept for what it refuses. */
  acceptPublishOffer(sdp: string, sourceWidth?: number, sourceHeight?: number): Promise<string> {
    return this.publishing.accept(sdp, sourceWidth, sourceHeight);
  }

  subscribe(publisher: Publisher): void {
    if (!this.closed) this.subscribing.subscribe(publisher);
  }

  unsubscribe(publisherId: string): void {
    this.subscribing.unsubscribe(publisherId);
  }

  getSubscriber(publisherId: string): Subscriber | undefined {
    return this.subscribing.getSubscriber(publisherId);
  }

  get subscribers(): Subscriber[] {
    return this.subscribing.subscribers;
  }

  /** How this peer's forwarded packets left (fast path, werift's sender, or dropped), and how its own media was decrypted. */
  get forwarding(): ForwardingCounters {
    const counters = new ForwardingCounters();
    counters.add(this.subscribing.forwarding);
    counters.add(this.publishing.receiving);
    return counters;
  }

  /** The browser answered subscribe offer `revision`; see SubscribeSession.acceptAnswer. */
  acceptSubscribeAnswer(revision: number, sdp: string): Promise<void> {
    return this.subscribing.acceptAnswer(revision, sdp);
  }

  /**
   * A candidate the browser trickled. The SFU is ICE-lite (server/sfu/webrtc.ts): it learns the
   * browser's address from the browser's own checks and never sends a check to an address it is told,
   * so candidates are accepted, and not used.
   */
  addCandidate(_label: PeerConnectionLabel, _candidate: IceCandidate): void {}

  get downlinkCapKbps(): number | null {
    return this.subscribing.downlinkCapKbps;
  }

  set downlinkCapKbps(kbps: number | null) {
    this.subscribing.downlinkCapKbps = kbps;
  }

  /** Splits the (pretend or assumed) downlink between the visible video tiles (lib/sfu/downlinkBudget.ts). */
  updateBudget(): void {
    this.subscribing.updateBudget();
  }

  tick(nowMs: number): void {
    this.publishing.tick(nowMs);
    if (!this.closed) this.subscribing.tick(nowMs);
  }

  /** Idempotent: closes both sessions (connections, subscriptions, the publisher, timers). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.subscribing.close();
    this.publishing.close();
    this.removeAllListeners();
  }

  /** What is still held; a test checks it is all zero after close(). */
  get resources(): { subscriptions: number; slots: number; disposers: number; timers: number; connections: number; sockets: number } {
    const p = this.publishing.resources;
    const s = this.subscribing.resources;
    return {
      subscriptions: s.subscriptions,
      slots: s.slots,
      disposers: s.disposers + p.disposers,
      timers: s.timers + p.timers,
      connections: s.connections + p.connections,
      sockets: s.sockets + p.sockets,
    };
  }
}
