import { PROTOCOL_VERSION, parseServerMessage, type ClientMessage, type ServerMessage } from '@/lib/protocol/messages';
import type { BotWeights, JoinRole, MemberStats, PeerInfo, TrackMapping } from '@/lib/protocol/room';
import type { RoomPlacement } from '@/lib/protocol/fleet';
import { simulcastLadder } from '@/lib/simulcast/publisher';
import { applyLayerRequest } from '@/lib/simulcast/layerDemand';
import { HISTORY_SECONDS } from './liveStats';
import { locateRoom, PlacementError, socketUrl } from './placement';
import { addNotice, expireNotices, namePeople, nextExpiryMs, type Notice, type NoticeInput } from './notices';
import { TileReporter, type TileViewPatch } from './tileReporter';
import { ClientState } from './clientState';

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
  /**
   * 'dropped': the server removed this page from the room, refused its media, or the connection
   * broke; the page says why and offers to join again. 'failed': the join itself was refused.
   */
  phase: 'connecting' | 'joined' | 'dropped' | 'left' | 'failed';
  /** The fleet node this room lives on (server/fleet), or null on a single server. */
  node: RoomPlacement['node'];
  peerId: string | null;
  maxPeers: number | null;
  peers: PeerInfo[];
  speaking: Record<string, boolean>;
  media: Record<string, RemoteMedia>;
  /** The last minute of this member's stats, oldest first. */
  history: MemberStats[];
  /** What each bot sends, weighed from its clips (for the model of this page's own traffic). */
  bots: BotWeights | null;
  /** A problem that ended the session (room full, bad id...). */
  fatal: { code: string; message: string } | null;
  /**
   * Why this page lost the room (phase 'dropped'): `code` is 'disconnected' (the socket closed),
   * 'media-failed' (a peer connection failed), 'dropped' (the server removed it), or the server's error
   * code ('room-closed', 'negotiation-failed', a refusal of its offer...).
   */
  dropped: { code: string; message: string } | null;
  /** Passing problems worth telling the reader, deduplicated, expiring (notices.ts). */
  notices: Notice[];
}

/** Refusals of a join: there is nothing to retry without changing something. */
const FATAL_CODES = new Set(['room-full', 'bad-room-id', 'too-many-rooms', 'already-in-room', 'room-closed']);
/**
 * Refusals of a join that asking again may cure: on a fleet the room moved, its node is draining, or the
 * registry blinked. The client asks where the room lives and joins there, a few times at most.
 */
const RELOCATE_CODES = new Set(['wrong-node', 'server-draining', 'fleet-unavailable', 'rate-limited']);
const MAX_JOIN_ATTEMPTS = 4;
const RETRY_DELAY_MS = 400;
/**
 * Replies that mean this page's session is broken: the page offers to join again (on a fleet, a closed
 * room's rejoin asks where the room lives now).
 */
const BROKEN_SESSION_CODES = new Set(['negotiation-failed', 'not-in-room', 'room-closed']);
/** A refusal of these leaves the page without its camera or without the room's media: offer to join again. */
const NEGOTIATION_MESSAGES = new Set(['publish-offer', 'subscribe-answer']);
/** Replies that need no word to the reader: the server moved on (a newer offer is coming). */
const SILENT_CODES = new Set(['stale-answer']);

export class RoomClient extends ClientState<RoomClientState> {
  private ws: WebSocket | null = null;
  private publishPc: RTCPeerConnection | null = null;
  /** The camera's simulcast sender, whose encodings the server turns on and off ('publish-layers'). */
  private videoSender: RTCRtpSender | null = null;
  /** Layer requests apply one at a time, in order (setParameters is asynchronous). */
  private layerRequests: Promise<void> = Promise.resolve();
  private subscribePc: RTCPeerConnection | null = null;
  private mapping: TrackMapping[] = [];
  private noticeId = 0;
  private noticeTimer: ReturnType<typeof setTimeout> | null = null;
  private downlinkCapKbps: number | null = null;
  private attempt = 0;
  private closed = false;
  private readonly tiles = new TileReporter({
    send: (report) => this.send({ type: 'tiles', ...report }),
    devicePixelRatio: () => window.devicePixelRatio || 1,
  });
  private readonly onPageVisibility = () => this.tiles.recheck();

  constructor(
    private readonly roomId: string,
    private readonly name: string,
    private readonly role: JoinRole,
    private readonly localStream: MediaStream | null,
  ) {
    super({
      phase: 'connecting',
      node: null,
      peerId: null,
      maxPeers: null,
      peers: [],
      speaking: {},
      media: {},
      history: [],
      bots: null,
      fatal: null,
      dropped: null,
      notices: [],
    });
  }

