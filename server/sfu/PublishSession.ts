import { EventEmitter } from 'node:events';
import { RTP_EXTENSION_URI, type MediaStreamTrack, type RTCPeerConnection, type RTCRtpTransceiver } from 'werift';
import type { JoinRole } from '@/lib/protocol/room';
import { checkPublishOffer, parseSdp, withoutCandidates } from '@/lib/protocol/sdp';
import { simulcastLadder } from '@/lib/simulcast/publisher';
import { CONNECT_TIMEOUT_MS } from '../limits';
import { ForwardingCounters } from './forwarding/ForwardingCounters';
import { NativeSrtpReceiver } from './forwarding/NativeSrtpReceiver';
import { IceConsent } from './IceConsent';
import { PeerError } from './PeerError';
import { Publisher } from './Publisher';
import type { UdpSocketBudget } from './UdpSocketBudget';
import { createPublishConnection, udpSocketsOf, udpSocketsPerConnection, type WebRtcOptions } from './webrtc';

/**
 * A browser's publish connection: it offers its camera (simulcast, by RID) and microphone; the SFU
 * answers. The offer is checked as text (lib/protocol/sdp.ts) and the sockets reserved before werift
 * sees it; a refused or failed offer leaves nothing behind and the peer may offer again. Only an offer
 * that was answered makes a Publisher the room hears about.
 *
 *   idle --accept()--> negotiating --answered--> published
 *     ^                    | refused or failed
 *     +--------------------+
 */

export interface PublishSessionEvents {
  /** The offer was answered: other peers may subscribe to this publisher now. */
  publishing: [Publisher];
  /** The connection failed or never connected after it was answered. */
  failed: [reason: string];
}

type PublishPhase = 'idle' | 'negotiating' | 'published' | 'closed';

export class PublishSession extends EventEmitter<PublishSessionEvents> {
  private phase: PublishPhase = 'idle';
  private pc: RTCPeerConnection | null = null;
  private consent: IceConsent | null = null;
  private publisherNow: Publisher | null = null;
  private reservedSockets = 0;
  private connectTimer: NodeJS.Timeout | null = null;
  private watchExisting: () => void = () => {};
  private readonly disposers: (() => void)[] = [];
  /** The browser's incoming media: how much of it the native addon decrypted (NativeSrtpReceiver). */
  readonly receiving = new ForwardingCounters();

  constructor(
    private readonly peerId: string,
    private readonly name: string,
    private readonly role: JoinRole,
    private readonly now: () => number,
    private readonly webrtc: WebRtcOptions,
    private readonly sockets: UdpSocketBudget,
  ) {
    super();
  }

  /** The live publisher, once the offer was answered. */
  get publisher(): Publisher | null {
    return this.phase === 'published' ? this.publisherNow : null;
  }

  /**
   * Answers the browser's publish offer. Refuses with a PeerError, holding nothing, when this peer may
   * not publish, an offer is already in hand, the SDP is not one the room page sends, or the server is
   * out of sockets; on any failure the peer may try again.
   */
  async accept(sdp: string, sourceWidth = 1280, sourceHeight = 720): Promise<string> {
    if (this.role === 'viewer') throw new PeerError('not-publishing', 'Viewers do not publish; join with camera or microphone.');
    if (this.phase === 'negotiating') throw new PeerError('already-publishing', 'A publish offer from you is being answered already.');
    if (this.phase === 'published') throw new PeerError('already-publishing', 'You are publishing already; leave and join again to change.');
    if (this.phase === 'closed') throw new PeerError('negotiation-failed', 'You have left the room.');

    const ladder = this.role === 'camera' ? simulcastLadder(sourceWidth, sourceHeight) : [];
    const check = checkPublishOffer(sdp, { video: this.role === 'camera', allowedRids: ladder.map((layer) => layer.rid) });
    if (!check.ok) throw new PeerError('bad-sdp', check.reason);
    const { videoRids } = check.value;
    // The layers the offer really sends: the ladder's, by RID; one unlayered stream counts as the top layer.
    const layers = videoRids === null ? [] : videoRids.length === 0 ? ladder.slice(-1) : ladder.filter((layer) => videoRids.includes(layer.rid));

    const sockets = udpSocketsPerConnection(this.webrtc);
    if (!this.sockets.tryReserve(sockets)) {
      throw new PeerError('server-busy', 'The server is at its limit of media connections; try again in a minute.');
    }
    this.reservedSockets = sockets;
    this.phase = 'negotiating';
    const pc = createPublishConnection(this.webrtc);
    this.pc = pc;
    this.consent = new IceConsent(pc, this.now(), this.webrtc.consentTimeoutMs);
    const publisher = new Publisher(this.peerId, this.name, false, layers, check.value.audio, this.now);
    this.publisherNow = publisher;
    this.watch(pc, publisher, layers.at(-1)?.rid ?? null);
    // With the native fan-out, the browser's SRTP is decrypted natively too ('js' and 'werift' stay all JavaScript, to compare).
    if ((this.webrtc.forwarding ?? 'native') === 'native') this.disposers.push(NativeSrtpReceiver.watch(pc, this.receiving));

    try {
      await pc.setRemoteDescription({ type: 'offer', sdp: withoutCandidates(sdp) });
      this.watchExisting();
      const answer = await pc.createAnswer();
      // werift answers a section it shares no codec with by rejecting it (port 0); the SFU forwards VP8 and Opus only.
      if (parseSdp(answer.sdp).media.some((media) => media.port === 0)) {
        throw new Error('no codec in common (the SFU forwards VP8 video and Opus audio)');
      }
      await pc.setLocalDescription(answer);
    } catch (error) {
      if (this.phase === 'negotiating') this.reset();
      throw new PeerError('negotiation-failed', `Could not accept the publish offer: ${String(error)}`);
    }
    if (this.phase !== 'negotiating') throw new PeerError('negotiation-failed', 'You left during the negotiation.');
    this.trueUpSockets(pc);
    this.phase = 'published';
    this.connectTimer = setTimeout(() => {
      this.connectTimer = null;
      if (this.phase === 'published' && pc.connectionState !== 'connected') this.emit('failed', 'the publish connection never connected');
    }, CONNECT_TIMEOUT_MS);
    this.emit('publishing', publisher);
    return pc.localDescription!.sdp;
  }

