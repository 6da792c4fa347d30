import { EventEmitter } from 'node:events';
import type { RTCPeerConnection, RTCRtpTransceiver, RtpPacket } from 'werift';
import { checkMeshCallSdp, parseSdp, withOpusParameters, withoutCandidates } from '@/lib/protocol/sdp';
import { CONNECT_TIMEOUT_MS } from '../limits';
import type { UdpSocketBudget } from '../sfu/UdpSocketBudget';
import { createMeshBotConnection, udpSocketsOf, udpSocketsPerConnection, type WebRtcOptions } from '../sfu/webrtc';

/**
 * One call between a mesh bot and one browser: in peerjs's terms a MediaConnection, one peer connection
 * with the bot's audio and video going out and the browser's coming in. Either side may start it; the
 * offer, answer and candidates travel as PeerServer messages (OFFER, ANSWER, CANDIDATE with the call's
 * `connectionId` in the payload), which the bot hands in and out through `signal`.
 *
 * The bot is ICE-lite (server/sfu/webrtc.ts), so the browser's trickled candidates are not needed and
 * are dropped: the bot answers the browser's checks where they come from.
 */

export interface MeshBotCallEvents {
  connected: [];
  /** The call cannot go on (negotiation failed, or it never connected); the bot drops it. */
  failed: [reason: string];
}

/** A PeerServer message from the bot to the browser on the other end. */
export type PeerjsSignal = { type: 'OFFER' | 'ANSWER'; payload: { sdp: { type: 'offer' | 'answer'; sdp: string }; type: 'media'; connectionId: string } };

export class MeshBotCall extends EventEmitter<MeshBotCallEvents> {
  private readonly pc: RTCPeerConnection;
  private audio: RTCRtpTransceiver | null = null;
  private video: RTCRtpTransceiver | null = null;
  private reservedSockets: number;
  private connectTimer: NodeJS.Timeout | null = null;
  private readonly disposers: (() => void)[] = [];
  private closed = false;
  private isConnected = false;

  /** Throws (holding nothing) when the process has no UDP sockets to spare. */
  constructor(
    /** The browser's peer id. */
    readonly remote: string,
    readonly connectionId: string,
    private readonly signal: (message: PeerjsSignal) => void,
    webrtc: WebRtcOptions,
    private readonly opusKbps: number,
    private readonly sockets: UdpSocketBudget,
  ) {
    super();
    this.reservedSockets = udpSocketsPerConnection(webrtc);
    if (!sockets.tryReserve(this.reservedSockets)) throw new Error('the server has no UDP sockets to spare for another call');
    this.pc = createMeshBotConnection(webrtc, opusKbps);
    const state = this.pc.connectionStateChange.subscribe((s) => {
      if (s === 'connected' && !this.isConnected) {
        this.isConnected = true;
        if (this.connectTimer) clearTimeout(this.connectTimer);
        this.connectTimer = null;
        this.emit('connected');
      }
      if (s === 'failed') this.fail('the connection failed');
    });
    this.disposers.push(() => state.unSubscribe());
  }

  get connected(): boolean {
    return this.isConnected;
  }

  /** The bot calls the browser: an offer with its audio and video, both ways. */
  async offer(): Promise<void> {
    this.audio = this.pc.addTransceiver('audio', { direction: 'sendrecv' });
    this.video = this.pc.addTransceiver('video', { direction: 'sendrecv' });
    await this.pc.setLocalDescription(await this.pc.createOffer());
    this.afterLocalDescription();
    this.signal({ type: 'OFFER', payload: { sdp: { type: 'offer', sdp: this.described() }, type: 'media', connectionId: this.connectionId } });
  }

  /** The browser called the bot: answer with the bot's audio and video on whatever the offer carries. */
  async answer(sdp: string): Promise<void> {
    const check = checkMeshCallSdp(sdp);
    if (!check.ok) throw new Error(check.reason);
    await this.pc.setRemoteDescription({ type: 'offer', sdp: withoutCandidates(sdp) });
    for (const transceiver of this.pc.getTransceivers()) {
      if (transceiver.kind === 'audio') this.audio ??= transceiver;
      if (transceiver.kind === 'video') this.video ??= transceiver;
      transceiver.setDirection('sendrecv');
    }
    const answer = await this.pc.createAnswer();
    if (parseSdp(answer.sdp).media.some((media) => media.port === 0)) throw new Error('no codec in common (the bot sends VP8 video and Opus audio)');
    await this.pc.setLocalDescription(answer);
    this.afterLocalDescription();
    this.signal({ type: 'ANSWER', payload: { sdp: { type: 'answer', sdp: this.described() }, type: 'media', connectionId: this.connectionId } });
  }

  /** The browser's answer to the bot's offer. */
  async accept(sdp: string): Promise<void> {
    const check = checkMeshCallSdp(sdp);
    if (!check.ok) throw new Error(check.reason);
    await this.pc.setRemoteDescription({ type: 'answer', sdp: withoutCandidates(sdp) });
  }

  sendVideo(packet: RtpPacket): void {
    if (this.isConnected && this.video) void this.video.sender.sendRtp(packet).catch(() => {});
  }

  sendAudio(packet: RtpPacket): void {
    if (this.isConnected && this.audio) void this.audio.sender.sendRtp(packet).catch(() => {});
  }

  /** Idempotent: closes the connection and gives its sockets back. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const dispose of this.disposers.splice(0)) dispose();
    if (this.connectTimer) clearTimeout(this.connectTimer);
    this.connectTimer = null;
    void this.pc.close().catch(() => {});
    this.sockets.release(this.reservedSockets);
    this.reservedSockets = 0;
    this.removeAllListeners();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * The bot's description as the browser gets it: werift answers with the codec parameters of the offer,
   * so the Opus bitrate the bot asks for is set here (what the browser receives, it sends by).
   */
  private described(): string {
    return withOpusParameters(this.pc.localDescription!.sdp, { maxaveragebitrate: Math.round(this.opusKbps * 1000) });
  }

  private afterLocalDescription(): void {
    // werift opened what it opened: hold the budget to the real count.
    const actual = udpSocketsOf(this.pc);
    this.sockets.resize(this.reservedSockets, actual);
    this.reservedSockets = actual;
    this.connectTimer ??= setTimeout(() => {
      this.connectTimer = null;
      if (!this.isConnected) this.fail('the call never connected');
    }, CONNECT_TIMEOUT_MS);
  }

  private fail(reason: string): void {
    if (this.closed) return;
    this.emit('failed', reason);
  }
}
