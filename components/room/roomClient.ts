import { PROTOCOL_VERSION, serverMessage, type ClientMessage, type ServerMessage } from '@/lib/protocol/messages';
import type { JoinRole, PeerInfo, RoomStats, TrackMapping } from '@/lib/protocol/room';
import type { RoomPlacement } from '@/lib/protocol/fleet';
import { simulcastLadder } from '@/lib/simulcast/publisher';
import { locateRoom, PlacementError, socketUrl } from './placement';

/**
 * The browser side of the room: one /ws socket and two peer connections (publish, which this page
 * offers, and subscribe, which the server offers). React components subscribe to `RoomClientState`
 * snapshots; everything that touches WebRTC lives here.
 */

export interface RemoteMedia {
  audio: MediaStreamTrack | null;
  video: MediaStreamTrack | null;
}

export interface RoomClientState {
  phase: 'connecting' | 'joined' | 'left' | 'failed';
  /** The fleet node this room lives on (server/fleet), or null on a single server. */
  node: RoomPlacement['node'];
  peerId: string | null;
  maxPeers: number | null;
  peers: PeerInfo[];
  speaking: Record<string, boolean>;
  media: Record<string, RemoteMedia>;
  /** The last minute of stats snapshots, oldest first. */
  history: RoomStats[];
  /** A problem that ended the session (room full, bad id...). */
  fatal: { code: string; message: string } | null;
  /** Problems worth telling the reader that did not end the session. */
  notices: { id: number; text: string }[];
}

/** Seconds of stats the charts keep. */
export const HISTORY_SECONDS = 60;
/** Errors that end the session: there is nothing to retry without changing something. */
const FATAL_CODES = new Set(['room-full', 'bad-room-id', 'too-many-rooms', 'already-in-room', 'room-closed']);
/**
 * Refusals of a join that asking again may cure: on a fleet the room moved, its node is draining, or the
 * registry blinked. The client asks where the room lives and joins there, a few times at most.
 */
const RELOCATE_CODES = new Set(['wrong-node', 'server-draining', 'fleet-unavailable', 'rate-limited']);
const MAX_JOIN_ATTEMPTS = 4;
const RETRY_DELAY_MS = 400;

export class RoomClient {
  private ws: WebSocket | null = null;
  private publishPc: RTCPeerConnection | null = null;
  private subscribePc: RTCPeerConnection | null = null;
  private mapping: TrackMapping[] = [];
  private listeners = new Set<(state: RoomClientState) => void>();
  private noticeId = 0;
  private attempt = 0;
  private closed = false;
  state: RoomClientState = {
    phase: 'connecting',
    node: null,
    peerId: null,
    maxPeers: null,
    peers: [],
    speaking: {},
    media: {},
    history: [],
    fatal: null,
    notices: [],
  };

  constructor(
    private readonly roomId: string,
    private readonly name: string,
    private readonly role: JoinRole,
    private readonly localStream: MediaStream | null,
  ) {}

  subscribe(listener: (state: RoomClientState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    void this.connect();
  }

  /** Asks where the room lives, then opens /ws there and joins. */
  private async connect(): Promise<void> {
    this.attempt += 1;
    let placement: RoomPlacement;
    try {
      placement = await locateRoom(this.roomId);
    } catch (error) {
      const { code, message } = error instanceof PlacementError ? error : new PlacementError('fleet-unavailable', String(error));
      if (RELOCATE_CODES.has(code)) this.retryOr(code, message);
      else this.update({ phase: 'failed', fatal: { code, message } });
      return;
    }
    if (this.closed) return;
    this.update({ node: placement.node });
    const ws = new WebSocket(socketUrl(placement, location));
    this.ws = ws;
    ws.onopen = () => {
      this.send({ type: 'hello', protocol: PROTOCOL_VERSION, client: 'room' });
      this.send({ type: 'join', roomId: this.roomId, role: this.role, name: this.name });
    };
    ws.onmessage = (event) => {
      let json: unknown;
      try {
        json = JSON.parse(String(event.data));
      } catch {
        return;
      }
      const parsed = serverMessage.safeParse(json);
      if (parsed.success) void this.receive(parsed.data);
    };
    ws.onclose = () => {
      if (this.ws === ws && !this.closed && this.state.phase !== 'failed') {
        this.update({ phase: 'failed', fatal: { code: 'disconnected', message: 'The connection to the server closed. Reload to join again.' } });
      }
    };
  }

  /** A join was refused in a way asking again may cure: drop this socket and try again, or give up. */
  private retryOr(code: string, message: string): void {
    const ws = this.ws;
    this.ws = null;
    ws?.close();
    if (this.closed) return;
    if (this.attempt >= MAX_JOIN_ATTEMPTS) {
      this.update({ phase: 'failed', fatal: { code, message } });
      return;
    }
    setTimeout(() => void this.connect(), RETRY_DELAY_MS * this.attempt);
  }

  send(message: ClientMessage): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
  }

  setTileSize(publisherId: string, widthPx: number, heightPx: number): void {
    this.send({ type: 'tile-size', publisherId, widthPx: Math.round(widthPx), heightPx: Math.round(heightPx), devicePixelRatio: window.devicePixelRatio || 1 });
  }

  setVisible(publisherId: string, visible: boolean): void {
    this.send({ type: 'visibility', publisherId, visible });
  }

  forceLayer(publisherId: string, rid: string | null): void {
    this.send({ type: 'force-layer', publisherId, rid });
  }

