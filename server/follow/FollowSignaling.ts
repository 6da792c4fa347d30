import { randomBytes } from 'node:crypto';
import type { ClientMessage, ErrorCode } from '@/lib/protocol/messages';
import { normalizeClassCode } from '@/lib/protocol/gateway';
import type { Logger } from '../log';
import { FollowError, type FollowService } from './FollowService';
import type { GuildProcess } from './GuildProcess';
import type { SessionLink } from './SessionProcess';
import { WAVE_INTERVAL_MS } from '../limits';

/** A /ws connection as the follow service uses it (server/ws/Connection in the app; a fake in tests). */
export interface FollowConnection extends SessionLink {
  sendError(code: ErrorCode, message: string, inReplyTo?: string): void;
  /** Bytes sent so far, measured on the socket and as uncompressed frames; null when not measured. */
  bytes?(): { deflate: boolean; frames: number; wireBytes: number; uncompressedBytes: number } | null;
}

type FollowMessage = Extract<ClientMessage, { type: 'gateway' | 'class-start' | 'class-attach' | 'class-event' | 'class-end' | 'site-wave' }>;

const FOLLOW_TYPES = new Set<string>(['gateway', 'class-start', 'class-attach', 'class-event', 'class-end', 'site-wave']);

/** How often a gateway-chapter reader is told the bytes of its own connection. */
const BYTES_REPORT_MS = 2000;

/**
 * The follow half of one /ws socket: at most one gateway session (a follower, or a reader of the gateway
 * chapter in the site guild) and at most one class it is the instructor of. The socket has validated
 * each message against the protocol union; this checks that it makes sense now and acts. Refusals get a
 * typed error and change nothing.
 */
export class FollowSignaling {
  private guild: GuildProcess | null = null;
  private sessionId: string | null = null;
  private instructing: string | null = null;
  private lastWaveMs = -Infinity;
  private bytesTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly service: FollowService,
    private readonly connection: FollowConnection,
    private readonly log: Pick<Logger, 'warn'>,
    private readonly options: { now?: () => number; timers?: boolean } = {},
  ) {}

  static handles(message: ClientMessage): message is FollowMessage {
    return FOLLOW_TYPES.has(message.type);
  }

  /** Handles one validated message. Never throws. */
  handle(message: ClientMessage): void {
    if (this.closed || !FollowSignaling.handles(message)) return;
    try {
      this.dispatch(message);
    } catch (error) {
      if (error instanceof FollowError) this.refuse(error.code, error.message, message.type);
      else {
        this.log.warn('follow message failed', { connection: this.connection.id, type: message.type, error: String(error) });
        this.refuse('internal', 'The server could not handle that message.', message.type);
      }
    }
  }

  /** The socket closed: the session waits to be resumed, the class waits for its instructor. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.bytesTimer) clearInterval(this.bytesTimer);
    if (this.guild && this.sessionId) this.guild.send({ kind: 'link-closed', sessionId: this.sessionId, link: this.connection });
    if (this.instructing) this.service.detachInstructor(this.instructing, this.connection);
    this.guild = null;
  }

  private dispatch(message: FollowMessage): void {
    switch (message.type) {
      case 'gateway':
        return this.gateway(message);
      case 'class-start': {
        if (this.instructing) throw new FollowError('already-instructing', `This page already runs class ${this.instructing}; end it first.`);
        const { code, token } = this.service.startClass(this.connection);
        this.instructing = code;
        const info = this.service.classInfo(code);
        this.connection.send({ type: 'class-started', code, token, state: info.state, sessions: info.sessions });
        return;
      }
      case 'class-attach': {
        this.service.attachInstructor(message.code, message.token, this.connection);
        this.instructing = message.code;
        const info = this.service.classInfo(message.code);
        this.connection.send({ type: 'class-started', code: message.code, token: message.token, state: info.state, sessions: info.sessions });
        return;
      }
      case 'class-event':
        this.service.publish(this.requireInstructing(), this.connection, message.event);
        return;
      case 'class-end': {
        const code = this.requireInstructing();
        this.instructing = null;
        this.service.endClass(code);
        return;
      }
      case 'site-wave': {
        const now = (this.options.now ?? Date.now)();
        if (now - this.lastWaveMs < WAVE_INTERVAL_MS) throw new FollowError('wave-limit', 'One wave every two seconds is plenty.');
        this.service.wave(this.waveName());
        this.lastWaveMs = now;
        return;
      }
    }
  }

  private gateway(message: Extract<FollowMessage, { type: 'gateway' }>): void {
    switch (message.op) {
      case 2: {
        if (this.guild) {
          this.refuse('already-identified', 'This connection already has a gateway session.', 'gateway');
          return;
        }
        const ref = message.d.guild.kind === 'class' ? { kind: 'class' as const, code: normalizeClassCode(message.d.guild.code) ?? '' } : message.d.guild;
        const guild = this.service.guildFor(ref);
        if (typeof guild === 'string') {
          this.connection.send({ type: 'gateway', op: 9, d: { resumable: false, reason: guild } });
          return;
        }
        this.guild = guild;
        this.sessionId = randomBytes(12).toString('base64url');
        guild.send({ kind: 'identify', sessionId: this.sessionId, link: this.connection });
        if (ref.kind === 'site') this.reportBytes();
        return;
      }
      case 6: {
        if (this.guild) {
          this.refuse('already-identified', 'This connection already has a gateway session.', 'gateway');
          return;
        }
        const guild = this.service.findSession(message.d.sessionId);
        if (!guild) {
          this.connection.send({ type: 'gateway', op: 9, d: { resumable: false, reason: 'expired' } });
          return;
        }
        this.guild = guild;
        this.sessionId = message.d.sessionId;
        guild.send({ kind: 'resume', sessionId: message.d.sessionId, seq: message.d.seq, link: this.connection });
        if (guild.ref.kind === 'site') this.reportBytes();
        return;
      }
      case 1: {
        if (!this.guild || !this.sessionId) {
          this.refuse('not-identified', 'Identify (op 2) or resume (op 6) before heartbeating.', 'gateway');
          return;
        }
        this.guild.send({ kind: 'heartbeat', sessionId: this.sessionId, seq: message.d });
        return;
      }
    }
  }

  /** Readers of the gateway chapter see what their own connection costs, with and without compression. */
  private reportBytes(): void {
    if (this.options.timers === false || this.bytesTimer || !this.connection.bytes) return;
    this.bytesTimer = setInterval(() => {
      const bytes = this.connection.bytes?.();
      if (bytes) this.connection.send({ type: 'connection-bytes', ...bytes });
    }, BYTES_REPORT_MS);
    this.bytesTimer.unref();
  }

  private waveName(): string {
    return `reader ${this.connection.id.slice(0, 4)}`;
  }

  private requireInstructing(): string {
    if (!this.instructing) throw new FollowError('not-instructor', 'Start or reattach to a class first.');
    return this.instructing;
  }

  private refuse(code: ErrorCode, message: string, inReplyTo: string): void {
    this.log.warn('refused follow message', { connection: this.connection.id, code, message });
    this.connection.sendError(code, message, inReplyTo);
  }
}
