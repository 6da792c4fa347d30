import type { Socket } from 'node:dgram';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * The native fan-out (native/srtp_fanout.c, built at install by native/build.mjs): SRTP
 * (AES-128-CTR and HMAC-SHA1 from the OpenSSL inside Node) and sendmmsg(2) for every viewer's copy
 * of a packet in one call. Optional: where it was not built (no compiler, not Linux, or
 * SFU_NATIVE_FANOUT=off) the SFU forwards on the JavaScript fast path and says why once.
 */

/** What native/srtp_fanout.c exports (see the comments there). */
export interface SrtpFanoutAddon {
  /** Ints per staging row: route id, sequence number, timestamp, rollover counter, status (written back). */
  readonly ROW_INTS: number;
  createSession(encryptionKey: Uint8Array, salt: Uint8Array, authKey: Uint8Array): NativeHandle;
  /** Duplicates a UDP socket's descriptor; throws for anything that is not an IPv4/IPv6 datagram socket. */
  openSocket(fd: number): NativeHandle;
  /** Closes the duplicate; routes on it skip their rows from then on. Idempotent. */
  closeSocket(socket: NativeHandle): void;
  /** A destination with its header template; returns the id rows name it by. */
  createRoute(
    session: NativeHandle,
    socket: NativeHandle,
    host: string,
    port: number,
    ssrc: number,
    payloadType: number,
    extension: Uint8Array | null,
  ): number;
  releaseRoute(id: number): void;
  setRows(rows: Int32Array): void;
  /** Writes, encrypts and sends one datagram per staged row; returns how many rows were not sent. */
  fanout(payload: Uint8Array, paddingBytes: number, marker: number, rowCount: number): number;
  /** Doubles per copy in the copy table (CopyTable.ts `COPY`). */
  readonly COPY_FIELDS: number;
  /** History entries per copy, and ints per entry (CopyTable.ts `HISTORY`). */
  readonly HISTORY_SIZE: number;
  readonly HISTORY_INTS: number;
  /** The copy table, each copy's history, and where fanoutStream writes a status per copy it was given. */
  setCopyTables(table: Float64Array, history: Int32Array, statuses: Int32Array): void;
  /**
   * One packet to the first `count` copies of `copies`: werift's books kept in each copy's row, then
   * written, encrypted and sent; returns how many copies were not sent (their statuses say why).
   */
  fanoutStream(
    copies: Int32Array,
    count: number,
    payload: Uint8Array,
    paddingBytes: number,
    marker: number,
    sequenceNumber: number,
    timestamp: number,
    ntpSeconds: number,
    ntpFraction: number,
    meterBytes: number,
    streamId: number,
    packetIndex: number,
  ): number;
  /**
   * SRTCP-protects a compound RTCP packet with `session` (the SRTCP session keys) and SRTCP index
   * `srtcpIndex`, and sends it on route `routeId`'s socket to its destination; returns a ROW_STATUS.
   */
  sendRtcp(routeId: number, session: NativeHandle, compound: Uint8Array, srtcpIndex: number): number;
  stats(): NativeFanoutStats;
  /** A receiving SRTP context (the remote side's session keys) with its per-SSRC rollover and replay state. */
  createReceiver(encryptionKey: Uint8Array, salt: Uint8Array, authKey: Uint8Array): NativeHandle;
  /** Carries werift's rollover state for an SSRC over (packets werift decrypted before). */
  seedReceiver(receiver: NativeHandle, ssrc: number, rolloverCounter: number, lastSequenceNumber: number): void;
  /**
   * Authenticates and decrypts an SRTP packet in place; returns its RTP length, or a negative
   * refusal (-1 malformed, -2 authentication failed, -3 replayed, -4 too many SSRCs) and changes nothing.
   */
  unprotectRtp(receiver: NativeHandle, packet: Uint8Array): number;
}

/** An opaque native object (a napi External); freed when garbage collected. */
export type NativeHandle = { readonly __native: unique symbol };

export interface NativeFanoutStats {
  sent: number;
  /** Rows whose route was released or whose socket was closed. */
  noRoute: number;
  tooBig: number;
  /** Datagrams the kernel had no room for (EAGAIN, ENOBUFS): dropped and counted. */
  busy: number;
  /** Datagrams the kernel refused for another reason. */
  refused: number;
  cryptoFailed: number;
  /** sendmmsg calls made. */
  syscalls: number;
  routes: number;
}

/** The status fanout() writes into a row's fifth int (native/srtp_fanout.c RowStatus). */
export const ROW_STATUS = { sent: 0, noRoute: 1, tooBig: 2, busy: 3, refused: 4, cryptoFailed: 5, unarmed: 6 } as const;

/** Where native/build.mjs puts the addon. */
export const NATIVE_ADDON_PATH = fileURLToPath(new URL('../../../native/build/Release/srtp_fanout.node', import.meta.url));

export type NativeFanoutAvailability = { addon: SrtpFanoutAddon; reason: null } | { addon: null; reason: string };

let availability: NativeFanoutAvailability | null = null;

/** The addon, loaded once; or why the SFU forwards without it. */
export function nativeFanout(): NativeFanoutAvailability {
  availability ??= load();
  return availability;
}

function load(): NativeFanoutAvailability {
  const setting = process.env.SFU_NATIVE_FANOUT;
  if (setting === 'off' || setting === '0') return { addon: null, reason: 'SFU_NATIVE_FANOUT is off' };
  if (process.platform !== 'linux') return { addon: null, reason: `the native fan-out is built for Linux only (this is ${process.platform})` };
  if (!existsSync(NATIVE_ADDON_PATH)) return { addon: null, reason: `it was not built: ${buildOutcome() ?? 'npm run build:native builds it, or says why not'}` };
  try {
    const addon = createRequire(import.meta.url)(NATIVE_ADDON_PATH) as SrtpFanoutAddon;
    if (typeof addon.unprotectRtp !== 'function' || addon.ROW_INTS !== 5 || addon.COPY_FIELDS !== 24) return { addon: null, reason: 'srtp_fanout.node is not the version this server expects' };
    return { addon, reason: null };
  } catch (error) {
    return { addon: null, reason: `srtp_fanout.node did not load: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Why native/build.mjs did not build the addon, as it wrote in native/build/status.json. */
function buildOutcome(): string | null {
  try {
    const status = JSON.parse(readFileSync(fileURLToPath(new URL('../../../native/build/status.json', import.meta.url)), 'utf8')) as { reason?: unknown };
    return typeof status.reason === 'string' ? status.reason : null;
  } catch {
    return null;
  }
}

/** One line for the server's log at start: which path forwarded packets leave on, and why. */
export function forwardingSummary(): string {
  const { reason } = nativeFanout();
  return reason === null
    ? 'SFU forwarding: native fan-out (SRTP and sendmmsg in native/srtp_fanout.c)'
    : `SFU forwarding: JavaScript fast path; native fan-out not used: ${reason}`;
}

/**
 * The descriptor of a bound node:dgram socket, or null. node:dgram keeps its handle under a symbol
 * (Socket.prototype._handle is deprecated, DEP0112); on Linux the handle's `fd` is the socket's.
 */
export function socketDescriptor(socket: Socket): number | null {
  const state = Object.getOwnPropertySymbols(socket).find((symbol) => symbol.description === 'state symbol');
  const fd = (state ? (socket as unknown as Record<symbol, { handle?: { fd?: unknown } | null }>)[state]?.handle?.fd : undefined) ?? null;
  return typeof fd === 'number' && fd >= 0 ? fd : null;
}
