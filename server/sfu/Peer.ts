import { EventEmitter } from 'node:events';
import { RTP_EXTENSION_URI, type RTCPeerConnection, type RTCRtpTransceiver, type MediaStreamTrack } from 'werift';
import { simulcastLadder } from '@/lib/simulcast/publisher';
import type { IceCandidate, JoinRole, PeerConnectionLabel, TrackMapping } from '@/lib/protocol/room';
import type { ServerMessage } from '@/lib/protocol/messages';
import { NEGOTIATION_TIMEOUT_MS } from '../limits';
import { FastRtpSender } from './forwarding/FastRtpSender';
import { ForwardingCounters } from './forwarding/ForwardingCounters';
import { Publisher } from './Publisher';
import { Subscriber, type RtpSink } from './Subscriber';
import { createPublishConnection, createSubscribeConnection, gatheringComplete, type WebRtcOptions } from './webrtc';

/**
 * One person in the room, connected from a browser. It holds two peer connections:
 * - publish: the browser offers its camera (simulcast, by RID) and microphone; the SFU answers.
 * - subscribe: the SFU offers one audio and one video track per other publisher; the browser answers.
 *   When publishers come and go the SFU offers again; one offer is in flight at a time, and a change
 *   that arrives meanwhile is folded into the next offer.
 * The room tells it whom to subscribe to; it tells the room (by events) when its publisher exists and
 * when it has failed.
 */

export interface PeerEvents {
  /** A message for this peer's browser. */
  signal: [ServerMessage];
  /** The browser's publish offer was accepted: other peers may subscribe to this publisher now. */
  publishing: [Publisher];
  /** The peer cannot go on (negotiation timed out, connection failed); the room removes it. */
  failed: [reason: string];
}

/**
 * The downlink split between tiles when the reader sets no cap (a LAN or loopback link). Each tile's
 * layer then fits the smaller of its share and its own loss-based estimate (Subscriber).
 */
export const DEFAULT_DOWNLINK_KBPS = 8000;

interface Slot {
  transceiver: RTCRtpTransceiver;
  kind: 'audio' | 'video';
  publisherId: string | null;
  /** Routes a viewer's PLI to whoever the slot serves now. */
  onPli: (() => void) | null;
  /** Routes the fraction lost (0..1) from a viewer's receiver report on this slot's stream. */
  onReceiverReport: ((fractionLost: number) => void) | null;
  dispose: () => void;
}

interface Subscription {
  subscriber: Subscriber;
  audio: Slot | null;
  video: Slot | null;
}

export class Peer extends EventEmitter<PeerEvents> {
  publisher: Publisher | null = null;
  private publishPc: RTCPeerConnection | null = null;
  private subscribePc: RTCPeerConnection | null = null;
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly slots: Slot[] = [];
  private readonly disposers: (() => void)[] = [];
  private revision = 0;
  private awaitingRevision: number | null = null;
  private negotiateAgain = false;
  private negotiationTimer: NodeJS.Timeout | null = null;
  private closed = false;
  downlinkCapKbps: number | null = null;
  /** How this peer's forwarded packets left: fast path, werift's sender, or dropped. */
  readonly forwarding = new ForwardingCounters();

  constructor(
    readonly id: string,
    readonly name: string,
    readonly role: JoinRole,
    private readonly now: () => number,
    private readonly webrtc: WebRtcOptions = {},
  ) {
    super();
  }

  get publishes(): { audio: boolean; video: boolean } {
    return { audio: this.role !== 'viewer', video: this.role === 'camera' };
  }

  get isClosed(): boolean {
    return this.closed;
  }

  // --- publishing -------------------------------------------------------------------------------

