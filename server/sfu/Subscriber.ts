import type { RTCRtpSender, RtpPacket } from 'werift';
import type { OwnSubscriptionStats, SubscriptionStats, TileView } from '@/lib/protocol/room';
import type { PacketListener, Publisher } from './Publisher';
import { round1 } from './Publisher';
import { LayerSelector } from './LayerSelector';
import { StatsMeter } from './StatsMeter';
import { createLossEstimate, onReceiverReport, type LossEstimate } from '@/lib/bandwidth/lossEstimator';
import type { DownlinkTile } from '@/lib/sfu/downlinkBudget';
import { smallestLayerKbps } from '@/lib/simulcast/selectLayer';
import { viewerWantedRids } from '@/lib/simulcast/layerDemand';
import type { StreamMember, StreamRoute } from './forwarding/StreamRoute';
import type { FastRtpSender } from './forwarding/FastRtpSender';
import type { SenderRoute } from './rtpSink';

/** Where forwarded packets go: a werift sender in the room, a recorder in tests. */
export interface RtpSink {
  send(packet: RtpPacket): void;
  /** The next packet comes from another stream (a new layer): keep sequence numbers and timestamps continuous. */
  markSourceChange(packet: RtpPacket): void;
  /**
   * When the last packet went out through the native fan-out, what a stream's route table needs to
   * send this subscription's next packets without it (StreamRoute); otherwise null.
   */
  member?(): { fast: FastRtpSender; route: SenderRoute; sender: RTCRtpSender } | null;
}

/** A video stream that gets no receiver report for this long, while nothing is sent, counts as losing nothing. */
export const REPORT_SILENCE_MS = 2000;

/**
 * One viewer receiving one publisher: the audio goes through untouched, the video through a
 * LayerSelector that forwards one simulcast layer, switching only on a keyframe. Nothing is decoded.
 * The layer fits the smaller of two numbers: what the viewer's own receiver reports say its link carries
 * (lib/bandwidth/lossEstimator), and this tile's share of the downlink the reader pretends to have.
 */
export class Subscriber implements PacketListener {
  readonly selector: LayerSelector;
  readonly videoMeter: StatsMeter;
  readonly audioMeter: StatsMeter;
  private detach: (() => void) | null;
  private videoSourceKnown = false;
  private closed = false;
  private lossEstimate: LossEstimate = createLossEstimate();
  private lastReportMs: number;
  private downlinkShareKbps = Infinity;
  /** This subscription in its streams' route tables, once its copies go out natively. */
  private videoMember: StreamMember | null = null;
  private audioMember: StreamMember | null = null;

  constructor(
    readonly viewerId: string,
    readonly publisher: Publisher,
    private readonly videoSink: RtpSink | null,
    private readonly audioSink: RtpSink | null,
    private readonly now: () => number,
  ) {
    const nowMs = now();
    this.videoMeter = new StatsMeter(nowMs);
    this.audioMeter = new StatsMeter(nowMs);
    this.lastReportMs = nowMs;
    this.selector = new LayerSelector((rid) => publisher.requestKeyframe(rid));
    this.applyAvailableKbps();
    this.detach = publisher.attach(this);
  }

  onVideo(rid: string, packet: RtpPacket, isKeyframe: boolean, stream?: StreamRoute): void {
    if (!this.videoSink) return;
    // In the layer's route table the packet went out already; only a keyframe can change anything.
    const inStream = stream !== undefined && this.videoMember !== null && this.videoMember.stream === stream;
    if (inStream && !isKeyframe) return;
    const action = this.selector.onPacket(rid, isKeyframe);
    if (action === 'drop' || inStream) return;
    if (action === 'switch' || !this.videoSourceKnown) {
      // The old layer's route table must not send this viewer anything more.
      this.leaveStream(this.videoMember);
      this.videoSink.markSourceChange(packet);
      this.videoSourceKnown = true;
    }
    this.videoMeter.record(packet.payload.length + packet.header.serializeSize, this.now());
    this.videoSink.send(packet);
    if (stream) this.videoMember = this.joinStream(this.videoSink, stream, this.videoMember, this.videoMeter);
  }

