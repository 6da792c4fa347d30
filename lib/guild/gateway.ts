/**
 * The rules of a Discord-style gateway session, as pure functions: the opcodes, the ordered event log a
 * guild keeps so a dropped session can resume, and the heartbeat verdict. The class follow service
 * (server/follow) runs on these, and the gateway chapter draws them.
 *
 * From Discord's Gateway documentation (source "discord-gateway-docs"): every payload is
 * `{ op, d, s, t }`; the server's Hello (op 10) carries `heartbeat_interval`; the client heartbeats
 * (op 1) with the last sequence number it saw and the server acknowledges (op 11); a client that gets no
 * acknowledgement between two heartbeats treats the connection as dead, reconnects and sends Resume
 * (op 6) with its session id and last sequence, and the server replays what it missed; when that is no
 * longer possible the server answers Invalid Session (op 9) and the client identifies (op 2) afresh.
 */

/** Gateway opcodes this project speaks, with Discord's numbers and names. */
export const GATEWAY_OPCODES = {
  DISPATCH: 0,
  HEARTBEAT: 1,
  IDENTIFY: 2,
  RESUME: 6,
  RECONNECT: 7,
  INVALID_SESSION: 9,
  HELLO: 10,
  HEARTBEAT_ACK: 11,
} as const;
export type GatewayOpName = keyof typeof GATEWAY_OPCODES;
export type GatewayOp = (typeof GATEWAY_OPCODES)[GatewayOpName];

const OP_NAMES = Object.fromEntries(Object.entries(GATEWAY_OPCODES).map(([name, op]) => [op, name])) as Record<GatewayOp, GatewayOpName>;

/** "HEARTBEAT_ACK" for 11. */
export function gatewayOpName(op: GatewayOp): GatewayOpName {
  return OP_NAMES[op];
}

/** One event as a guild numbered it: `s` grows by one per event, starting at 1. */
export interface Sequenced<E> {
  s: number;
  event: E;
}

/**
 * A guild's ordered log: the last `capacity` events with their sequence numbers. Bounded, so a guild's
 * memory does not grow with its age; a session that fell further behind than the log reaches cannot
 * resume and gets a fresh snapshot instead.
 */
export interface EventLog<E> {
  readonly capacity: number;
  /** Sequence number the next event will get. */
  readonly nextSeq: number;
  /** Oldest first. */
  readonly entries: readonly Sequenced<E>[];
}

export function emptyLog<E>(capacity: number): EventLog<E> {
  if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a whole number >= 1, got ${capacity}`);
  return { capacity, nextSeq: 1, entries: [] };
}

/** The log with `event` appended under the next sequence number, dropping the oldest past capacity. */
export function appendEvent<E>(log: EventLog<E>, event: E): { log: EventLog<E>; entry: Sequenced<E> } {
  const entry = { s: log.nextSeq, event };
  const kept = log.entries.length >= log.capacity ? log.entries.slice(log.entries.length - log.capacity + 1) : log.entries;
  return { log: { capacity: log.capacity, nextSeq: log.nextSeq + 1, entries: [...kept, entry] }, entry };
}

/** The last sequence number handed out (0 before the first event). */
export function lastSeq(log: EventLog<unknown>): number {
  return log.nextSeq - 1;
}

export type ReplayDecision<E> =
  /** Everything after `seq`, in order (possibly nothing). */
  | { kind: 'replay'; entries: Sequenced<E>[] }
  /** The log no longer holds the event right after `seq`: the session needs a fresh snapshot. */
  | { kind: 'too-old' }
  /** `seq` is past anything this guild ever sent: the client is confused or lying. */
  | { kind: 'unknown-seq' };

/** What a session that last saw `seq` must be sent to catch up. */
export function replayAfter<E>(log: EventLog<E>, seq: number): ReplayDecision<E> {
  if (!Number.isInteger(seq) || seq < 0 || seq > lastSeq(log)) return { kind: 'unknown-seq' };
  if (seq === lastSeq(log)) return { kind: 'replay', entries: [] };
  const oldest = log.entries[0]?.s ?? log.nextSeq;
  if (seq + 1 < oldest) return { kind: 'too-old' };
  return { kind: 'replay', entries: log.entries.filter((entry) => entry.s > seq) };
}

/**
 * How late a heartbeat may be before the server gives up on the session, as a multiple of the interval.
 * Discord's documentation does not publish its server-side tolerance; one and a half intervals lets a
 * client whose timer fired a little late keep its session.
 */
export const HEARTBEAT_TOLERANCE = 1.5;

/** True when the last heartbeat is too old: the session is a zombie and its connection should be dropped. */
export function heartbeatExpired(lastHeartbeatMs: number, nowMs: number, intervalMs: number): boolean {
  return nowMs - lastHeartbeatMs > intervalMs * HEARTBEAT_TOLERANCE;
}

/** When the client sends its first heartbeat: the interval times a jitter in [0, 1), so reconnects spread out. */
export function firstHeartbeatDelayMs(intervalMs: number, jitter: number): number {
  return Math.floor(intervalMs * Math.min(Math.max(jitter, 0), 1));
}

/**
 * The client's side of the heartbeat: it sends one, and if the next is due before an acknowledgement came
 * back, the connection is dead even if the socket looks open ("zombied"), so it reconnects and resumes.
 */
export interface HeartbeatClock {
  /** A heartbeat is out and not yet acknowledged. */
  awaitingAck: boolean;
}

export type HeartbeatAction = 'send' | 'reconnect';

export function heartbeatDue(clock: HeartbeatClock): { clock: HeartbeatClock; action: HeartbeatAction } {
  if (clock.awaitingAck) return { clock, action: 'reconnect' };
  return { clock: { awaitingAck: true }, action: 'send' };
}

export function heartbeatAcked(): HeartbeatClock {
  return { awaitingAck: false };
}
