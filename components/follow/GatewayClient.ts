import { parseServerMessage, type ClientMessage, type ServerMessage } from '@/lib/protocol/messages';
import type { DispatchFrame, GuildRef, InvalidReason, SiteStats } from '@/lib/protocol/gateway';
import { applyClassEvent, emptyClassState, type ClassState } from '@/lib/classroom/state';
import { firstHeartbeatDelayMs, heartbeatAcked, heartbeatDue, type HeartbeatClock } from '@/lib/guild/gateway';
import { gatewaySocketUrl, reconnectDelayMs } from './socketUrl';

/**
 * The browser's side of a gateway session (lib/guild/gateway.ts has the rules): identify into a guild,
 * heartbeat at the interval Hello gives, and when the connection dies (closed, or a heartbeat went
 * unacknowledged) reconnect and resume from the last sequence number seen. A follower's page and the
 * gateway chapter's live figure each run one.
 */

export interface GatewayFrame {
  /** Sent by this browser or received from the server. */
  direction: 'out' | 'in';
  op: number;
  t?: string;
  s?: number;
  /** Size of the JSON text (what the frame would be without compression). */
  bytes: number;
  atMs: number;
}

export interface ConnectionBytes {
  deflate: boolean;
  frames: number;
  wireBytes: number;
  uncompressedBytes: number;
}

export interface GatewayState {
  phase: 'connecting' | 'ready' | 'reconnecting' | 'invalid' | 'ended';
  sessionId: string | null;
  seq: number;
  /** The class as its events built it (class guilds). */
  classState: ClassState;
  sessions: number;
  invalid: InvalidReason | null;
  heartbeatIntervalMs: number | null;
  /** Round trip of the last heartbeat and its acknowledgement. */
  heartbeatRttMs: number | null;
  resumes: number;
  /** The newest frames, oldest first. */
  frames: GatewayFrame[];
  siteStats: SiteStats | null;
  bytes: ConnectionBytes | null;
  waves: { from: string; atMs: number }[];
}

/** How many of the newest frames the client keeps (the live figure's frame log is this many rows tall). */
export const KEEP_FRAMES = 14;

export class GatewayClient {
  private ws: WebSocket | null = null;
  private heartbeatTimer: ReturnType<typeof setTimeout> | null = null;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private heartbeat: HeartbeatClock = heartbeatAcked();
  private heartbeatSentAt = 0;
  private attempts = 0;
  private closed = false;
  private readonly listeners = new Set<(state: GatewayState) => void>();
  private readonly eventListeners = new Set<(frame: DispatchFrame) => void>();
  state: GatewayState = {
    phase: 'connecting',
    sessionId: null,
    seq: 0,
    classState: emptyClassState,
    sessions: 0,
    invalid: null,
    heartbeatIntervalMs: null,
    heartbeatRttMs: null,
    resumes: 0,
    frames: [],
    siteStats: null,
    bytes: null,
    waves: [],
  };

  constructor(
    private readonly guild: GuildRef,
    private readonly options: { compress?: boolean } = {},
  ) {}

  /** Connects (again, after close(): React may mount an effect twice). */
  start(): void {
    this.closed = false;
    if (!this.ws) this.connect();
  }

