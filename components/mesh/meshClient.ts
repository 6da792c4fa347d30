import type { MediaConnection, Peer } from 'peerjs';
import { PROTOCOL_VERSION, parseServerMessage, type ClientMessage, type ServerMessage } from '@/lib/protocol/messages';
import type { JoinRole } from '@/lib/protocol/room';
import type { MeshBotWeights, MeshMember } from '@/lib/protocol/mesh';
import { withOpusParameters } from '@/lib/protocol/sdp';
import { ROOM_ORIGIN } from '@/components/roomOrigin';
import { LIVE_VOICE, MESH_SEND_LAYER, VIDEO_LAYERS, type MeasuredTraffic } from '@/lib/bandwidth';
import { TrafficMeter } from '@/components/traffic/trafficMeter';
import { ClientState } from '@/components/room/clientState';

/**
 * The browser side of a mesh room: one /ws socket to the server, which says who is in the room and whom
 * to call, and a peerjs Peer on the server's PeerServer (/peerjs) that calls and answers the others. Every
 * call is its own RTCPeerConnection straight to the other browser (or to one of the server's bots); the
 * server carries no media. Once a second it reads every call's getStats() to measure this browser's own
 * upload and download (lib/bandwidth/measured.ts). React subscribes to `MeshClientState` snapshots.
 */

export interface MeshClientState {
  phase: 'connecting' | 'joined' | 'left' | 'failed';
  peerjsId: string | null;
  maxPeers: number | null;
  /** The others in the room, in the order they came. */
  members: MeshMember[];
  /** Bots talking now (browsers' voices are measured, not announced). */
  speaking: Record<string, boolean>;
  /** The media each other member sends this browser, once its call is up. */
  streams: Record<string, MediaStream>;
  bot: MeshBotWeights | null;
  /** This browser's traffic over the last few seconds, from getStats; null until two readings exist. */
  measured: MeasuredTraffic | null;
  fatal: { code: string; message: string } | null;
  notices: { id: number; text: string }[];
}

const FATAL_CODES = new Set(['room-full', 'bad-room-id', 'too-many-rooms', 'already-in-room', 'room-closed', 'negotiation-failed']);

/** What this browser asks the others to send it, and what it sends: the model's voice bitrate (RFC 7587). */
const askForVoice = (sdp: string) => withOpusParameters(sdp, { maxaveragebitrate: LIVE_VOICE.opusKbps * 1000 });
/** The mesh layer's bitrate ceiling: libwebrtc's max for a 360p stream, as the model assumes. */
const MESH_VIDEO_MAX_BPS = VIDEO_LAYERS[MESH_SEND_LAYER].maxKbps * 1000;

export class MeshClient extends ClientState<MeshClientState> {
  private ws: WebSocket | null = null;
  private peer: Peer | null = null;
  private readonly calls = new Map<string, MediaConnection>();
  private readonly meter = new TrafficMeter(
    () => this.connections(),
    (measured) => this.update({ measured }),
  );
  private noticeId = 0;
  private closed = false;
  private readonly server = new URL(ROOM_ORIGIN || location.origin);

  constructor(
    private readonly roomId: string,
    private readonly name: string,
    private readonly role: JoinRole,
    private readonly localStream: MediaStream | null,
  ) {
    super({
      phase: 'connecting',
      peerjsId: null,
      maxPeers: null,
      members: [],
      speaking: {},
      streams: {},
      bot: null,
      measured: null,
      fatal: null,
      notices: [],
    });
  }

  start(): void {
    // The room server: this page's own, or ROOM_ORIGIN when the chapters are a static export elsewhere.
    const ws = new WebSocket(`${this.server.origin.replace(/^http/, 'ws')}/ws`);
    this.ws = ws;
    ws.onopen = () => {
      this.send({ type: 'hello', protocol: PROTOCOL_VERSION, client: 'mesh' });
      this.send({ type: 'mesh-join', roomId: this.roomId, role: this.role, name: this.name });
    };
    ws.onmessage = (event) => {
      const message = parseServerMessage(String(event.data));
      if (message) void this.receive(message);
    };
    ws.onclose = () => {
      if (this.ws === ws && !this.closed && this.state.phase !== 'failed') this.fail('disconnected', 'The connection to the server closed. Reload to join again.');
    };
  }

  addBot(): void {
    this.send({ type: 'mesh-add-bot' });
  }

  removeBot(): void {
    this.send({ type: 'mesh-remove-bot' });
  }

  /** Idempotent: leaves the room, hangs up every call and leaves the PeerServer. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.send({ type: 'mesh-leave' });
    this.ws?.close();
    this.teardown();
    this.finalUpdate({ phase: 'left' });
  }

  /** The peer connections of this browser's calls, by the other member's id (for tests and the stats panel). */
  connections(): Map<string, RTCPeerConnection> {
    const out = new Map<string, RTCPeerConnection>();
    for (const [id, call] of this.calls) if (call.peerConnection) out.set(id, call.peerConnection);
    return out;
  }

