import { EventEmitter } from 'node:events';
import type { RawData } from 'ws';
import { FLOOD_WINDOW_MS_PEERJS, MAX_PEERJS_MESSAGE_BYTES, MAX_PEERJS_REJECTED_MESSAGES, PEERJS_MESSAGES_PER_SECOND } from '../limits';
import type { Logger } from '../log';
import { peerjsClientMessage, peerjsError, type PeerjsClientMessage } from './peerjsMessages';

/**
 * One client of the PeerServer, as the `peer` package sees it: something with `send`, `close` and
 * 'message', 'close' and 'error' events, like a `ws` socket. Between the real socket and the package it
 * checks every frame: text only, at most MAX_PEERJS_MESSAGE_BYTES, at most PEERJS_MESSAGES_PER_SECOND,
 * JSON of one of the client messages peerjs sends (peerjsMessages.ts), and, through `admit`, a destination
 * the sender may reach. A refused frame gets an ERROR and goes no further; a client that keeps sending
 * them, or keeps flooding, is closed with 1008. The package then only ever parses valid messages, which
 * matters: it reports a message it cannot handle as an 'error' event on the express app.
 *
 * The far end is a `ws` socket (a browser) or, for the server's own bots, an in-process channel that
 * carries the same text frames (`LocalPeerjsChannel`).
 */

/** The far end: a `ws` WebSocket, or anything that carries text frames the same way. */
export interface PeerjsTransport {
  send(text: string): void;
  close(code?: number, reason?: string): void;
  on(event: 'message', listener: (data: RawData | string, isBinary: boolean) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  readonly bufferedAmount?: number;
}

export interface PeerjsSocketEvents {
  message: [text: string];
  close: [];
  error: [Error];
}

/**
 * Asked for every relayed message: may this client send it to `dst`? null lets it through; `refuse` says
 * why not (an ERROR); `unavailable` answers as the PeerServer does for a peer that is not there (EXPIRE),
 * which a peerjs client reports as "Could not connect to peer" and survives.
 */
export type AdmitMessage = (message: PeerjsClientMessage) => { refuse: string } | { unavailable: string } | null;

export const CLOSE_POLICY_VIOLATION = 1008;
/** A client further behind than this (bytes queued to it) gets no more relayed messages until it drains. */
export const MAX_PEERJS_BUFFERED_BYTES = 1024 * 1024;

export class PeerjsSocket extends EventEmitter<PeerjsSocketEvents> {
  private windowStartMs = -Infinity;
  private inWindow = 0;
  private warned = false;
  private readonly rejectionsAtMs: number[] = [];
  private readonly warningsAtMs: number[] = [];
  private closed = false;
  /** Messages dropped because this client was too far behind. */
  droppedForBacklog = 0;

  constructor(
    private readonly transport: PeerjsTransport,
    readonly id: string,
    readonly address: string,
    private readonly admit: AdmitMessage,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {
    super();
    transport.on('message', (data, isBinary) => this.receive(data, isBinary));
    transport.on('close', () => this.onClosed());
    transport.on('error', (error) => this.log.warn('peerjs socket error', { id, error: String(error) }));
  }

  /** What the `peer` package sends this client. */
  send(text: string): void {
    if (this.closed) return;
    if ((this.transport.bufferedAmount ?? 0) > MAX_PEERJS_BUFFERED_BYTES) {
      this.droppedForBacklog += 1;
      return;
    }
    this.transport.send(text);
  }

  /** Idempotent. */
  close(code = 1000, reason = ''): void {
    if (this.closed) return;
    this.transport.close(code, reason);
    this.onClosed();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private onClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.emit('close');
    this.removeAllListeners('message');
  }

  private receive(data: RawData | string, isBinary: boolean): void {
    if (this.closed) return;
    if (this.overRate()) return;
    if (isBinary) return this.reject('Binary frames are not part of the PeerServer protocol; send JSON text.');
    const text = typeof data === 'string' ? data : Buffer.isBuffer(data) ? data.toString() : Array.isArray(data) ? Buffer.concat(data).toString() : Buffer.from(data).toString();
    if (Buffer.byteLength(text) > MAX_PEERJS_MESSAGE_BYTES) return this.reject(`Messages are limited to ${MAX_PEERJS_MESSAGE_BYTES} bytes.`);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return this.reject('The message is not valid JSON.');
    }
    const parsed = peerjsClientMessage.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` at "${issue.path.join('.')}"` : '';
      return this.reject(`Invalid message${where}: ${issue?.message ?? 'unknown problem'}.`);
    }
    const verdict = this.admit(parsed.data);
    if (verdict && 'refuse' in verdict) return this.reject(verdict.refuse);
    if (verdict) {
      this.transport.send(JSON.stringify({ type: 'EXPIRE', src: verdict.unavailable, dst: this.id }));
      return;
    }
    // Only the fields the package relays; `src` is stamped by the package from the socket's own id.
    this.emit('message', JSON.stringify(parsed.data));
  }

  private reject(message: string): void {
    this.log.warn('rejected peerjs message', { id: this.id, address: this.address, message });
    this.transport.send(peerjsError(message));
    if (countWithin(this.rejectionsAtMs, this.now()) > MAX_PEERJS_REJECTED_MESSAGES) {
      this.closeForFlooding(`More than ${MAX_PEERJS_REJECTED_MESSAGES} refused messages in ${FLOOD_WINDOW_MS_PEERJS / 1000} s.`);
    }
  }

  /** Over the rate: messages are dropped unread, one warning a second; still at it after three, closed. */
  private overRate(): boolean {
    const now = this.now();
    if (now - this.windowStartMs >= 1000) {
      this.windowStartMs = now;
      this.inWindow = 0;
      this.warned = false;
    }
    this.inWindow += 1;
    if (this.inWindow <= PEERJS_MESSAGES_PER_SECOND) return false;
    if (!this.warned) {
      this.warned = true;
      if (countWithin(this.warningsAtMs, now) > 3) {
        this.closeForFlooding(`Still over ${PEERJS_MESSAGES_PER_SECOND} messages a second after 3 warnings.`);
      } else {
        this.log.warn('rate-limited peerjs socket', { id: this.id, address: this.address });
        this.transport.send(peerjsError(`More than ${PEERJS_MESSAGES_PER_SECOND} messages a second; the rest of this second's are dropped.`));
      }
    }
    return true;
  }

  private closeForFlooding(message: string): void {
    this.log.warn('closed a flooding peerjs socket', { id: this.id, address: this.address, message });
    this.transport.send(peerjsError(`${message} Closing this connection.`));
    this.close(CLOSE_POLICY_VIOLATION, 'flooding');
  }
}

/** Records an event at `nowMs` and returns how many fell within the flood window. */
function countWithin(timesMs: number[], nowMs: number): number {
  timesMs.push(nowMs);
  while (timesMs.length > 0 && nowMs - timesMs[0] >= FLOOD_WINDOW_MS_PEERJS) timesMs.shift();
  return timesMs.length;
}
