import { EventEmitter } from 'node:events';
import type { RtpPacket } from 'werift';
import type { PublishedLayer } from '@/lib/simulcast/selectLayer';
import { createLayerDemand, updateLayerDemand, type LayerDemand } from '@/lib/simulcast/layerDemand';
import type { MemberPublisherStats, PublisherStats } from '@/lib/protocol/room';
import { StatsMeter } from './StatsMeter';
import { StreamRoute } from './forwarding/StreamRoute';
import { vp8KeyframeSize, isVp8KeyframeStart } from './vp8';

/**
 * What one participant (a browser or a bot) sends into the room: up to three simulcast video layers,
 * told apart by RID (RFC 8852), and one Opus audio stream. The publisher only measures and hands
 * packets on; it never decodes. Its source (the browser's peer connection, or a bot) feeds it with
 * `ingestVideo`/`ingestAudio` and listens for `keyframe-request` to send a PLI (RFC 4585 s6.3.1).
 */

/**
 * Whoever receives this publisher's packets; in the room, one Subscriber per viewer. `stream` is the
 * route table of the packet's stream: viewers in it were sent the packet already (StreamRoute).
 */
export interface PacketListener {
  onVideo(rid: string, packet: RtpPacket, isKeyframe: boolean, stream?: StreamRoute): void;
  onAudio(packet: RtpPacket, stream?: StreamRoute): void;
  /** A layer that was off came back (the publisher resumed it): the listener may re-run its choice. */
  onLayerResumed?(rid: string): void;
}

export interface PublisherEvents {
  /** A subscriber needs a keyframe on this layer; the source sends a PLI (or, for a bot, waits for its next one). */
  'keyframe-request': [rid: string];
  /** Started or stopped talking, judged from RFC 6464 audio levels. */
  speaking: [speaking: boolean];
  /**
   * The layers the source should send changed (lib/simulcast/layerDemand): a browser is told over its
   * socket and applies it with setParameters; a bot stops or resumes its clips. Smallest first.
   */
  'layers-requested': [rids: readonly string[]];
}

/**
 * Louder than -50 dBov counts as speech. Silence and DTX comfort noise sit far below it (RFC 6464
 * levels of 127, i.e. -127 dBov); quiet speech is around -40 to -30 dBov.
 */
export const SPEAKING_THRESHOLD_DBOV = -50;
/** Keep the indicator on this long after the last loud packet, so it does not flicker between words. */
export const SPEAKING_HOLD_MS = 400;
/** A layer with no packet for this long counts as paused (the browser may drop its top layer under load). */
export const LAYER_IDLE_MS = 1500;
/** At most one PLI per layer this often: many subscribers switching at once need only one keyframe. */
export const MIN_KEYFRAME_REQUEST_INTERVAL_MS = 200;

interface LayerState {
  layer: PublishedLayer;
  meter: StatsMeter;
  lastKeyframeRequestMs: number;
  /** The viewers this layer's packets go to through the native fan-out without per-viewer work. */
  stream: StreamRoute;
}

export class Publisher extends EventEmitter<PublisherEvents> {
  private readonly layerStates = new Map<string, LayerState>();
  private readonly packetListeners = new Set<PacketListener>();
  readonly audioMeter: StatsMeter;
  private readonly audioStream = new StreamRoute();
  private lastLoudAtMs: number | null = null;
  private lastLevelDbov: number | null = null;
  private speakingNow = false;
  private closed = false;
  private demand: LayerDemand | null;
  /**
   * Ask the source to pause layers nobody is getting (on in the site; the benchmark turns it off to
   * measure what it saves). Turning it off asks for every layer again.
   */
  private pausing = true;
  keyframeRequestsSent = 0;

  constructor(
    readonly peerId: string,
    readonly name: string,
    readonly bot: boolean,
    layers: readonly PublishedLayer[],
    readonly hasAudio: boolean,
    private readonly now: () => number,
  ) {
    super();
    const nowMs = now();
    for (const layer of layers) {
      this.layerStates.set(layer.rid, { layer: { ...layer, active: false }, meter: new StatsMeter(nowMs), lastKeyframeRequestMs: -Infinity, stream: new StreamRoute() });
    }
    this.audioMeter = new StatsMeter(nowMs);
    this.demand = layers.length > 0 ? createLayerDemand(layers, nowMs) : null;
  }

  /** The layers the source is asked to send now, smallest first (every layer while pausing is off). */
  get requestedRids(): readonly string[] {
    return this.demand?.requested ?? [];
  }

  get layerPausing(): boolean {
    return this.pausing;
  }

  set layerPausing(on: boolean) {
    if (on === this.pausing) return;
    this.pausing = on;
    if (!on && this.demand) this.setDemand(createLayerDemand(this.layers, this.now()));
  }

  /**
   * Viewers' policies want these layers now (Subscriber.reselect, lib/simulcast/layerDemand): a paused
   * one resumes at once, with a keyframe request, since the viewer switching to it needs one.
   */
  noteWanted(rids: readonly string[]): void {
    if (!this.demand || !this.pausing || this.closed || rids.length === 0) return;
    this.setDemand(updateLayerDemand(this.demand, this.layers, rids, this.now()));
  }

  private setDemand(next: LayerDemand): void {
    const previous = this.demand;
    this.demand = next;
    if (!previous || next.requested === previous.requested) return;
    this.emit('layers-requested', next.requested);
    for (const rid of next.requested) if (!previous.requested.includes(rid)) this.requestKeyframe(rid);
  }

  get hasVideo(): boolean {
    return this.layerStates.size > 0;
  }

  /** The layers as the policy sees them: active = packets arrived recently. */
  get layers(): PublishedLayer[] {
    return [...this.layerStates.values()].map((s) => s.layer);
  }

