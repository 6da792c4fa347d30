import type { ServerMessage } from '@/lib/protocol/messages';
import type { DispatchFrame, InvalidReason } from '@/lib/protocol/gateway';
import { Actor } from './Actor';
import { MAX_SESSION_BUFFERED_BYTES } from '../limits';

/** The parts of a /ws connection a session writes to (server/ws/Connection in the app; a fake in tests). */
export interface SessionLink {
  readonly id: string;
  send(message: ServerMessage): void;
  /** Bytes the socket has queued but not yet written. */
  readonly bufferedBytes: number;
  close(code: number, reason: string): void;
}

/** Counts down as sessions write one fan-out; the last one records when the fan-out finished. */
export interface FanoutTrace {
  startedNs: bigint;
  remaining: number;
  sessions: number;
  finish: (microseconds: number, sessions: number) => void;
}

export type SessionMessage =
  /** One event to write, in guild order. */
  | { kind: 'deliver'; frame: DispatchFrame; trace?: FanoutTrace }
  /** Write these frames, in order (READY or a replay, then RESUMED). */
  | { kind: 'catch-up'; frames: DispatchFrame[] }
  | { kind: 'hello'; heartbeatIntervalMs: number }
  | { kind: 'heartbeat-ack' }
  /** The connection is gone or useless: stop writing to it. `notify` sends Reconnect (op 7) first, then closes it. */
  | { kind: 'drop'; notify: boolean }
  /** A resumed connection: write to it from here, starting after `writtenSeq` (what the client says it has). */
  | { kind: 'attach'; link: SessionLink; writtenSeq: number }
  | { kind: 'invalid'; reason: InvalidReason; resumable: boolean };

export interface SessionEvents {
  /** The socket queued more than MAX_SESSION_BUFFERED_BYTES: the guild should drop this session's link. */
  slow: [];
}

/**
 * One follower's session process: it owns the follower's connection and writes the guild's events down
 * it in sequence order, never the same `s` twice. Its state (the link and the last `s` it wrote) can be
 * lost in a crash; the guild keeps what it takes to start a new one (session id, link, last acknowledged
 * sequence) and replays its log from there.
 */
export class SessionProcess extends Actor<SessionMessage> {
  private link: SessionLink | null;
  private lastWrittenSeq: number;
  private slowReported = false;

  constructor(
    readonly sessionId: string,
    link: SessionLink | null,
    /** Frames up to this sequence number are already with the client. */
    writtenSeq: number,
    private readonly onSlow: () => void = () => {},
  ) {
    super();
    this.link = link;
    this.lastWrittenSeq = writtenSeq;
  }

  get attached(): boolean {
    return this.link !== null;
  }

  /** The last sequence number written to the client. */
  get writtenSeq(): number {
    return this.lastWrittenSeq;
  }

  protected receive(message: SessionMessage): void {
    switch (message.kind) {
      case 'deliver':
        this.write(message.frame);
        if (message.trace) this.traced(message.trace);
        return;
      case 'catch-up':
        for (const frame of message.frames) this.write(frame);
        return;
      case 'hello':
        this.link?.send({ type: 'gateway', op: 10, d: { heartbeatIntervalMs: message.heartbeatIntervalMs } });
        return;
      case 'heartbeat-ack':
        this.link?.send({ type: 'gateway', op: 11, d: null });
        return;
      case 'invalid':
        this.link?.send({ type: 'gateway', op: 9, d: { resumable: message.resumable, reason: message.reason } });
        return;
      case 'attach':
        this.link = message.link;
        this.lastWrittenSeq = message.writtenSeq;
        this.slowReported = false;
        return;
      case 'drop': {
        const link = this.link;
        this.link = null;
        if (link && message.notify) {
          link.send({ type: 'gateway', op: 7, d: null });
          link.close(4000, 'reconnect and resume');
        }
        return;
      }
    }
  }

  protected terminate(): void {
    this.link = null;
  }

  private write(frame: DispatchFrame): void {
    // READY and RESUMED restart the count for a (re)attached client; everything else is written once, in order.
    const control = frame.t === 'READY' || frame.t === 'RESUMED';
    if (!this.link || (!control && frame.s <= this.lastWrittenSeq)) return;
    this.link.send(frame);
    this.lastWrittenSeq = Math.max(this.lastWrittenSeq, frame.s);
    if (!this.slowReported && this.link.bufferedBytes > MAX_SESSION_BUFFERED_BYTES) {
      this.slowReported = true;
      this.onSlow();
    }
  }

  private traced(trace: FanoutTrace): void {
    trace.remaining -= 1;
    if (trace.remaining === 0) trace.finish(Number(process.hrtime.bigint() - trace.startedNs) / 1000, trace.sessions);
  }
}