  /** Feeds the publisher from the connection's tracks and sends the publisher's keyframe requests back. */
  private watch(pc: RTCPeerConnection, publisher: Publisher, unlayeredRid: string | null): void {
    const ssrcByRid = new Map<string, number>();
    let videoTransceiver: RTCRtpTransceiver | null = null;
    publisher.on('keyframe-request', (rid) => {
      const ssrc = ssrcByRid.get(rid);
      // werift learns a RID track's SSRC late; until the first packet there is nothing to ask.
      if (ssrc !== undefined && videoTransceiver) void videoTransceiver.receiver.sendRtcpPLI(ssrc).catch(() => {});
    });
    const watched = new Set<string>();
    const watchTrack = (transceiver: RTCRtpTransceiver, track: MediaStreamTrack) => {
      if (watched.has(track.uuid)) return;
      watched.add(track.uuid);
      if (track.kind === 'video') {
        videoTransceiver = transceiver;
        const rid = track.rid ?? unlayeredRid;
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
    // werift makes RID tracks while it applies the offer: take the ones that exist and watch for more.
    const added = pc.onRemoteTransceiverAdded.subscribe((transceiver) => {
      for (const track of transceiver.receiver.tracks) watchTrack(transceiver, track);
      const sub = transceiver.onTrack.subscribe((track) => watchTrack(transceiver, track));
      this.disposers.push(() => sub.unSubscribe());
    });
    this.watchExisting = () => {
      for (const transceiver of pc.getTransceivers()) for (const track of transceiver.receiver.tracks) watchTrack(transceiver, track);
    };
    const state = pc.connectionStateChange.subscribe((s) => {
      if (s === 'failed' && this.phase === 'published') this.emit('failed', 'the publish connection failed');
    });
    this.disposers.push(
      () => added.unSubscribe(),
      () => state.unSubscribe(),
    );
  }

  /** werift opened what it opened; hold the budget to the real count. */
  private trueUpSockets(pc: RTCPeerConnection): void {
    const actual = udpSocketsOf(pc);
    this.sockets.resize(this.reservedSockets, actual);
    this.reservedSockets = actual;
  }

  /** On the room's stats tick: a published connection whose browser stopped its ICE checks has failed (IceConsent). */
  tick(nowMs: number): void {
    if (this.phase === 'published' && this.consent?.expired(nowMs)) {
      this.emit('failed', 'the browser stopped sending ICE consent checks on the publish connection; nothing more is sent to it');
    }
  }

  /** Drops the connection and publisher and returns to idle, so the peer may offer again. */
  private reset(): void {
    for (const dispose of this.disposers.splice(0)) dispose();
    if (this.connectTimer) clearTimeout(this.connectTimer);
    this.connectTimer = null;
    this.publisherNow?.close();
    this.publisherNow = null;
    void this.pc?.close().catch(() => {});
    this.pc = null;
    this.consent = null;
    this.sockets.release(this.reservedSockets);
    this.reservedSockets = 0;
    if (this.phase !== 'closed') this.phase = 'idle';
  }

  /** Idempotent: closes the connection and the publisher, gives the sockets back. */
  close(): void {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    this.reset();
    this.removeAllListeners();
  }

  get resources(): { connections: number; disposers: number; timers: number; sockets: number } {
    return {
      connections: this.pc ? 1 : 0,
      disposers: this.disposers.length,
      timers: this.connectTimer ? 1 : 0,
      sockets: this.reservedSockets,
    };
  }
}