  start(): void {
    document.addEventListener('visibilitychange', this.onPageVisibility);
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
      else this.fail(code, message);
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
      const message = parseServerMessage(String(event.data));
      if (!message) return;
      this.receive(message).catch((error: unknown) => {
        // A negotiation step the browser refused (or one cut short by closing): the media would stay frozen.
        this.drop('media-failed', `This browser could not set up the media connection (${error instanceof Error ? error.message : String(error)}).`);
      });
    };
    ws.onclose = () => {
      if (this.ws === ws) this.drop('disconnected', 'The connection to the server closed.');
    };
  }

  /** A join was refused in a way asking again may cure: drop this socket and try again, or give up. */
  private retryOr(code: string, message: string): void {
    const ws = this.ws;
    this.ws = null;
    if (ws) ws.onclose = null;
    ws?.close();
    if (this.closed) return;
    if (this.attempt >= MAX_JOIN_ATTEMPTS) {
      this.fail(code, message);
      return;
    }
    setTimeout(() => void this.connect(), RETRY_DELAY_MS * this.attempt);
  }

  /** The join was refused for good. */
  private fail(code: string, message: string): void {
    this.shutDown();
    this.update({ phase: 'failed', fatal: { code, message } });
  }

  send(message: ClientMessage): void {
    if (this.state.phase === 'dropped' || this.state.phase === 'failed') return;
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
  }

  /**
   * How a tile looks now (size, on screen, video turned off). Call it as often as you like: the server
   * hears only changes, batched, a few times a second at most (tileReporter.ts).
   */
  setTileView(publisherId: string, patch: TileViewPatch): void {
    this.tiles.update(publisherId, patch);
  }

  forceLayer(publisherId: string, rid: string | null): void {
    this.send({ type: 'force-layer', publisherId, rid });
  }

  /** Remembered, so a cap chosen before the join completes is sent once it does. */
  setDownlinkCap(kbps: number | null): void {
    this.downlinkCapKbps = kbps;
    if (this.state.phase === 'joined') this.send({ type: 'downlink-cap', kbps });
  }

  addBot(): void {
    this.send({ type: 'add-bot' });
  }

  removeBot(): void {
    this.send({ type: 'remove-bot' });
  }

  /** This page's peer connections to the SFU, for measuring its own traffic. */
  connections(): [string, RTCPeerConnection | null][] {
    return [
      ['publish', this.publishPc],
      ['subscribe', this.subscribePc],
    ];
  }

  /** Idempotent: leaves the room and closes everything. */
  close(): void {
    if (this.closed) return;
    this.send({ type: 'leave' });
    this.shutDown();
    this.finalUpdate({ phase: 'left' });
  }

  /** Closes the socket, both connections and every timer; the local camera stays on for a rejoin. */
  private shutDown(): void {
    this.closed = true;
    this.tiles.close();
    if (this.noticeTimer !== null) clearTimeout(this.noticeTimer);
    this.noticeTimer = null;
    document.removeEventListener('visibilitychange', this.onPageVisibility);
    if (this.ws) this.ws.onclose = null;
    this.ws?.close();
    this.publishPc?.close();
    this.subscribePc?.close();
  }

  /** The server dropped or refused this page, or the connection broke: stop, say why, let the reader rejoin. */
  private drop(code: string, message: string): void {
    if (this.closed || this.state.phase === 'failed') return;
    this.shutDown();
    this.update({ phase: 'dropped', dropped: { code, message }, notices: [], speaking: {} });
  }

  private notice(input: NoticeInput): void {
    const now = performance.now();
    this.update({ notices: addNotice(expireNotices(this.state.notices, now), input, now, ++this.noticeId) });
    this.scheduleNoticeExpiry();
  }

  /** One timer, for the next notice to expire; none when there are no notices. */
  private scheduleNoticeExpiry(): void {
    if (this.noticeTimer !== null) clearTimeout(this.noticeTimer);
    this.noticeTimer = null;
    const next = nextExpiryMs(this.state.notices);
    if (next === null || this.closed) return;
    this.noticeTimer = setTimeout(() => {
      this.noticeTimer = null;
      this.update({ notices: expireNotices(this.state.notices, performance.now()) });
      this.scheduleNoticeExpiry();
    }, Math.max(0, next - performance.now()) + 10);
  }

  private async receive(message: ServerMessage): Promise<void> {
    if (this.closed) return;
    switch (message.type) {
      case 'joined':
        this.update({ phase: 'joined', peerId: message.peerId, maxPeers: message.maxPeers, peers: message.peers, bots: message.bots });
        if (this.downlinkCapKbps !== null) this.send({ type: 'downlink-cap', kbps: this.downlinkCapKbps });
        if (this.role !== 'viewer' && this.localStream) await this.publish(this.localStream);
        return;
      case 'peer-joined':
        this.update({ peers: [...this.state.peers.filter((p) => p.id !== message.peer.id), message.peer] });
        return;
      case 'peer-left': {
        const media = { ...this.state.media };
        delete media[message.peerId];
        const who = this.state.peers.find((p) => p.id === message.peerId)?.name ?? 'Someone';
        this.tiles.remove(message.peerId);
        this.update({ peers: this.state.peers.filter((p) => p.id !== message.peerId), media });
        if (message.reason === 'disconnected') {
          this.notice({ key: 'lost-connection', person: who, describe: (people) => `${namePeople(people)} lost ${people.length === 1 ? 'their connection' : 'their connections'} and left.` });
        }
        return;
      }
      case 'dropped':
        this.drop('dropped', message.message);
        return;
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
      case 'publish-layers':
        this.applyPublishLayers(message.rids);
        return;
      case 'speaking':
        this.update({ speaking: { ...this.state.speaking, [message.peerId]: message.speaking } });
        return;
      case 'stats':
        this.update({ history: [...this.state.history, message.stats].slice(-HISTORY_SECONDS) });
        return;
      case 'error':
        if (RELOCATE_CODES.has(message.code) && this.state.phase === 'connecting') {
          this.retryOr(message.code, message.message);
        } else if (FATAL_CODES.has(message.code) && this.state.phase === 'connecting') {
          this.fail(message.code, message.message);
        } else if (SILENT_CODES.has(message.code)) {
          return;
        } else if (BROKEN_SESSION_CODES.has(message.code) || NEGOTIATION_MESSAGES.has(message.inReplyTo ?? '')) {
          this.drop(
            message.code,
            message.code === 'not-in-room'
              ? 'The server no longer has this page in the room.'
              : BROKEN_SESSION_CODES.has(message.code)
                ? message.message
                : `The server refused this page's media: ${message.message}`,
          );
        } else {
          this.notice({ key: `${message.code}:${message.message}`, text: message.message });
        }
        return;
      default:
        return;
    }
  }

  private async publish(stream: MediaStream): Promise<void> {
    const pc = new RTCPeerConnection({ iceServers: [] });
    this.publishPc = pc;
    this.watchConnection(pc, 'The connection carrying your camera and microphone failed.');
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
      this.videoSender = pc.addTransceiver(videoTrack, {
        direction: 'sendonly',
        streams: [stream],
        sendEncodings: ladder.map((layer) => ({ rid: layer.rid, scaleResolutionDownBy: layer.scaleDownBy, maxBitrate: layer.maxKbps * 1000 })),
      }).sender;
    }
    if (audioTrack) pc.addTransceiver(audioTrack, { direction: 'sendonly', streams: [stream] });
    await pc.setLocalDescription(await pc.createOffer());
    // Sent at once, without waiting for ICE gathering: the SFU is ICE-lite (server/sfu/webrtc.ts), it
    // learns this browser's address from the browser's own connectivity checks and uses no candidate.
    this.send({ type: 'publish-offer', sdp: pc.localDescription!.sdp, sourceWidth, sourceHeight });
  }

  /**
   * The server asks this camera to send only these simulcast layers: the others are layers no viewer takes
   * (lib/simulcast/layerDemand), and a paused encoding costs this browser neither CPU nor upload. A request
   * that does not match this sender's layers is refused with a console warning and changes nothing.
   */
  private applyPublishLayers(rids: readonly string[]): void {
    const sender = this.videoSender;
    if (!sender) return;
    this.layerRequests = this.layerRequests.then(async () => {
      if (this.closed) return;
      const parameters = sender.getParameters();
      try {
        parameters.encodings = applyLayerRequest(parameters.encodings, rids);
      } catch (error) {
        console.warn(`Ignored the server's layer request: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
      await sender.setParameters(parameters).catch((error: unknown) => console.warn(`Could not pause or resume a layer: ${String(error)}`));
    });
  }

  private async answerSubscribeOffer(revision: number, sdp: string, tracks: TrackMapping[]): Promise<void> {
    if (!this.subscribePc) {
      this.subscribePc = new RTCPeerConnection({ iceServers: [] });
      this.watchConnection(this.subscribePc, 'The connection bringing you the room failed.');
    }
    const pc = this.subscribePc;
    pc.ontrack = () => this.refreshMedia();
    this.mapping = tracks;
    this.tiles.setForwarded(tracks.filter((t) => t.kind === 'video').map((t) => t.publisherId));
    await pc.setRemoteDescription({ type: 'offer', sdp });
    await pc.setLocalDescription(await pc.createAnswer());
    // As for the publish offer: no wait for gathering, the ICE-lite SFU needs no candidates.
    this.send({ type: 'subscribe-answer', revision, sdp: pc.localDescription!.sdp });
    this.refreshMedia();
  }

  /** A media connection that fails leaves frozen tiles: say so and offer to rejoin instead. */
  private watchConnection(pc: RTCPeerConnection, reason: string): void {
    pc.addEventListener('connectionstatechange', () => {
      if (pc.connectionState === 'failed') this.drop('media-failed', reason);
    });
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