  /** Answers the browser's publish offer. Rejects (and changes nothing) if this peer may not publish. */
  async acceptPublishOffer(sdp: string, sourceWidth = 1280, sourceHeight = 720): Promise<string> {
    if (this.role === 'viewer') throw new PeerError('not-publishing', 'Viewers do not publish; join with camera or microphone.');
    if (this.publishPc) throw new PeerError('negotiation-failed', 'This peer already published; leave and join again to change.');
    const pc = createPublishConnection(this.webrtc);
    this.publishPc = pc;
    const layers = this.role === 'camera' ? simulcastLadder(sourceWidth, sourceHeight) : [];
    const publisher = new Publisher(this.id, this.name, false, layers, true, this.now);
    this.publisher = publisher;
    const ssrcByRid = new Map<string, number>();
    let videoTransceiver: RTCRtpTransceiver | null = null;

    publisher.on('keyframe-request', (rid) => {
      const ssrc = ssrcByRid.get(rid);
      // werift learns a RID track's SSRC late; until the first packet there is nothing to ask.
      if (ssrc !== undefined && videoTransceiver) void videoTransceiver.receiver.sendRtcpPLI(ssrc).catch(() => {});
    });
    const watchTrack = (transceiver: RTCRtpTransceiver, track: MediaStreamTrack) => {
      if (track.kind === 'video') {
        videoTransceiver = transceiver;
        const rid = track.rid ?? layers[layers.length - 1]?.rid;
        if (!rid) return;
        const sub = track.onReceiveRtp.subscribe((rtp) => {
          if (!ssrcByRid.has(rid)) {
            ssrcByRid.set(rid, rtp.header.ssrc);
            // Start each layer on a keyframe, so the first viewer need not wait for the next one.
            void transceiver.receiver.sendRtcpPLI(rtp.header.ssrc).catch(() => {});
          }
          publisher.ingestVideo(rid, rtp);
        });
        this.disposers.push(() => sub.unSubscribe());
      } else {
        const sub = track.onReceiveRtp.subscribe((rtp, extensions) => {
          const level = extensions?.[RTP_EXTENSION_URI.audioLevelIndication] as { level: number } | undefined;
          publisher.ingestAudio(rtp, level ? level.level : null);
        });
        this.disposers.push(() => sub.unSubscribe());
      }
    };
    const state = pc.connectionStateChange.subscribe((s) => {
      if (s === 'failed') this.emit('failed', 'publish connection failed');
    });
    this.disposers.push(() => state.unSubscribe());

    try {
      await pc.setRemoteDescription({ type: 'offer', sdp });
      // werift makes RID tracks while applying the offer, so take the ones that exist and watch for more.
      const watched = new Set<string>();
      const watchOnce = (transceiver: RTCRtpTransceiver, track: MediaStreamTrack) => {
        if (watched.has(track.uuid)) return;
        watched.add(track.uuid);
        watchTrack(transceiver, track);
      };
      for (const transceiver of pc.getTransceivers()) {
        for (const track of transceiver.receiver.tracks) watchOnce(transceiver, track);
        const sub = transceiver.onTrack.subscribe((track) => watchOnce(transceiver, track));
        this.disposers.push(() => sub.unSubscribe());
      }
      await pc.setLocalDescription(await pc.createAnswer());
      await gatheringComplete(pc);
    } catch (error) {
      throw new PeerError('negotiation-failed', `Could not accept the publish offer: ${String(error)}`);
    }
    if (this.closed) throw new PeerError('negotiation-failed', 'The peer left during negotiation.');
    this.emit('publishing', publisher);
    return pc.localDescription!.sdp;
  }

  // --- subscribing ------------------------------------------------------------------------------

  subscribe(publisher: Publisher): void {
    if (this.closed || publisher.peerId === this.id || this.subscriptions.has(publisher.peerId)) return;
    const audio = publisher.hasAudio ? this.takeSlot('audio', publisher.peerId) : null;
    const video = publisher.hasVideo ? this.takeSlot('video', publisher.peerId) : null;
    const sink = (slot: Slot | null) => (slot ? sinkFor(slot, this.forwarding, this.webrtc.forwarding) : null);
    const subscriber = new Subscriber(this.id, publisher, sink(video), sink(audio), this.now);
    if (video) {
      video.onPli = () => subscriber.onViewerKeyframeRequest();
      video.onReceiverReport = (fractionLost) => subscriber.onReceiverReport(fractionLost);
    }
    this.subscriptions.set(publisher.peerId, { subscriber, audio, video });
    this.updateBudget();
    subscriber.reselect();
    this.negotiate();
  }