  subscribe(listener: (state: GatewayState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every dispatch in order, as it is applied (the follow page reacts to moves here). */
  onDispatch(listener: (frame: DispatchFrame) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  send(message: ClientMessage): void {
    if (this.ws?.readyState !== WebSocket.OPEN) return;
    const text = JSON.stringify(message);
    this.ws.send(text);
    if (message.type === 'gateway') this.logFrame({ direction: 'out', op: message.op, bytes: text.length, atMs: performance.now() });
  }

  /** Drops the connection as a real network failure would (the chapter's "cut my connection" button). */
  dropConnection(): void {
    this.ws?.close(4000, 'reader dropped the connection');
  }

  /** Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.clearTimers();
    const ws = this.ws;
    this.ws = null;
    ws?.close(1000);
  }

  private connect(): void {
    const ws = new WebSocket(gatewaySocketUrl(this.options.compress ?? true));
    this.ws = ws;
    ws.onopen = () => {
      if (this.state.sessionId) this.send({ type: 'gateway', op: 6, d: { sessionId: this.state.sessionId, seq: this.state.seq } });
      else this.send({ type: 'gateway', op: 2, d: { guild: this.guild } });
    };
    ws.onmessage = (event) => {
      const text = String(event.data);
      const message = parseServerMessage(text);
      if (message) this.receive(message, text.length);
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.clearTimers();
      if (this.closed || this.state.phase === 'invalid' || this.state.phase === 'ended') return;
      this.update({ phase: 'reconnecting' });
      const delay = reconnectDelayMs(this.attempts, Math.random());
      this.attempts += 1;
      this.reconnectTimer = setTimeout(() => this.connect(), delay);
    };
  }

  private receive(message: ServerMessage, bytes: number): void {
    if (message.type === 'connection-bytes') {
      const { type: _type, ...rest } = message;
      this.update({ bytes: rest });
      return;
    }
    if (message.type !== 'gateway') return;
    this.logFrame({ direction: 'in', op: message.op, t: message.op === 0 ? message.t : undefined, s: message.op === 0 ? message.s : undefined, bytes, atMs: performance.now() });
    switch (message.op) {
      case 10:
        this.update({ heartbeatIntervalMs: message.d.heartbeatIntervalMs });
        this.heartbeat = heartbeatAcked();
        this.scheduleHeartbeat(firstHeartbeatDelayMs(message.d.heartbeatIntervalMs, Math.random()));
        return;
      case 11:
        this.heartbeat = heartbeatAcked();
        this.update({ heartbeatRttMs: Math.round(performance.now() - this.heartbeatSentAt) });
        return;
      case 7:
        this.ws?.close(4000, 'server asked to reconnect');
        return;
      case 9:
        if (message.d.reason === 'expired' && this.state.phase !== 'connecting') {
          // The session could not be resumed: start a new one and take the class as it is now.
          this.update({ sessionId: null, seq: 0 });
          this.send({ type: 'gateway', op: 2, d: { guild: this.guild } });
          return;
        }
        this.update({ phase: 'invalid', invalid: message.d.reason });
        this.ws?.close(1000);
        return;
      case 0:
        this.dispatch(message);
        return;
    }
  }

  private dispatch(frame: DispatchFrame): void {
    if (frame.t === 'READY') {
      this.attempts = 0;
      this.update({
        phase: 'ready',
        sessionId: frame.d.sessionId,
        seq: frame.s,
        classState: frame.d.state ?? emptyClassState,
        sessions: frame.d.sessions,
      });
    } else if (frame.t === 'RESUMED') {
      this.attempts = 0;
      this.update({ phase: 'ready', resumes: this.state.resumes + 1, seq: Math.max(this.state.seq, frame.s) });
    } else {
      if (frame.s <= this.state.seq) return; // already applied (a replay overlapping what arrived)
      const patch: Partial<GatewayState> = { seq: frame.s };
      if (frame.t === 'POSITION' || frame.t === 'FIGURE_INPUTS' || frame.t === 'CLASS_ROOM') patch.classState = applyClassEvent(this.state.classState, frame);
      else if (frame.t === 'MEMBERS') patch.sessions = frame.d.sessions;
      else if (frame.t === 'SITE_STATS') patch.siteStats = frame.d;
      else if (frame.t === 'WAVE') patch.waves = [...this.state.waves.slice(-4), { from: frame.d.from, atMs: performance.now() }];
      else if (frame.t === 'CLASS_ENDED') patch.phase = 'ended';
      this.update(patch);
    }
    for (const listener of this.eventListeners) listener(frame);
    if (this.state.phase === 'ended') this.ws?.close(1000);
  }

  private scheduleHeartbeat(delayMs: number): void {
    if (this.heartbeatTimer) clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = setTimeout(() => {
      const { clock, action } = heartbeatDue(this.heartbeat);
      this.heartbeat = clock;
      if (action === 'reconnect') {
        // No acknowledgement since the last heartbeat: the connection is a zombie even if it looks open.
        this.ws?.close(4000, 'heartbeat not acknowledged');
        return;
      }
      this.heartbeatSentAt = performance.now();
      this.send({ type: 'gateway', op: 1, d: this.state.seq });
      this.scheduleHeartbeat(this.state.heartbeatIntervalMs ?? 10_000);
    }, delayMs);
  }

  private logFrame(frame: GatewayFrame): void {
    this.update({ frames: [...this.state.frames.slice(-(KEEP_FRAMES - 1)), frame] });
  }

  private update(patch: Partial<GatewayState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener(this.state);
  }

  private clearTimers(): void {
    if (this.heartbeatTimer) clearTimeout(this.heartbeatTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.heartbeatTimer = null;
    this.reconnectTimer = null;
  }
}
