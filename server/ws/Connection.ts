import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import type { WebSocket, RawData } from 'ws';
import {
  clientMessage,
  PROTOCOL_VERSION,
  type ClientMessage,
  type ErrorCode,
  type OutgoingServerMessage,
} from '@/lib/protocol/messages';
import {
  FLOOD_WINDOW_MS,
  MAX_MESSAGE_BYTES,
  MAX_MESSAGES_PER_SECOND,
  MAX_REJECTED_MESSAGES,
  RATE_LIMIT_WARNINGS_BEFORE_CLOSE,
} from '../limits';
import type { Logger } from '../log';

export interface ConnectionEvents {
  /** A valid message that the connection itself does not answer (room signaling, etc.). */
  message: [ClientMessage];
  close: [];
}

/** WebSocket close code for a client that broke the rules (RFC 6455 section 7.4.1). */
export const CLOSE_POLICY_VIOLATION = 1008;

/**
 * One /ws socket. Validates every incoming message against the protocol union; a bad one gets a
 * typed error reply, is logged (the log itself is rate-limited), and changes nothing. Answers hello
 * and ping itself and emits every other valid message for the features that own it.
 *
 * Over MAX_MESSAGES_PER_SECOND, the first message of each second gets a `rate-limited` reply and the
 * rest are dropped unread. A socket still flooding after RATE_LIMIT_WARNINGS_BEFORE_CLOSE such
 * warnings, or sending MAX_REJECTED_MESSAGES bad messages, within FLOOD_WINDOW_MS, gets `flooding`
 * and is closed with 1008.
 */
export class Connection extends EventEmitter<ConnectionEvents> {
  readonly id = randomUUID();
  private windowStartMs = -Infinity;
  private messagesInWindow = 0;
  private warnedThisWindow = false;
  private readonly warningsAtMs: number[] = [];
  private readonly rejectionsAtMs: number[] = [];
  private closed = false;
  private framesSent = 0;
  private uncompressedBytesSent = 0;
  private readonly wireBaseline: number;
  alive = true;

  constructor(
    private readonly socket: WebSocket,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
    /** The TCP (or TLS) stream under the WebSocket, to count what really went out on it. */
    private readonly transport?: Duplex & { bytesWritten?: number },
    /** The client's address key (server/ws/clientAddress.ts), for per-address limits. */
    readonly address = 'unknown',
  ) {
    super();
    this.wireBaseline = transport?.bytesWritten ?? 0;
    socket.on('message', (data, isBinary) => this.receive(data, isBinary));
    socket.on('pong', () => {
      this.alive = true;
    });
    socket.on('close', () => this.close());
    socket.on('error', (error) => this.log.warn('socket error', { connection: this.id, error: String(error) }));
  }

  /** Sends a message; one that is already encoded (a string) goes as it is. */
  send(message: OutgoingServerMessage): void {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    const text = typeof message === 'string' ? message : JSON.stringify(message);
    this.socket.send(text);
    this.framesSent += 1;
    const length = Buffer.byteLength(text);
    // RFC 6455 s5.2: an unmasked server frame has a 2-byte header, plus 2 or 8 bytes of extended length.
    this.uncompressedBytesSent += length + (length < 126 ? 2 : length < 65536 ? 4 : 10);
  }

  /** Bytes the socket has queued and not yet written (a slow reader's backlog). */
  get bufferedBytes(): number {
    return this.socket.bufferedAmount;
  }

  /**
   * What this server has sent on this connection since the upgrade: as the stream under the WebSocket
   * counted it (after permessage-deflate, when negotiated), and as the same frames would be uncompressed.
   */
  bytes(): { deflate: boolean; frames: number; wireBytes: number; uncompressedBytes: number } | null {
    if (this.transport?.bytesWritten === undefined) return null;
    return {
      deflate: this.socket.extensions.includes('permessage-deflate'),
      frames: this.framesSent,
      wireBytes: this.transport.bytesWritten - this.wireBaseline,
      uncompressedBytes: this.uncompressedBytesSent,
    };
  }

  sendError(code: ErrorCode, message: string, inReplyTo?: string): void {
    this.send({ type: 'error', code, message, ...(inReplyTo ? { inReplyTo } : {}) });
  }