  onAudio(packet: RtpPacket, stream?: StreamRoute): void {
    if (!this.audioSink) return;
    if (stream !== undefined && this.audioMember !== null && this.audioMember.stream === stream) return;
    this.audioMeter.record(packet.payload.length + packet.header.serializeSize, this.now());
    this.audioSink.send(packet);
    if (stream) this.audioMember = this.joinStream(this.audioSink, stream, this.audioMember, this.audioMeter);
  }

  /** After a packet went out on `sink`: joins the stream's route table if that packet went out natively. */
  private joinStream(sink: RtpSink, stream: StreamRoute, previous: StreamMember | null, meter: StatsMeter): StreamMember | null {
    const info = sink.member?.() ?? null;
    if (!info) {
      this.leaveStream(previous);
      return previous;
    }
    if (previous && previous.fast === info.fast && previous.route === info.route && previous.sender === info.sender) {
      stream.join(previous);
      return previous;
    }
    this.leaveStream(previous);
    if (previous) this.takeMeter(previous, meter);
    const member: StreamMember = { ...info, stream: null, meterBytes: 0, meterPackets: 0 };
    stream.join(member);
    return member;
  }

  private leaveStream(member: StreamMember | null): void {
    member?.stream?.leave(member);
  }

  /** Adds what a route table sent for this subscription to its meter. */
  private takeMeter(member: StreamMember | null, meter: StatsMeter): void {
    if (!member) return;
    meter.add(member.meterBytes, member.meterPackets, this.now());
    member.meterBytes = 0;
    member.meterPackets = 0;
  }

  /**
   * How the viewer's page shows this tile now (from its `tiles` report). Does not re-run the policy: the
   * caller splits the downlink again first (which tiles are watched changes every tile's share), then
   * calls reselect().
   */
  setView(view: Omit<TileView, 'publisherId'>, devicePixelRatio: number): void {
    this.selector.conditions = {
      ...this.selector.conditions,
      tileWidthPx: view.widthPx,
      tileHeightPx: view.heightPx,
      devicePixelRatio,
      visible: view.visible,
      videoOff: view.videoOff,
    };
  }

  /** The viewer can see this tile and has not turned its video off: it takes a share of the downlink. */
  get watched(): boolean {
    const c = this.selector.conditions;
    return c.visible && !c.videoOff;
  }

  setTile(widthPx: number, heightPx: number, devicePixelRatio = 1): void {
    this.selector.conditions = { ...this.selector.conditions, tileWidthPx: widthPx, tileHeightPx: heightPx, devicePixelRatio };
    this.reselect();
  }

  setVisible(visible: boolean): void {
    this.selector.conditions = { ...this.selector.conditions, visible };
    this.reselect();
  }

  forceLayer(rid: string | null): void {
    this.selector.conditions = { ...this.selector.conditions, forcedRid: rid };
    this.reselect();
  }

  /** What lib/sfu/downlinkBudget needs to know about this tile to share the viewer's downlink. */
  downlinkTile(): DownlinkTile {
    const hasVideo = this.hasVideo;
    return {
      audioKbps: this.audioMeter.kbps,
      hasVideo,
      visible: this.watched,
      floorKbps: hasVideo ? smallestLayerKbps(this.publisher.layers, this.selector.currentRid) : 0,
      receiving: this.selector.currentRid !== null || this.selector.pendingRid !== null,
    };
  }

  /** This tile's share of the downlink the reader pretends to have (or of the assumed default). */
  setDownlinkShareKbps(shareKbps: number): void {
    this.downlinkShareKbps = shareKbps;
    this.applyAvailableKbps();
  }

  /**
   * An RTCP receiver report from the viewer's browser about this video stream (RFC 3550 section 6.4.2):
   * `fractionLost` is 0..1. Updates the loss-based estimate and re-runs the layer policy.
   */
  onReceiverReport(fractionLost: number): void {
    if (this.closed) return;
    const nowMs = this.now();
    this.lastReportMs = nowMs;
    this.lossEstimate = onReceiverReport(this.lossEstimate, { fractionLost, sendKbps: this.videoMeter.kbps, nowMs });
    this.applyAvailableKbps();
    this.reselect();
  }

  get estimateKbps(): number {
    return this.lossEstimate.estimateKbps;
  }

  private applyAvailableKbps(): void {
    const availableKbps = Math.min(this.lossEstimate.estimateKbps, this.downlinkShareKbps);
    this.selector.conditions = { ...this.selector.conditions, availableKbps };
  }