  setDownlinkCap(kbps: number | null): void {
    this.send({ type: 'downlink-cap', kbps });
  }

  addBot(): void {
    this.send({ type: 'add-bot' });
  }

  removeBot(): void {
    this.send({ type: 'remove-bot' });
  }

  /** Idempotent: leaves the room and closes everything. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.send({ type: 'leave' });
    this.ws?.close();
    this.publishPc?.close();
    this.subscribePc?.close();
    this.update({ phase: 'left' });
    this.listeners.clear();
  }

  private update(patch: Partial<RoomClientState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener(this.state);
  }

  private notice(text: string): void {
    const id = ++this.noticeId;
    this.update({ notices: [...this.state.notices.slice(-3), { id, text }] });
  }

  private async receive(message: ServerMessage): Promise<void> {
    switch (message.type) {
      case 'joined':
        this.update({ phase: 'joined', peerId: message.peerId, maxPeers: message.maxPeers, peers: message.peers });
        if (this.role !== 'viewer' && this.localStream) await this.publish(this.localStream);
        return;
      case 'peer-joined':
        this.update({ peers: [...this.state.peers.filter((p) => p.id !== message.peer.id), message.peer] });
        return;
      case 'peer-left': {
        const media = { ...this.state.media };
        delete media[message.peerId];
        const who = this.state.peers.find((p) => p.id === message.peerId)?.name ?? 'Someone';
        this.update({ peers: this.state.peers.filter((p) => p.id !== message.peerId), media });
        if (message.reason === 'disconnected') this.notice(`${who} lost their connection and left.`);
        return;
      }
      case 'publish-answer':
        await this.publishPc?.setRemoteDescription({ type: 'answer', sdp: message.sdp });
        return;
      case 'subscribe-offer':
        await this.answerSubscribeOffer(message.revision, message.sdp, message.tracks);
        return;
      case 'candidate': {
        const pc = message.pc === 'publish' ? this.publishPc : this.subscribePc;
        await pc?.addIceCandidate(message.candidate).catch(() => {});
        return;
      }
      case 'speaking':
        this.update({ speaking: { ...this.state.speaking, [message.peerId]: message.speaking } });
        return;
      case 'stats':
        this.update({ history: [...this.state.history, message.stats].slice(-HISTORY_SECONDS) });
        return;
      case 'error':
        if (RELOCATE_CODES.has(message.code) && this.state.phase === 'connecting') {
          this.retryOr(message.code, message.message);
        } else if (FATAL_CODES.has(message.code)) {
          this.update({ phase: 'failed', fatal: { code: message.code, message: message.message } });
          this.ws?.close();
        } else {
          this.notice(message.message);
        }
        return;
      default:
        return;
    }
  }

  private async publish(stream: MediaStream): Promise<void> {
    const pc = new RTCPeerConnection({ iceServers: [] });
    this.publishPc = pc;
    const [videoTrack] = stream.getVideoTracks();
    const [audioTrack] = stream.getAudioTracks();
    let sourceWidth: number | undefined;
    let sourceHeight: number | undefined;
    if (videoTrack) {
      const settings = videoTrack.getSettings();
      sourceWidth = settings.width ?? 1280;
      sourceHeight = settings.height ?? 720;
      // The same ladder the server expects: libwebrtc's table for this source size (lib/simulcast/publisher.ts).
      const ladder = simulcastLadder(sourceWidth, sourceHeight);
      pc.addTransceiver(videoTrack, {
        direction: 'sendonly',
        streams: [stream],
        sendEncodings: ladder.map((layer) => ({ rid: layer.rid, scaleResolutionDownBy: layer.scaleDownBy, maxBitrate: layer.maxKbps * 1000 })),
      });
    }
    if (audioTrack) pc.addTransceiver(audioTrack, { direction: 'sendonly', streams: [stream] });
    await pc.setLocalDescription(await pc.createOffer());
    // Sent at once, without waiting for ICE gathering: the SFU is ICE-lite (server/sfu/webrtc.ts), it
    // learns this browser's address from the browser's own connectivity checks and uses no candidate.
    this.send({ type: 'publish-offer', sdp: pc.localDescription!.sdp, sourceWidth, sourceHeight });
  }

  private async answerSubscribeOffer(revision: number, sdp: string, tracks: TrackMapping[]): Promise<void> {
    const pc = (this.subscribePc ??= new RTCPeerConnection({ iceServers: [] }));
    pc.ontrack = () => this.refreshMedia();
    this.mapping = tracks;
    await pc.setRemoteDescription({ type: 'offer', sdp });
    await pc.setLocalDescription(await pc.createAnswer());
    // As for the publish offer: no wait for gathering, the ICE-lite SFU needs no candidates.
    this.send({ type: 'subscribe-answer', revision, sdp: pc.localDescription!.sdp });
    this.refreshMedia();
  }

  /** Rebuilds publisher -> tracks from the subscribe connection's transceivers and the server's MID map. */
  private refreshMedia(): void {
    const pc = this.subscribePc;
    if (!pc) return;
    const media: Record<string, RemoteMedia> = {};
    for (const transceiver of pc.getTransceivers()) {
      const entry = this.mapping.find((t) => t.mid === transceiver.mid);
      if (!entry) continue;
      const slot = (media[entry.publisherId] ??= { audio: null, video: null });
      slot[entry.kind] = transceiver.receiver.track;
    }
    this.update({ media });
  }
}