  ping(): void {
    this.alive = false;
    this.socket.ping();
    this.uncompressedBytesSent += 2;
  }

  /** Idempotent: closes the socket and drops every listener. */
  close(code = 1000, reason = ''): void {
    if (this.closed) return;
    this.closed = true;
    if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING) {
      this.socket.close(code, reason);
    }
    this.emit('close');
    this.removeAllListeners();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private receive(data: RawData, isBinary: boolean): void {
    if (this.closed) return;
    if (this.overRate()) {
      this.warnOverRate();
      return;
    }
    if (isBinary) {
      this.reject('binary-message', 'Binary messages are not part of the protocol; send JSON text.');
      return;
    }
    const bytes = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data.byteLength;
    if (bytes > MAX_MESSAGE_BYTES) {
      this.reject('too-large', `Messages are limited to ${MAX_MESSAGE_BYTES} bytes.`);
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(data.toString());
    } catch {
      this.reject('bad-json', 'The message is not valid JSON.');
      return;
    }
    const parsed = clientMessage.safeParse(json);
    if (!parsed.success) {
      const type = typeof json === 'object' && json && 'type' in json ? String((json as { type: unknown }).type) : undefined;
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` at "${issue.path.join('.')}"` : '';
      this.reject('bad-message', `Invalid message${where}: ${issue?.message ?? 'unknown problem'}.`, type);
      return;
    }
    this.handle(parsed.data);
  }

  private handle(message: ClientMessage): void {
    switch (message.type) {
      case 'hello':
        this.send({ type: 'welcome', protocol: PROTOCOL_VERSION, connectionId: this.id });
        return;
      case 'ping':
        this.send({ type: 'pong', nonce: message.nonce, serverTimeMs: this.now() });
        return;
      default:
        this.emit('message', message);
    }
  }

  private reject(code: ErrorCode, message: string, inReplyTo?: string): void {
    this.log.warn('rejected message', { connection: this.id, address: this.address, code, message });
    this.sendError(code, message, inReplyTo);
    if (countWithin(this.rejectionsAtMs, this.now()) > MAX_REJECTED_MESSAGES) {
      this.closeForFlooding(`More than ${MAX_REJECTED_MESSAGES} rejected messages in ${FLOOD_WINDOW_MS / 1000} s.`);
    }
  }

  /** Over the rate: one warning a second, the rest dropped; still at it after the warnings, closed. */
  private warnOverRate(): void {
    if (this.warnedThisWindow) return;
    this.warnedThisWindow = true;
    if (countWithin(this.warningsAtMs, this.now()) > RATE_LIMIT_WARNINGS_BEFORE_CLOSE) {
      this.closeForFlooding(`Still over ${MAX_MESSAGES_PER_SECOND} messages a second after ${RATE_LIMIT_WARNINGS_BEFORE_CLOSE} warnings.`);
      return;
    }
    this.log.warn('rate-limited socket', { connection: this.id, address: this.address });
    this.sendError('rate-limited', `More than ${MAX_MESSAGES_PER_SECOND} messages a second; slow down. Messages over the limit are dropped.`);
  }

  private closeForFlooding(message: string): void {
    this.log.warn('closed a flooding socket', { connection: this.id, address: this.address, message });
    this.sendError('flooding', `${message} Closing this connection.`);
    this.close(CLOSE_POLICY_VIOLATION, 'flooding');
  }

  private overRate(): boolean {
    const now = this.now();
    if (now - this.windowStartMs >= 1000) {
      this.windowStartMs = now;
      this.messagesInWindow = 0;
      this.warnedThisWindow = false;
    }
    this.messagesInWindow += 1;
    return this.messagesInWindow > MAX_MESSAGES_PER_SECOND;
  }
}

/** Records an event at `nowMs` and returns how many fell within the last FLOOD_WINDOW_MS. */
function countWithin(timesMs: number[], nowMs: number): number {
  timesMs.push(nowMs);
  while (timesMs.length > 0 && nowMs - timesMs[0] >= FLOOD_WINDOW_MS) timesMs.shift();
  return timesMs.length;
}