  /** Re-runs the layer policy now (after a viewer input changed). */
  reselect(): void {
    if (this.closed || !this.videoSink || !this.publisher.hasVideo) return;
    const wasForwarding = this.selector.currentRid !== null;
    this.selector.update(this.publisher.layers, this.now());
    // After a pause the receiver's decoder needs a fresh start, and sequence numbers jump.
    if (wasForwarding && this.selector.currentRid === null) {
      this.videoSourceKnown = false;
      this.leaveStream(this.videoMember);
    }
    // The layers this viewer would take if the publisher sent them all: kept on, or resumed.
    this.publisher.noteWanted(viewerWantedRids(this.publisher.layers, { conditions: this.selector.conditions, currentRid: this.selector.currentRid }));
  }

  /** A layer the publisher had paused is arriving again: a viewer who wanted it can switch now. */
  onLayerResumed(): void {
    this.reselect();
  }

  tick(nowMs: number): void {
    // A browser stops reporting on a stream that carries nothing, and with nothing sent nothing is lost.
    // Without this, a viewer paused because its estimate fell below the smallest layer would never be
    // reported on again, and never retried; each silent interval counts as a 0 % report, so the
    // estimate creeps back (bounded by the send-rate rule) until the 180p layer is tried again.
    if (this.hasVideo && this.videoMeter.kbps === 0 && nowMs - this.lastReportMs >= REPORT_SILENCE_MS) {
      this.lossEstimate = onReceiverReport(this.lossEstimate, { fractionLost: 0, sendKbps: 0, nowMs });
      this.applyAvailableKbps();
    }
    this.selector.tick(nowMs);
    this.reselect();
  }

  roll(nowMs: number): void {
    this.takeMeter(this.videoMember, this.videoMeter);
    this.takeMeter(this.audioMember, this.audioMeter);
    this.videoMeter.roll(nowMs);
    this.audioMeter.roll(nowMs);
  }

  /** A viewer's decoder lost its picture (it sent us a PLI): ask the publisher for the current layer. */
  onViewerKeyframeRequest(): void {
    const rid = this.selector.currentRid;
    if (rid !== null) this.publisher.requestKeyframe(rid);
  }

  /** What the viewer's page shows of this subscription (lib/protocol/room.ts ownSubscriptionStats). */
  memberStats(): OwnSubscriptionStats {
    const c = this.selector.conditions;
    return {
      publisherId: this.publisher.peerId,
      rid: this.selector.currentRid,
      pendingRid: this.selector.pendingRid,
      forcedRid: c.forcedRid ?? null,
      pausedBecause: this.selector.pausedBecause,
      tileWidthPx: c.tileWidthPx,
      tileHeightPx: c.tileHeightPx,
      availableKbps: Math.round(c.availableKbps),
      kbps: Math.round(this.videoMeter.kbps),
      audioKbps: Math.round(this.audioMeter.kbps),
    };
  }

  /** The full detail of this subscription (GET /api/rooms/<id>/stats). */
  stats(): SubscriptionStats {
    const c = this.selector.conditions;
    return {
      peerId: this.viewerId,
      publisherId: this.publisher.peerId,
      rid: this.selector.currentRid,
      pendingRid: this.selector.pendingRid,
      forcedRid: c.forcedRid ?? null,
      paused: this.selector.currentRid === null,
      pausedBecause: this.selector.pausedBecause,
      visible: c.visible,
      videoOff: c.videoOff ?? false,
      tileWidthPx: c.tileWidthPx,
      tileHeightPx: c.tileHeightPx,
      availableKbps: Math.round(c.availableKbps),
      kbps: round1(this.videoMeter.kbps),
      packetsPerSecond: round1(this.videoMeter.packetsPerSecond),
      audioKbps: round1(this.audioMeter.kbps),
      keyframeRequests: this.selector.keyframeRequests,
    };
  }

  get hasVideo(): boolean {
    return this.videoSink !== null && this.publisher.hasVideo;
  }

  /** Idempotent: stops receiving the publisher's packets. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.leaveStream(this.videoMember);
    this.leaveStream(this.audioMember);
    this.detach?.();
    this.detach = null;
  }
}