  get speaking(): boolean {
    return this.speakingNow;
  }

  get packetListenerCount(): number {
    return this.packetListeners.size;
  }

  /** Starts handing packets to `listener`; returns the function that stops it. */
  attach(listener: PacketListener): () => void {
    this.packetListeners.add(listener);
    return () => {
      this.packetListeners.delete(listener);
    };
  }

  ingestVideo(rid: string, packet: RtpPacket): void {
    if (this.closed) return;
    const state = this.layerStates.get(rid);
    if (!state) return;
    const nowMs = this.now();
    state.meter.record(packet.payload.length + packet.header.serializeSize, nowMs);
    if (!state.layer.active) {
      state.layer = { ...state.layer, active: true };
      for (const listener of this.packetListeners) listener.onLayerResumed?.(rid);
    }
    const isKeyframe = isVp8KeyframeStart(packet.payload);
    if (isKeyframe) {
      // The encoder may have scaled the layer (CPU or bandwidth adaptation): trust the keyframe.
      const size = vp8KeyframeSize(packet.payload);
      if (size && (size.width !== state.layer.width || size.height !== state.layer.height)) {
        state.layer = { ...state.layer, width: size.width, height: size.height };
      }
    }
    // Each sender writes its own header extensions (mid, rid); stale ones would confuse the receiver.
    packet.header.extensions = [];
    // Viewers in the layer's route table first (one native call), then each viewer's own path.
    state.stream.forward(packet, packet.payload.length + packet.header.serializeSize);
    for (const listener of this.packetListeners) listener.onVideo(rid, packet, isKeyframe, state.stream);
  }

  /** `levelMinusDbov` is the RFC 6464 value (0 loudest .. 127 silence), or null when the packet has none. */
  ingestAudio(packet: RtpPacket, levelMinusDbov: number | null): void {
    if (this.closed || !this.hasAudio) return;
    const nowMs = this.now();
    this.audioMeter.record(packet.payload.length + packet.header.serializeSize, nowMs);
    if (levelMinusDbov !== null) {
      this.lastLevelDbov = -levelMinusDbov;
      if (-levelMinusDbov > SPEAKING_THRESHOLD_DBOV) this.lastLoudAtMs = nowMs;
    }
    this.updateSpeaking(nowMs);
    packet.header.extensions = [];
    this.audioStream.forward(packet, packet.payload.length + packet.header.serializeSize);
    for (const listener of this.packetListeners) listener.onAudio(packet, this.audioStream);
  }

  /** Re-judges speaking; the room calls it on a short timer so the ring turns off when packets stop. */
  updateSpeaking(nowMs: number): void {
    const speaking = this.lastLoudAtMs !== null && nowMs - this.lastLoudAtMs <= SPEAKING_HOLD_MS;
    if (speaking !== this.speakingNow) {
      this.speakingNow = speaking;
      this.emit('speaking', speaking);
    }
  }

  requestKeyframe(rid: string): void {
    const state = this.layerStates.get(rid);
    if (!state || this.closed) return;
    const nowMs = this.now();
    if (nowMs - state.lastKeyframeRequestMs < MIN_KEYFRAME_REQUEST_INTERVAL_MS) return;
    state.lastKeyframeRequestMs = nowMs;
    this.keyframeRequestsSent += 1;
    this.emit('keyframe-request', rid);
  }

  /** Closes the stats interval; marks layers that went quiet as paused; pauses layers nobody wanted lately. */
  roll(nowMs: number): void {
    if (this.demand && this.pausing && !this.closed) this.setDemand(updateLayerDemand(this.demand, this.layers, [], nowMs));
    for (const state of this.layerStates.values()) {
      state.meter.roll(nowMs);
      const active = state.meter.activeWithin(nowMs, LAYER_IDLE_MS);
      if (active !== state.layer.active) state.layer = { ...state.layer, active };
    }
    this.audioMeter.roll(nowMs);
  }

  stats(): PublisherStats {
    return {
      peerId: this.peerId,
      name: this.name,
      bot: this.bot,
      speaking: this.speakingNow,
      audioLevelDbov: this.lastLevelDbov,
      audio: this.hasAudio ? { kbps: round1(this.audioMeter.kbps), packetsPerSecond: round1(this.audioMeter.packetsPerSecond) } : null,
      layers: [...this.layerStates.values()].map(({ layer, meter }) => ({
        rid: layer.rid,
        width: layer.width,
        height: layer.height,
        maxKbps: layer.maxKbps,
        kbps: round1(meter.kbps),
        packetsPerSecond: round1(meter.packetsPerSecond),
        active: layer.active,
        requested: this.requestedRids.includes(layer.rid),
      })),
    };
  }

  /** What every member's page shows of this publisher (lib/protocol/room.ts memberPublisherStats). */
  memberStats(): MemberPublisherStats {
    return {
      peerId: this.peerId,
      speaking: this.speakingNow,
      audioKbps: this.hasAudio ? Math.round(this.audioMeter.kbps) : null,
      layers: [...this.layerStates.values()].map(({ layer, meter }) => ({
        rid: layer.rid,
        width: layer.width,
        height: layer.height,
        kbps: Math.round(meter.kbps),
        active: layer.active,
        requested: this.requestedRids.includes(layer.rid),
      })),
    };
  }

  get inKbps(): number {
    return [...this.layerStates.values()].reduce((sum, s) => sum + s.meter.kbps, this.audioMeter.kbps);
  }

  get inPacketsPerSecond(): number {
    return [...this.layerStates.values()].reduce((sum, s) => sum + s.meter.packetsPerSecond, this.audioMeter.packetsPerSecond);
  }

  /** Idempotent: drops every listener; later packets are ignored. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.packetListeners.clear();
    this.removeAllListeners();
  }
}

export function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