  unsubscribe(publisherId: string): void {
    const subscription = this.subscriptions.get(publisherId);
    if (!subscription) return;
    subscription.subscriber.close();
    for (const slot of [subscription.audio, subscription.video]) {
      if (!slot) continue;
      slot.publisherId = null;
      slot.onPli = null;
      slot.onReceiverReport = null;
      slot.transceiver.setDirection('inactive');
    }
    this.subscriptions.delete(publisherId);
    if (!this.closed) this.negotiate();
  }

  getSubscriber(publisherId: string): Subscriber | undefined {
    return this.subscriptions.get(publisherId)?.subscriber;
  }

  get subscribers(): Subscriber[] {
    return [...this.subscriptions.values()].map((s) => s.subscriber);
  }

  /** The browser answered subscribe offer `revision`. An answer to an older offer is refused. */
  async acceptSubscribeAnswer(revision: number, sdp: string): Promise<void> {
    const pc = this.subscribePc;
    if (!pc || this.awaitingRevision === null || revision !== this.awaitingRevision) {
      throw new PeerError('stale-answer', `No subscribe offer ${revision} is waiting for an answer.`);
    }
    try {
      await pc.setRemoteDescription({ type: 'answer', sdp });
    } catch (error) {
      throw new PeerError('negotiation-failed', `Could not apply the subscribe answer: ${String(error)}`);
    } finally {
      this.awaitingRevision = null;
      this.clearNegotiationTimer();
    }
    if (this.negotiateAgain && !this.closed) {
      this.negotiateAgain = false;
      this.negotiate();
    }
  }

  async addCandidate(label: PeerConnectionLabel, candidate: IceCandidate): Promise<void> {
    const pc = label === 'publish' ? this.publishPc : this.subscribePc;
    if (!pc || !candidate.candidate) return;
    try {
      await pc.addIceCandidate({
        candidate: candidate.candidate,
        sdpMid: candidate.sdpMid ?? undefined,
        sdpMLineIndex: candidate.sdpMLineIndex ?? undefined,
      });
    } catch {
      // A candidate werift cannot use (an mDNS name, say) is not worth failing the peer for.
    }
  }

  /**
   * Splits the (pretend or assumed) downlink between the visible video tiles, so several tiles do not each
   * assume the whole link. Each tile's measured estimate is applied on top, in Subscriber.
   */
  updateBudget(): void {
    const downlinkKbps = this.downlinkCapKbps ?? DEFAULT_DOWNLINK_KBPS;
    const subs = this.subscribers;
    const audioKbps = subs.reduce((sum, s) => sum + s.audioMeter.kbps, 0);
    const visibleVideo = subs.filter((s) => s.hasVideo && s.selector.conditions.visible).length;
    const perTileKbps = Math.max(0, downlinkKbps - audioKbps) / Math.max(1, visibleVideo);
    for (const s of subs) s.setDownlinkShareKbps(perTileKbps);
  }

  tick(nowMs: number): void {
    this.updateBudget();
    for (const s of this.subscribers) s.tick(nowMs);
  }

  private takeSlot(kind: 'audio' | 'video', publisherId: string): Slot {
    const free = this.slots.find((slot) => slot.kind === kind && slot.publisherId === null);
    if (free) {
      free.publisherId = publisherId;
      free.transceiver.setDirection('sendonly');
      return free;
    }
    const pc = (this.subscribePc ??= this.createSubscribePc());
    const transceiver = pc.addTransceiver(kind, { direction: 'sendonly' });
    const slot: Slot = { transceiver, kind, publisherId, onPli: null, onReceiverReport: null, dispose: () => {} };
    const sender = transceiver.sender;
    const pli = sender.onPictureLossIndication.subscribe(() => slot.onPli?.());
    // werift routes each RR (or SR) to the senders whose SSRC one of its report blocks names.
    const rtcp = sender.onRtcp.subscribe((packet) => {
      if (!('reports' in packet)) return;
      const block = packet.reports.find((report) => report.ssrc === sender.ssrc);
      // The RR's fraction-lost field is a fixed-point number with the binary point at the left (RFC 3550 section 6.4.1).
      if (block) slot.onReceiverReport?.(block.fractionLost / 256);
    });
    slot.dispose = () => {
      pli.unSubscribe();
      rtcp.unSubscribe();
    };
    this.slots.push(slot);
    return slot;
  }

