import { EventEmitter } from 'node:events';
import type { RTCPeerConnection, RTCRtpTransceiver } from 'werift';
import type { TrackMapping } from '@/lib/protocol/room';
import { checkSubscribeAnswer, mediaMids, withoutCandidates } from '@/lib/protocol/sdp';
import { videoSharesKbps } from '@/lib/sfu/downlinkBudget';
import {
  createNegotiation,
  stepNegotiation,
  type NegotiationEffect,
  type NegotiationEvent,
  type NegotiationState,
} from '@/lib/sfu/negotiation';
import { CONNECT_TIMEOUT_MS, NEGOTIATION_TIMEOUT_MS } from '../limits';
import { IceConsent } from './IceConsent';
import type { NegotiationPacer } from './NegotiationPacer';
import { PeerError } from './PeerError';
import type { Publisher } from './Publisher';
import { ForwardingCounters } from './forwarding/ForwardingCounters';
import { rtpSinkFor, type SenderRoute } from './rtpSink';
import { Subscriber } from './Subscriber';
import type { UdpSocketBudget } from './UdpSocketBudget';
import { createSubscribeConnection, udpSocketsOf, udpSocketsPerConnection, type WebRtcOptions } from './webrtc';

/**
 * A viewer's subscribe connection: the SFU offers one audio and one video track per other publisher;
 * the browser answers. The room calls subscribe() and unsubscribe() whenever it likes; the session
 * turns that into offers by the rules of lib/sfu/negotiation.ts: one offer at a time, the connection
 * untouched while one is out, every change since folded into the next, and the viewer failed only by
 * its own silence. A Subscriber exists from subscribe() on (so its tile's size and visibility count at
 * once); its packets reach the browser once the next offer has given it a slot (a transceiver).
 */

export interface SubscribeOffer {
  revision: number;
  sdp: string;
  tracks: TrackMapping[];
}

export interface SubscribeSessionEvents {
  /** An offer for the viewer's browser. */
  offer: [SubscribeOffer];
  /** The session cannot go on (no answer in time, connection failed); the room removes the viewer. */
  failed: [reason: string];
}

/** A subscription's audio or video route, and who to tell about the RTCP the viewer sends on it. */
interface Route extends SenderRoute {
  kind: 'audio' | 'video';
  onPli: (() => void) | null;
  onReceiverReport: ((fractionLost: number) => void) | null;
}

/** A transceiver of the connection, serving one route or none. */
interface Slot {
  kind: 'audio' | 'video';
  transceiver: RTCRtpTransceiver;
  /** The publisher whose route the slot carries, for the offer's track map; null when free. */
  publisherId: string | null;
  route: Route | null;
  dispose: () => void;
}

interface Subscription {
  subscriber: Subscriber;
  audio: Route | null;
  video: Route | null;
}

export class SubscribeSession extends EventEmitter<SubscribeSessionEvents> {
  /** How this viewer's forwarded packets left: fast path, werift's sender, or dropped. */
  readonly forwarding = new ForwardingCounters();
  private pc: RTCPeerConnection | null = null;
  private consent: IceConsent | null = null;
  private negotiation: NegotiationState = createNegotiation();
  private answerTimer: NodeJS.Timeout | null = null;
  private connectTimer: NodeJS.Timeout | null = null;
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly slots: Slot[] = [];
  private readonly disposers: (() => void)[] = [];
  /** The MIDs of the offer in flight, in order: its answer must have the same. */
  private offeredMids: string[] = [];
  private reservedSockets = 0;
  private closed = false;
  private failed = false;
  /** The pretend downlink the reader set (a teaching control); null = no cap. */
  downlinkCapKbps: number | null = null;

  constructor(
    private readonly viewerId: string,
    private readonly now: () => number,
    private readonly webrtc: WebRtcOptions,
    private readonly sockets: UdpSocketBudget,
    /** Where building an offer and applying an answer wait their turn (one per event-loop turn, process-wide). */
    private readonly pacer: NegotiationPacer,
  ) {
    super();
  }

  get phase(): NegotiationState['phase'] {
    return this.negotiation.phase;
  }

  // --- what the room asks for ----------------------------------------------------------------------

  subscribe(publisher: Publisher): void {
    if (this.closed || publisher.peerId === this.viewerId || this.subscriptions.has(publisher.peerId)) return;
    const route = (kind: 'audio' | 'video'): Route => ({ kind, sender: null, restart: false, onPli: null, onReceiverReport: null });
    const audio = publisher.hasAudio ? route('audio') : null;
    const video = publisher.hasVideo ? route('video') : null;
    const sink = (route: SenderRoute | null) => (route ? rtpSinkFor(route, this.forwarding, this.webrtc.forwarding) : null);
    const subscriber = new Subscriber(this.viewerId, publisher, sink(video), sink(audio), this.now);
    if (video) {
      video.onPli = () => subscriber.onViewerKeyframeRequest();
      video.onReceiverReport = (fractionLost) => subscriber.onReceiverReport(fractionLost);
    }
    this.subscriptions.set(publisher.peerId, { subscriber, audio, video });
    this.updateBudget();
    subscriber.reselect();
    this.dispatch({ type: 'room-changed' });
  }