  private send(message: ClientMessage): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
  }

  private notice(text: string): void {
    const id = ++this.noticeId;
    this.update({ notices: [...this.state.notices.slice(-3), { id, text }] });
  }

  private fail(code: string, message: string): void {
    this.teardown();
    this.update({ phase: 'failed', fatal: { code, message } });
    this.ws?.close();
  }

  private teardown(): void {
    this.meter.stop();
    for (const call of this.calls.values()) call.close();
    this.calls.clear();
    this.peer?.destroy();
    this.peer = null;
  }

  private async receive(message: ServerMessage): Promise<void> {
    switch (message.type) {
      case 'mesh-joined':
        this.update({ phase: 'joined', peerjsId: message.peerjsId, maxPeers: message.maxPeers, members: message.members, bot: message.bot });
        await this.openPeer(message.peerjsId, message.token);
        return;
      case 'mesh-call':
        for (const id of message.peerjsIds) this.call(id);
        return;
      case 'mesh-member-joined':
        this.update({ members: [...this.state.members.filter((m) => m.peerjsId !== message.member.peerjsId), message.member] });
        return;
      case 'mesh-member-left': {
        this.calls.get(message.peerjsId)?.close();
        this.calls.delete(message.peerjsId);
        const who = this.state.members.find((m) => m.peerjsId === message.peerjsId)?.name ?? 'Someone';
        const streams = { ...this.state.streams };
        delete streams[message.peerjsId];
        this.update({ members: this.state.members.filter((m) => m.peerjsId !== message.peerjsId), streams });
        if (message.reason === 'disconnected') this.notice(`${who} lost their connection and left.`);
        return;
      }
      case 'mesh-speaking':
        this.update({ speaking: { ...this.state.speaking, [message.peerjsId]: message.speaking } });
        return;
      case 'error':
        if (FATAL_CODES.has(message.code) && message.inReplyTo === 'mesh-join') this.fail(message.code, message.message);
        else if (message.code === 'negotiation-failed') this.fail(message.code, message.message);
        else this.notice(message.message);
        return;
      default:
        return;
    }
  }

  private async openPeer(id: string, token: string): Promise<void> {
    // peerjs (24 kB gzipped) loads only when someone joins a mesh room.
    const { Peer } = await import('peerjs');
    if (this.closed) return;
    const secure = this.server.protocol === 'https:';
    const peer = new Peer(id, {
      host: this.server.hostname,
      port: Number(this.server.port) || (secure ? 443 : 80),
      path: '/peerjs',
      secure,
      token,
      // Browsers on one machine or one LAN reach each other by their host candidates: no STUN, no TURN.
      config: { iceServers: [] },
      debug: 0,
    });
    this.peer = peer;
    peer.on('call', (call) => {
      call.answer(this.localStream ?? undefined, { sdpTransform: askForVoice });
      this.track(call);
    });
    peer.on('error', (error) => {
      // A member who left between being listed and being called: the server tells us they are gone.
      if (error.type === 'peer-unavailable') return;
      this.notice(`Peer-to-peer signalling: ${error.message}`);
    });
    this.meter.start();
  }

  private call(remote: string): void {
    if (!this.peer || this.calls.has(remote)) return;
    // A viewer has nothing to send but still wants everyone's media: an empty stream, and an offer to receive.
    const stream = this.localStream ?? new MediaStream();
    const call = this.peer.call(remote, stream, {
      metadata: { name: this.name },
      sdpTransform: askForVoice,
      constraints: { offerToReceiveAudio: true, offerToReceiveVideo: true },
    } as Parameters<Peer['call']>[2]);
    if (call) this.track(call);
  }

  private track(call: MediaConnection): void {
    this.calls.get(call.peer)?.close();
    this.calls.set(call.peer, call);
    call.on('stream', (stream) => this.update({ streams: { ...this.state.streams, [call.peer]: stream } }));
    const pc = call.peerConnection;
    pc?.addEventListener('connectionstatechange', () => {
      if (pc.connectionState === 'connected') void this.capVideo(pc);
    });
    call.on('close', () => {
      if (this.calls.get(call.peer) !== call) return;
      this.calls.delete(call.peer);
    });
  }

  /** Holds this browser's camera to the mesh layer's bitrate on this call, as the model assumes. */
  private async capVideo(pc: RTCPeerConnection): Promise<void> {
    const sender = pc.getSenders().find((s) => s.track?.kind === 'video');
    if (!sender) return;
    const parameters = sender.getParameters();
    if (!parameters.encodings?.length) return;
    parameters.encodings[0].maxBitrate = MESH_VIDEO_MAX_BPS;
    await sender.setParameters(parameters).catch(() => {});
  }
}