  private createSubscribePc(): RTCPeerConnection {
    const pc = createSubscribeConnection(this.webrtc);
    const state = pc.connectionStateChange.subscribe((s) => {
      if (s === 'failed') this.emit('failed', 'subscribe connection failed');
    });
    this.disposers.push(() => state.unSubscribe());
    return pc;
  }

  /** Offers the current set of tracks, or marks that another offer is due once the pending one is answered. */
  private negotiate(): void {
    if (this.closed || !this.subscribePc) return;
    if (this.awaitingRevision !== null) {
      this.negotiateAgain = true;
      return;
    }
    const pc = this.subscribePc;
    this.revision += 1;
    const revision = this.revision;
    this.awaitingRevision = revision;
    this.negotiationTimer = setTimeout(() => {
      this.negotiationTimer = null;
      if (this.awaitingRevision === revision && !this.closed) this.emit('failed', 'no answer to the subscribe offer');
    }, NEGOTIATION_TIMEOUT_MS);
    void (async () => {
      try {
        await pc.setLocalDescription(await pc.createOffer());
        await gatheringComplete(pc);
        if (this.closed) return;
        const tracks: TrackMapping[] = this.slots
          .filter((slot) => slot.publisherId !== null && slot.transceiver.mid !== null)
          .map((slot) => ({ mid: slot.transceiver.mid!, publisherId: slot.publisherId!, kind: slot.kind }));
        this.emit('signal', { type: 'subscribe-offer', revision, sdp: pc.localDescription!.sdp, tracks });
      } catch (error) {
        if (!this.closed) this.emit('failed', `could not make a subscribe offer: ${String(error)}`);
      }
    })();
  }

  private clearNegotiationTimer(): void {
    if (this.negotiationTimer) clearTimeout(this.negotiationTimer);
    this.negotiationTimer = null;
  }

  /** Idempotent: closes both connections, every subscription and the publisher; cancels timers. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.clearNegotiationTimer();
    for (const publisherId of [...this.subscriptions.keys()]) this.unsubscribe(publisherId);
    for (const slot of this.slots) slot.dispose();
    this.slots.length = 0;
    for (const dispose of this.disposers.splice(0)) dispose();
    this.publisher?.close();
    void this.publishPc?.close().catch(() => {});
    void this.subscribePc?.close().catch(() => {});
    this.publishPc = null;
    this.subscribePc = null;
    this.removeAllListeners();
  }

  /** What is still held; a test checks it is all zero after close(). */
  get resources(): { subscriptions: number; slots: number; disposers: number; timers: number; connections: number } {
    return {
      subscriptions: this.subscriptions.size,
      slots: this.slots.length,
      disposers: this.disposers.length,
      timers: this.negotiationTimer ? 1 : 0,
      connections: (this.publishPc ? 1 : 0) + (this.subscribePc ? 1 : 0),
    };
  }
}

/**
 * Where a slot's forwarded packets go: the fast path (server/sfu/forwarding), which writes and
 * encrypts each viewer's copy in place, or werift's own sender (the reference path, for comparison).
 */
function sinkFor(slot: Slot, counters: ForwardingCounters, path: WebRtcOptions['forwarding'] = 'fast'): RtpSink {
  const sender = slot.transceiver.sender;
  if (path === 'fast') return FastRtpSender.for(sender, counters);
  return {
    send: (packet) => {
      counters.weriftPackets++;
      void sender.sendRtp(packet).catch(() => {});
    },
    markSourceChange: (packet) => sender.replaceRTP(packet.header),
  };
}

/** A refusal with a protocol error code; the signaling handler turns it into an error reply. */
export class PeerError extends Error {
  constructor(
    readonly code: 'not-publishing' | 'negotiation-failed' | 'stale-answer',
    message: string,
  ) {
    super(message);
  }
}