  unsubscribe(publisherId: string): void {
    const subscription = this.subscriptions.get(publisherId);
    if (!subscription) return;
    subscription.subscriber.close();
    for (const slot of this.slots) {
      if (slot.route && (slot.route === subscription.audio || slot.route === subscription.video)) {
        // Free at once (nothing more is sent on it); its direction changes with the next offer.
        slot.route.sender = null;
        slot.route = null;
        slot.publisherId = null;
      }
    }
    this.subscriptions.delete(publisherId);
    this.dispatch({ type: 'room-changed' });
  }

  getSubscriber(publisherId: string): Subscriber | undefined {
    return this.subscriptions.get(publisherId)?.subscriber;
  }

  get subscribers(): Subscriber[] {
    return [...this.subscriptions.values()].map((s) => s.subscriber);
  }

  /** Shares the downlink between the visible video tiles, smallest layers first (lib/sfu/downlinkBudget.ts); each tile's estimate applies on top. */
  updateBudget(): void {
    const subscribers = this.subscribers;
    const sharesKbps = videoSharesKbps(this.downlinkCapKbps, subscribers.map((s) => s.downlinkTile()));
    subscribers.forEach((s, i) => s.setDownlinkShareKbps(sharesKbps[i]));
  }

  tick(nowMs: number): void {
    if (this.consent?.expired(nowMs)) {
      this.fail('the browser stopped sending ICE consent checks; nothing more is sent to it');
      return;
    }
    this.updateBudget();
    for (const s of this.subscribers) s.tick(nowMs);
  }

  // --- the viewer's answer -------------------------------------------------------------------------

  /**
   * The browser answered offer `revision`. Refused, changing nothing and leaving the timer running,
   * when no such offer waits (`stale-answer`), when the SDP does not match the offer (`bad-sdp`), or
   * when werift cannot apply it (`negotiation-failed`).
   */
  async acceptAnswer(revision: number, sdp: string): Promise<void> {
    // Checked before and after waiting for the pacer: the session may have moved on meanwhile.
    this.refuseStale(revision);
    const pc = await this.pacer.run(async () => {
      this.refuseStale(revision);
      const check = checkSubscribeAnswer(sdp, this.offeredMids);
      if (!check.ok) throw new PeerError('bad-sdp', check.reason);
      this.dispatch({ type: 'answer-received', revision });
      const pc = this.pc!;
      try {
        await pc.setRemoteDescription({ type: 'answer', sdp: withoutCandidates(sdp) });
      } catch (error) {
        this.dispatch({ type: 'answer-refused' });
        throw new PeerError('negotiation-failed', `Could not apply the subscribe answer: ${String(error)}`);
      }
      return pc;
    });
    if (!this.connectTimer && pc.connectionState !== 'connected') {
      this.connectTimer = setTimeout(() => {
        if (!this.closed && pc.connectionState !== 'connected') this.fail('the subscribe connection never connected');
      }, CONNECT_TIMEOUT_MS);
    }
    this.dispatch({ type: 'answer-applied' });
  }

  private refuseStale(revision: number): void {
    if (this.closed || stepNegotiation(this.negotiation, { type: 'answer-received', revision }).refusal) {
      throw new PeerError('stale-answer', `No subscribe offer ${revision} is waiting for an answer.`);
    }
  }

  // --- the state machine's effects -----------------------------------------------------------------

  private dispatch(event: NegotiationEvent): void {
    const step = stepNegotiation(this.negotiation, event);
    this.negotiation = step.state;
    for (const effect of step.effects) this.carryOut(effect);
  }

  private carryOut(effect: NegotiationEffect): void {
    switch (effect.type) {
      case 'make-offer':
        void this.makeOffer(effect.revision);
        return;
      case 'start-timer':
        this.stopAnswerTimer();
        this.answerTimer = setTimeout(() => {
          this.answerTimer = null;
          this.dispatch({ type: 'timeout', revision: effect.revision });
        }, NEGOTIATION_TIMEOUT_MS);
        return;
      case 'stop-timer':
        this.stopAnswerTimer();
        return;
      case 'apply-answer':
        // acceptAnswer() applies it and reports back.
        return;
      case 'fail':
        this.fail(effect.reason);
        return;
    }
  }

  /**
   * In its turn (NegotiationPacer): applies every room change made so far to the connection, then
   * offers the result. Changes made while it waited for its turn ride along (negotiation rule 5).
   */
  private async makeOffer(revision: number): Promise<void> {
    try {
      await this.pacer.run(async () => {
        if (this.closed || this.negotiation.phase !== 'offering' || this.negotiation.revision !== revision) return;
        this.dispatch({ type: 'offer-building', revision });
        const pc = this.connection();
        this.assignSlots(pc);
        await pc.setLocalDescription(await pc.createOffer());
        if (this.closed) return;
        this.trueUpSockets(pc);
        const sdp = pc.localDescription!.sdp;
        this.offeredMids = mediaMids(sdp);
        const tracks: TrackMapping[] = this.slots
          .filter((slot) => slot.publisherId !== null && slot.transceiver.mid !== null)
          .map((slot) => ({ mid: slot.transceiver.mid!, publisherId: slot.publisherId!, kind: slot.kind }));
        this.emit('offer', { revision, sdp, tracks });
        this.dispatch({ type: 'offer-sent', revision });
      });
    } catch (error) {
      if (this.closed) return;
      const reason = error instanceof PeerError ? error.message : `could not make a subscribe offer: ${String(error)}`;
      this.dispatch({ type: 'offer-failed', revision, reason });
    }
  }

  private connection(): RTCPeerConnection {
    if (this.pc) return this.pc;
    const sockets = udpSocketsPerConnection(this.webrtc);
    if (!this.sockets.tryReserve(sockets)) {
      throw new PeerError('server-busy', 'the server is at its limit of media connections; try again in a minute');
    }
    this.reservedSockets = sockets;
    const pc = createSubscribeConnection(this.webrtc);
    this.consent = new IceConsent(pc, this.now(), this.webrtc.consentTimeoutMs);
    const state = pc.connectionStateChange.subscribe((s) => {
      if (s === 'connected') {
        if (this.connectTimer) clearTimeout(this.connectTimer);
        this.connectTimer = null;
        this.dispatch({ type: 'connected' });
      }
      if (s === 'failed') this.fail('the subscribe connection failed');
    });
    this.disposers.push(() => state.unSubscribe());
    this.pc = pc;
    return pc;
  }

  /** Frees the slots of publishers who left and gives every new route a slot: a free one of its kind, or a new transceiver. */
  private assignSlots(pc: RTCPeerConnection): void {
    for (const slot of this.slots) {
      if (slot.route === null && slot.transceiver.direction !== 'inactive') slot.transceiver.setDirection('inactive');
    }
    for (const [publisherId, subscription] of this.subscriptions) {
      for (const route of [subscription.audio, subscription.video]) {
        if (!route || route.sender) continue;
        const slot = this.slots.find((s) => s.kind === route.kind && s.route === null) ?? this.addSlot(pc, route.kind);
        slot.route = route;
        slot.publisherId = publisherId;
        slot.transceiver.setDirection('sendonly');
        route.sender = slot.transceiver.sender;
        route.restart = true;
        // Packets sent before the slot existed went nowhere: the viewer needs a fresh keyframe.
        if (route.kind === 'video') subscription.subscriber.onViewerKeyframeRequest();
      }
    }
  }

  private addSlot(pc: RTCPeerConnection, kind: 'audio' | 'video'): Slot {
    const transceiver = pc.addTransceiver(kind, { direction: 'sendonly' });
    const slot: Slot = { kind, transceiver, publisherId: null, route: null, dispose: () => {} };
    const sender = transceiver.sender;
    const pli = sender.onPictureLossIndication.subscribe(() => slot.route?.onPli?.());
    // werift routes each RR (or SR) to the senders whose SSRC one of its report blocks names.
    const rtcp = sender.onRtcp.subscribe((packet) => {
      if (!('reports' in packet)) return;
      const block = packet.reports.find((report) => report.ssrc === sender.ssrc);
      // The RR's fraction-lost field is a fixed-point number with the binary point at the left (RFC 3550 section 6.4.1).
      if (block) slot.route?.onReceiverReport?.(block.fractionLost / 256);
    });
    slot.dispose = () => {
      pli.unSubscribe();
      rtcp.unSubscribe();
    };
    this.slots.push(slot);
    return slot;
  }

  private trueUpSockets(pc: RTCPeerConnection): void {
    const actual = udpSocketsOf(pc);
    this.sockets.resize(this.reservedSockets, actual);
    this.reservedSockets = actual;
  }

  private fail(reason: string): void {
    if (this.closed || this.failed) return;
    this.failed = true;
    this.emit('failed', reason);
  }

  private stopAnswerTimer(): void {
    if (this.answerTimer) clearTimeout(this.answerTimer);
    this.answerTimer = null;
  }

  /** Idempotent: closes the connection and every subscription, gives the sockets back, cancels timers. */
  close(): void {
    if (this.closed) return;
    this.dispatch({ type: 'close' });
    this.closed = true;
    if (this.connectTimer) clearTimeout(this.connectTimer);
    this.connectTimer = null;
    for (const publisherId of [...this.subscriptions.keys()]) this.unsubscribe(publisherId);
    for (const slot of this.slots.splice(0)) slot.dispose();
    for (const dispose of this.disposers.splice(0)) dispose();
    void this.pc?.close().catch(() => {});
    this.pc = null;
    this.consent = null;
    this.sockets.release(this.reservedSockets);
    this.reservedSockets = 0;
    this.removeAllListeners();
  }

  get resources(): { subscriptions: number; slots: number; disposers: number; timers: number; connections: number; sockets: number } {
    return {
      subscriptions: this.subscriptions.size,
      slots: this.slots.length,
      disposers: this.disposers.length,
      timers: (this.answerTimer ? 1 : 0) + (this.connectTimer ? 1 : 0),
      connections: this.pc ? 1 : 0,
      sockets: this.reservedSockets,
    };
  }
}
