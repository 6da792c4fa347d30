import type { Socket } from 'node:dgram';
import { ntpTime, ProtectionProfileAes128CmHmacSha1_80, RTP_EXTENSION_URI, type RTCRtpSender, type RtpPacket } from 'werift';
import type { RtpSink } from '../Subscriber';
import { RangeViews } from './RangeViews';
import { SRTP_AUTH_TAG_BYTES, SRTP_HEADROOM_BYTES, SrtpAesCmProtector } from './SrtpAesCmProtector';
import type { ForwardingCounters } from './ForwardingCounters';
import { FanoutBatch, type FanoutRowOwner } from './FanoutBatch';
import { COPY, CopyTable, HISTORY, type RolloverState } from './CopyTable';
import { StreamFanout } from './StreamFanout';
import { SenderReports, type NativeRtcpSender, type ReportingSender } from './SenderReports';
import { nativeFanout, ROW_STATUS, socketDescriptor, type NativeHandle, type SrtpFanoutAddon } from './nativeAddon';

/**
 * The forwarding fast path for one werift sender (one sendonly track on a viewer's subscribe
 * connection). werift's `sendRtp` clones the packet, rebuilds and re-serializes its header, allocates
 * new buffers for SRTP and goes through `node:dgram`'s address lookup, for every packet and every
 * viewer. Here the packet is written straight into one reused buffer: the header from a template
 * with SSRC, sequence number, timestamp, marker and payload type filled in, the payload encrypted
 * while it is copied (SrtpAesCmProtector, with the session keys werift derived from DTLS), and the
 * datagram goes out on the ICE pair's own socket, sent before `send` returns (the werift patch
 * answers node:dgram's address lookup at once for IP literals), so the buffer is free again.
 *
 * Where the native fan-out is built (nativeAddon.ts), the writing, encrypting and sending are done
 * there instead: this class keeps the books and stages a row (route, sequence number, timestamp,
 * rollover counter) in the FanoutBatch, which hands every viewer's row of a packet to native code in
 * one call. The route (session keys, socket, destination, header template) is built from the same
 * werift state as the JavaScript path's template and rebuilt whenever that changes.
 *
 * werift keeps everything else: ICE, DTLS, negotiation and RTCP. The state both paths share lives
 * in werift's sender (sequence and timestamp offsets, the continuity flag `replaceRTP` sets, the
 * counters its sender reports carry) and in werift's SRTP context (the rollover counter), so either
 * path can send the next packet and a sender report counts every packet that left. When this
 * path cannot take a packet (another SRTP profile, a TCP or relayed pair, a header extension it does
 * not write), werift's `sendRtp` sends it and `counters.weriftPackets` says so.
 */

/** werift's sender fields the fast path shares (werift 0.25.2, lib/index.mjs `RTCRtpSender`). */
interface SenderInternals {
  ssrc: number;
  mid?: string;
  rtpStreamId?: string;
  repairedRtpStreamId?: string;
  codec?: { payloadType: number };
  headerExtensions: { id: number; uri: string }[];
  redRedundantPayloadType?: number;
  stopped: boolean;
  dtlsTransport?: DtlsInternals;
  // RTP continuity, as dispatchRtp and replaceRTP keep it.
  sequenceNumber?: number;
  timestamp?: number;
  seqOffset: number;
  timestampOffset: number;
  rtpContinuityPending: boolean;
  pendingTimestampStep: number;
  // What the sender reports (RTCP SR) and getStats count.
  ntpTimestamp: bigint;
  rtpTimestamp: number;
  octetCount: number;
  packetCount: number;
  headerBytesSent: number;
  retransmittedPacketsSent: number;
  retransmittedBytesSent: number;
  rtcpRunning: boolean;
}

interface SrtpContextInternals {
  profile: number;
  srtpSessionKey: Buffer;
  srtpSessionSalt: Buffer;
  srtpSessionAuthTag: Buffer;
  getSrtpSsrcState(ssrc: number): RolloverState;
  updateRolloverCount(sequenceNumber: number, state: RolloverState): void;
}

/** werift's SRTCP context (SrtcpContext): the SRTCP session keys and the index per SSRC. */
interface SrtcpContextInternals {
  profile: number;
  srtcpSessionKey: Buffer;
  srtcpSessionSalt: Buffer;
  srtcpSessionAuthTag: Buffer;
  getSrtcpSsrcState(ssrc: number): { srtcpIndex: number };
}

interface UdpTransportInternals {
  type: string;
  socket: Socket;
  /** Set by the werift patch: IP destinations resolve at once, so a send is done when `send` returns. */
  sendsSynchronously?: boolean;
}

interface CandidatePairInternals {
  remoteAddr: [string, number];
  protocol: { type: string; transport?: UdpTransportInternals };
  packetsSent: number;
  bytesSent: number;
}

interface DtlsInternals {
  state: string;
  srtp?: { localContext: SrtpContextInternals };
  srtcp?: { localContext: SrtcpContextInternals };
  bytesSent: number;
  packetsSent: number;
  onStateChange?: { subscribe(listener: (state: string) => void): { unSubscribe(): void } };
  iceTransport: { connection: { nominated?: CandidatePairInternals; canSendApplicationData(): boolean } };
}

/** Packets kept for retransmission on a NACK, as werift keeps them (RTP_HISTORY_SIZE). */
const HISTORY_SIZE = 128;
/** The largest packet this path writes; anything bigger goes through werift. */
const MAX_PACKET_BYTES = 2048;
/** The largest payload (with padding) that fits MAX_PACKET_BYTES with a header and the tag. */
const MAX_PAYLOAD_BYTES = MAX_PACKET_BYTES - 12 - 64 - SRTP_AUTH_TAG_BYTES;

/**
 * The buffers every fast sender shares. With the patched lookup a send completes before `send`
 * returns (node:dgram tries it at once and only queues it when the socket's buffer is full, which
 * `getSendQueueCount` reveals), so one buffer serves every packet in turn.
 */
let outBuffer = Buffer.alloc(SRTP_HEADROOM_BYTES + MAX_PACKET_BYTES + SRTP_AUTH_TAG_BYTES);
const datagrams = new RangeViews();
/**
 * The current incoming packet's payload (and padding), copied once to a 4-byte boundary for the
 * word-wise XOR, and the NTP time it is forwarded at (sender reports pair it with its RTP timestamp).
 */
let sourcePacket: RtpPacket | null = null;
let sourceLength = 0;
const sourceBuffer = Buffer.alloc(MAX_PACKET_BYTES);
let ntpPacket: RtpPacket | null = null;
let ntpOfPacket = 0n;

/** The NTP time a packet is forwarded at, read once for all its viewers. */
function packetNtpTime(packet: RtpPacket): bigint {
  if (packet !== ntpPacket) {
    ntpPacket = packet;
    ntpOfPacket = coarseNtpTime();
  }
  return ntpOfPacket;
}

function batchFor(addon: SrtpFanoutAddon): FanoutBatch {
  nativeBatch ??= new FanoutBatch(addon);
  return nativeBatch;
}

function payloadSource(packet: RtpPacket): number {
  if (packet === sourcePacket) return sourceLength;
  const { payload, header } = packet;
  const padding = header.padding ? header.paddingSize : 0;
  const length = payload.length + padding;
  if (length > sourceBuffer.length) return -1;
  sourceBuffer.set(payload, 0);
  if (padding > 0) {
    sourceBuffer.fill(0, payload.length, length);
    sourceBuffer[length - 1] = padding;
  }
  sourcePacket = packet;
  sourceLength = length;
  return length;
}

/** werift's NTP timestamp of now, read at most once a millisecond (it formats a string each time). */
let ntpReadAtMs = -Infinity;
let ntpNow = 0n;
function coarseNtpTime(): bigint {
  const nowMs = performance.now();
  if (nowMs - ntpReadAtMs >= 1) {
    ntpReadAtMs = nowMs;
    ntpNow = ntpTime();
  }
  return ntpNow;
}

/** The fast path's senders' RTCP sender reports: one compound packet per connection (SenderReports). */
const senderReports = new SenderReports();

/** One protector per SRTP context: every track of a bundled connection shares it. */
const protectors = new WeakMap<SrtpContextInternals, SrtpAesCmProtector>();
const fastSenders = new WeakMap<RTCRtpSender, FastRtpSender>();

/** The native fan-out, when built: one session per SRTP context, one socket per UDP socket, one batch. */
const native: SrtpFanoutAddon | null = nativeFanout().addon;
const nativeSessions = new WeakMap<SrtpContextInternals, NativeHandle>();
const nativeSockets = new WeakMap<Socket, NativeHandle>();
const nativeRtcpSessions = new WeakMap<SrtcpContextInternals, NativeHandle>();
let nativeBatch: FanoutBatch | null = null;
/** werift's books per copy (CopyTable) and the per-packet fan-out that keeps them (StreamFanout). */
let copyTable: CopyTable | null = null;
let streamFanout: StreamFanout | null = null;
function streamFor(addon: SrtpFanoutAddon): { table: CopyTable; fanout: StreamFanout } {
  copyTable ??= new CopyTable(addon);
  streamFanout ??= new StreamFanout(addon, copyTable);
  return { table: copyTable, fanout: streamFanout };
}
/** Round 2's native fan-out (books in JavaScript, one row per copy) instead of round 3's, to compare in bench:sfu. */
const perRowOnly = process.env.SFU_NATIVE_BOOKS === 'off';
/**
 * A member of a stream's route table (StreamRoute) goes back through the full checks of `send` after
 * this many packets, so a change werift makes without telling (an ICE pair, a closed connection) is
 * noticed within a fraction of a second.
 */
const RECHECK_PACKETS = 64;
/** The transport's byte and packet counters are brought up to date after this many native sends per copy. */
const SETTLE_EVERY_PACKETS = 256;
/** A copy's row, given back (and werift's SRTP state its fields) when its sender is collected. */
interface CopyHold {
  id: number;
  rollover: RolloverState | null;
}
const nativeCopies = new FinalizationRegistry<CopyHold>((copy) => {
  if (!copyTable) return;
  if (copy.rollover) copyTable.releaseRolloverState(copy.rollover, copy.id);
  copyTable.release(copy.id);
});
/** Routes of fast senders that were garbage collected. */
const nativeRoutes = new FinalizationRegistry<{ id: number }>((route) => {
  if (route.id > 0) native?.releaseRoute(route.id);
});

/** The native session for an SRTP context (the keys werift derived from DTLS). */
function nativeSessionFor(addon: SrtpFanoutAddon, context: SrtpContextInternals): NativeHandle {
  let session = nativeSessions.get(context);
  if (!session) {
    session = addon.createSession(context.srtpSessionKey, context.srtpSessionSalt, context.srtpSessionAuthTag);
    nativeSessions.set(context, session);
  }
  return session;
}

/** The native copy of a UDP socket (a dup of its descriptor), closed when the socket closes. */
function nativeSocketFor(addon: SrtpFanoutAddon, socket: Socket): NativeHandle | null {
  let handle = nativeSockets.get(socket);
  if (handle) return handle;
  const fd = socketDescriptor(socket);
  if (fd === null) return null;
  handle = addon.openSocket(fd);
  const opened = handle;
  socket.once('close', () => addon.closeSocket(opened));
  nativeSockets.set(socket, handle);
  return handle;
}

export class FastRtpSender implements RtpSink, FanoutRowOwner, NativeRtcpSender {
  private readonly internals: SenderInternals;
  // What the packet template and protector were built for; rebuilt when werift's objects change.
  private boundContext: SrtpContextInternals | null = null;
  private protector: SrtpAesCmProtector | null = null;
  private rolloverState: RolloverState | null = null;
  private boundExtensions: unknown = null;
  private boundCodec: unknown = null;
  private boundMid: string | undefined = undefined;
  private boundSsrc = -1;
  /** The header after SSRC: the extension block, or null for none. */
  private extensionTemplate: Buffer | null = null;
  /** False when the negotiated extensions include one this path does not write. */
  private templateWritable = true;
  private headerLength = 12;
  private boundPair: CandidatePairInternals | null = null;
  private socket: Socket | null = null;
  private readonly historyPackets: (RtpPacket | undefined)[] = new Array(HISTORY_SIZE);
  private readonly historySequence = new Int32Array(HISTORY_SIZE).fill(-1);
  private readonly historyTimestamp = new Uint32Array(HISTORY_SIZE);
  private readonly historyRollover = new Uint32Array(HISTORY_SIZE);
  /** The native fan-out, when built and wanted. */
  private readonly native: SrtpFanoutAddon | null;
  /** The native route this sender's rows name (0: none yet); released when the sender is collected. */
  private readonly nativeRoute = { id: 0 };
  /** The native route could not be built for the current binding: send on the JavaScript path. */
  private nativeRefused = false;
  /** This sender's row of werift's books in the copy table (native fan-out only). */
  private readonly copy: CopyHold | null = null;
  /** The last packet went out natively and nothing werift-side changed since: a route table may send the next. */
  private armed = false;
  /** Packets a route table may still send before the next full check. */
  private checkIn = 0;
  private watchedDtls: DtlsInternals | null = null;
  private dtlsWatch: { unSubscribe(): void } | null = null;

  /**
   * The fast sender for a werift sender; one per sender, so its NACK history outlives a subscription.
   * `useNative`: send through the native fan-out where it is built (false: always the JavaScript path).
   */
  static for(sender: RTCRtpSender, counters: ForwardingCounters, useNative = true): FastRtpSender {
    let fast = fastSenders.get(sender);
    if (!fast) {
      fast = new FastRtpSender(sender, counters, useNative);
      fastSenders.set(sender, fast);
    }
    return fast;
  }

  private constructor(
    private readonly sender: RTCRtpSender,
    private readonly counters: ForwardingCounters,
    useNative: boolean,
  ) {
    this.internals = sender as unknown as SenderInternals;
    sender.onGenericNack.subscribe((nack) => this.retransmit(nack.lost));
    this.native = useNative ? native : null;
    if (this.native) nativeRoutes.register(this, this.nativeRoute);
    if (this.native && !perRowOnly) {
      const { table } = streamFor(this.native);
      this.copy = { id: table.allocate(), rollover: null };
      table.adoptSender(sender, this.copy.id);
      nativeCopies.register(this, this.copy);
      this.disarmOnChange(sender);
    }
  }

  /** True while a stream's route table may send this sender's copies (StreamRoute). */
  get nativeMember(): boolean {
    return this.armed;
  }

  /**
   * Stages `packet` for the native fan-out without the per-packet checks of `send`, for a member of a
   * stream's route table; false when the packet needs them (the member leaves the table and the room
   * calls `send`).
   */
  stageMember(packet: RtpPacket): boolean {
    if (!this.armed || --this.checkIn <= 0) return false;
    const header = packet.header;
    if (header.csrc.length > 0 || packet.payload.length + (header.padding ? header.paddingSize : 0) > MAX_PAYLOAD_BYTES) return false;
    streamFanout!.stage(this, packet, this.copy!.id, packetNtpTime(packet));
    this.counters.fastPackets++;
    this.counters.nativePackets++;
    return true;
  }

  /**
   * werift renegotiating (prepareSend), stopping the sender, replacing its track or DTLS transport,
   * or the DTLS transport changing state, sends the next packet through the full checks of `send`.
   */
  private disarmOnChange(sender: RTCRtpSender): void {
    const target = sender as unknown as Record<string, unknown>;
    for (const name of ['prepareSend', 'stop', 'setDtlsTransport', 'replaceTrack', 'detachTrack']) {
      const original = target[name];
      if (typeof original !== 'function') continue;
      const disarm = () => (this.armed = false);
      target[name] = function (this: unknown, ...args: unknown[]) {
        disarm();
        return (original as (...a: unknown[]) => unknown).apply(this, args);
      };
    }
  }

  private watchDtls(dtls: DtlsInternals): void {
    if (dtls === this.watchedDtls) return;
    this.dtlsWatch?.unSubscribe();
    this.watchedDtls = dtls;
    this.dtlsWatch = dtls.onStateChange?.subscribe(() => (this.armed = false)) ?? null;
  }

  markSourceChange(packet: RtpPacket): void {
    this.sender.replaceRTP(packet.header);
  }

  send(packet: RtpPacket): void {
    const s = this.internals;
    const dtls = s.dtlsTransport;
    // werift drops packets it cannot send yet (pending RTP is off), and so does this path.
    if (s.stopped || !dtls || dtls.state !== 'connected' || !s.codec) {
      this.counters.droppedPackets++;
      return;
    }
    const header = packet.header;
    const length = packet.payload.length + (header.padding ? header.paddingSize : 0);
    if (length > MAX_PAYLOAD_BYTES || header.csrc.length > 0 || !this.ready(dtls)) {
      this.sendThroughWerift(packet);
      return;
    }
    if (!dtls.iceTransport.connection.canSendApplicationData()) {
      this.counters.droppedPackets++;
      return;
    }
    const copy = this.copy;
    if (copy !== null && (this.nativeRoute.id > 0 || (!this.nativeRefused && this.bindNativeRoute()))) {
      // The native fan-out keeps this copy's books and sends it with every other viewer's copy.
      this.rolloverStateOf();
      const table = copyTable!;
      const base = copy.id * table.fields;
      table.table[base + COPY.route] = this.nativeRoute.id;
      this.watchDtls(dtls);
      this.armed = true;
      this.checkIn = RECHECK_PACKETS;
      streamFanout!.stage(this, packet, copy.id, packetNtpTime(packet));
      this.counters.fastPackets++;
      this.counters.nativePackets++;
      if (table.table[base + COPY.wirePackets] >= SETTLE_EVERY_PACKETS) this.settleTransportCounters(dtls);
      if (!s.rtcpRunning) senderReports.add(this.sender as unknown as ReportingSender, this);
      return;
    }
    if (s.rtpContinuityPending) {
      // A new source (layer switch): continue the viewer's sequence and timestamp, as werift does.
      if (s.sequenceNumber !== undefined && s.timestamp !== undefined) {
        s.seqOffset = (s.sequenceNumber + 1 - header.sequenceNumber) & 0xffff;
        s.timestampOffset = (s.timestamp + s.pendingTimestampStep - header.timestamp) >>> 0;
      }
      s.rtpContinuityPending = false;
      s.pendingTimestampStep = 1;
    }
    const sequenceNumber = (header.sequenceNumber + s.seqOffset) & 0xffff;
    const timestamp = (header.timestamp + s.timestampOffset) >>> 0;
    s.sequenceNumber = sequenceNumber;
    s.timestamp = timestamp;
    const rollover = this.rolloverStateOf();
    this.boundContext!.updateRolloverCount(sequenceNumber, rollover);
    const rolloverCounter = rollover.rolloverCounter;
    let bytes: number;
    const route = this.nativeRoute.id > 0 || (!this.nativeRefused && this.bindNativeRoute()) ? this.nativeRoute.id : 0;
    if (route > 0) {
      batchFor(this.native!).stage(this, packet, route, sequenceNumber, timestamp, rolloverCounter);
      bytes = this.headerLength + length + SRTP_AUTH_TAG_BYTES;
      this.counters.nativePackets++;
    } else {
      bytes = this.write(packet, sequenceNumber, timestamp, rolloverCounter, payloadSource(packet));
    }

    s.ntpTimestamp = packetNtpTime(packet);
    s.rtpTimestamp = timestamp;
    s.octetCount += packet.payload.length;
    s.headerBytesSent += this.headerLength;
    s.packetCount = (s.packetCount + 1) >>> 0;
    this.countSent(dtls, bytes);
    const slot = sequenceNumber & (HISTORY_SIZE - 1);
    this.historyPackets[slot] = packet;
    this.historySequence[slot] = sequenceNumber;
    this.historyTimestamp[slot] = timestamp;
    this.historyRollover[slot] = rolloverCounter;
    this.counters.fastPackets++;
    if (!s.rtcpRunning) senderReports.add(this.sender as unknown as ReportingSender);
  }

  /** A staged datagram did not leave (FanoutBatch): the kernel refused it, or the socket had closed. */
  onNotSent(status: number): void {
    if (status === ROW_STATUS.busy || status === ROW_STATUS.refused) this.counters.refusedPackets++;
    else this.counters.droppedPackets++;
  }

  /** Writes, encrypts and sends one packet; returns the bytes sent. */
  private write(packet: RtpPacket, sequenceNumber: number, timestamp: number, rolloverCounter: number, length: number): number {
    const out = outBuffer;
    const at = SRTP_HEADROOM_BYTES;
    const header = packet.header;
    const template = this.extensionTemplate;
    out[at] = 0x80 | (header.padding ? 0x20 : 0) | (template ? 0x10 : 0);
    out[at + 1] = (header.marker ? 0x80 : 0) | this.internals.codec!.payloadType;
    out.writeUInt16BE(sequenceNumber, at + 2);
    out.writeUInt32BE(timestamp, at + 4);
    out.writeUInt32BE(this.boundSsrc, at + 8);
    if (template) for (let i = 0; i < template.length; i++) out[at + 12 + i] = template[i];
    const srtpLength = this.protector!.protect(out, at, this.headerLength, sourceBuffer, length, rolloverCounter);
    const socket = this.socket!;
    const [host, port] = this.boundPair!.remoteAddr;
    socket.send(datagrams.get(out, at, srtpLength), port, host);
    // Queued instead of sent (the socket's buffer was full): that packet still needs these bytes.
    if (socket.getSendQueueCount() > 0) outBuffer = Buffer.alloc(outBuffer.length);
    return srtpLength;
  }

  private countSent(dtls: DtlsInternals, bytes: number): void {
    dtls.bytesSent += bytes;
    dtls.packetsSent++;
    const pair = this.boundPair!;
    pair.packetsSent++;
    pair.bytesSent += bytes;
  }

  /** Resends what a viewer reported lost (RFC 4585 generic NACK), as werift would from its cache. */
  private retransmit(lost: number[]): void {
    const s = this.internals;
    const dtls = s.dtlsTransport;
    if (s.stopped || !dtls || dtls.state !== 'connected' || !this.ready(dtls) || !dtls.iceTransport.connection.canSendApplicationData()) return;
    for (const sequenceNumber of lost) {
      const sent = this.sentPacket(sequenceNumber);
      if (!sent) continue;
      const { packet, timestamp, rolloverCounter } = sent;
      let bytes: number;
      const route = this.nativeRoute.id > 0 || (!this.nativeRefused && this.bindNativeRoute()) ? this.nativeRoute.id : 0;
      if (route > 0) {
        const batch = batchFor(this.native!);
        batch.stage(this, packet, route, sequenceNumber, timestamp, rolloverCounter);
        batch.flush();
        bytes = this.headerLength + packet.payload.length + (packet.header.padding ? packet.header.paddingSize : 0) + SRTP_AUTH_TAG_BYTES;
      } else {
        const length = payloadSource(packet);
        if (length < 0) continue;
        bytes = this.write(packet, sequenceNumber, timestamp, rolloverCounter, length);
      }
      s.retransmittedPacketsSent++;
      s.retransmittedBytesSent += packet.payload.length;
      s.headerBytesSent += this.headerLength;
      this.countSent(dtls, bytes);
      this.counters.retransmittedPackets++;
    }
  }

  /** What went out as `sequenceNumber`: from the native fan-out's history and source ring, or this path's own history. */
  private sentPacket(sequenceNumber: number): { packet: RtpPacket; timestamp: number; rolloverCounter: number } | null {
    const copy = this.copy;
    if (copy && copyTable && streamFanout) {
      copyTable.beforeAccess();
      const history = copyTable.history;
      const at = copyTable.historyAt(copy.id, sequenceNumber);
      if (history[at + HISTORY.sequenceNumber] === sequenceNumber) {
        const packet = streamFanout.sourcePacket(history[at + HISTORY.streamId], history[at + HISTORY.packetIndex]);
        if (packet) return { packet, timestamp: history[at + HISTORY.timestamp] >>> 0, rolloverCounter: history[at + HISTORY.rolloverCounter] >>> 0 };
      }
    }
    const slot = sequenceNumber & (HISTORY_SIZE - 1);
    const packet = this.historyPackets[slot];
    if (!packet || this.historySequence[slot] !== sequenceNumber) return null;
    return { packet, timestamp: this.historyTimestamp[slot], rolloverCounter: this.historyRollover[slot] };
  }

  private sendThroughWerift(packet: RtpPacket): void {
    this.counters.weriftPackets++;
    void this.sender.sendRtp(packet).catch(() => {});
  }

  /** True when this path can send on `dtls` now; rebinds whatever werift replaced since the last packet. */
  private ready(dtls: DtlsInternals): boolean {
    const s = this.internals;
    const context = dtls.srtp?.localContext;
    if (!context) return false;
    if (context !== this.boundContext) this.bindContext(context);
    if (!this.protector) return false;
    if (s.headerExtensions !== this.boundExtensions || s.codec !== this.boundCodec || s.mid !== this.boundMid || s.ssrc !== this.boundSsrc) {
      this.bindTemplate();
    }
    if (!this.templateWritable || s.redRedundantPayloadType !== undefined) return false;
    const pair = dtls.iceTransport.connection.nominated;
    if (pair !== this.boundPair) this.bindRoute();
    return this.socket !== null;
  }

  /**
   * Builds the native route for what is bound now (session keys, socket, destination, header
   * template). False, until the next rebinding, when the fan-out is not built or cannot take this
   * route (a socket it does not recognise); the JavaScript path sends meanwhile.
   */
  private bindNativeRoute(): boolean {
    this.nativeRefused = true;
    const pair = this.boundPair;
    const native = this.native;
    if (!native || !pair || !this.socket || !this.boundContext || !this.protector || !this.templateWritable) return false;
    try {
      const socket = nativeSocketFor(native, this.socket);
      if (!socket) return false;
      const session = nativeSessionFor(native, this.boundContext);
      const [host, port] = pair.remoteAddr;
      this.nativeRoute.id = native.createRoute(session, socket, host, port, this.boundSsrc, this.internals.codec!.payloadType, this.extensionTemplate);
      this.nativeRefused = false;
      return true;
    } catch {
      return false;
    }
  }

  /** Forgets the native route: something it was built from changed. */
  private dropNativeRoute(): void {
    this.armed = false;
    this.nativeRefused = false;
    if (this.nativeRoute.id > 0) {
      // Rows already staged for this route go out first, with what they were staged for.
      nativeBatch?.flush();
      streamFanout?.flush();
      this.native?.releaseRoute(this.nativeRoute.id);
    }
    this.nativeRoute.id = 0;
    if (this.copy && copyTable) copyTable.table[this.copy.id * copyTable.fields + COPY.route] = 0;
  }

  private bindContext(context: SrtpContextInternals): void {
    this.dropNativeRoute();
    this.boundContext = context;
    this.rolloverState = null;
    if (context.profile !== ProtectionProfileAes128CmHmacSha1_80) {
      this.protector = null;
      return;
    }
    let protector = protectors.get(context);
    if (!protector) {
      protector = new SrtpAesCmProtector({ encryptionKey: context.srtpSessionKey, salt: context.srtpSessionSalt, authKey: context.srtpSessionAuthTag });
      protectors.set(context, protector);
    }
    this.protector = protector;
  }

  /** werift's SRTP state for this sender's SSRC: the rollover counter its own sends would use. */
  private rolloverStateOf(): RolloverState {
    if (!this.rolloverState) {
      const state = this.boundContext!.getSrtpSsrcState(this.boundSsrc);
      const copy = this.copy;
      if (copy && copy.rollover !== state) {
        // The copy's row holds the rollover counter the native fan-out updates; werift's object reads it there.
        if (copy.rollover) copyTable!.releaseRolloverState(copy.rollover, copy.id);
        copyTable!.adoptRolloverState(state, copy.id);
        copy.rollover = state;
      }
      this.rolloverState = state;
    }
    return this.rolloverState;
  }

  /**
   * Sends a compound RTCP packet (SenderReports) natively: SRTCP with werift's SRTCP keys and the next
   * index werift's SRTCP context would use for its first SSRC, on this sender's route. False when there
   * is no native route (werift's sendRtcp sends it then).
   */
  sendRtcp(compound: Buffer): boolean {
    const native = this.native;
    const dtls = this.internals.dtlsTransport;
    const context = dtls?.srtcp?.localContext;
    if (!native || this.nativeRoute.id === 0 || !dtls || !context || context.profile !== ProtectionProfileAes128CmHmacSha1_80) return false;
    let session = nativeRtcpSessions.get(context);
    if (!session) {
      session = native.createSession(context.srtcpSessionKey, context.srtcpSessionSalt, context.srtcpSessionAuthTag);
      nativeRtcpSessions.set(context, session);
    }
    // werift's SrtcpContext.encryptRTCP: the index counts up per SSRC and wraps after 2^31 - 1.
    const state = context.getSrtcpSsrcState(compound.readUInt32BE(4));
    const index = state.srtcpIndex + 1 > 0x7fffffff ? 0 : state.srtcpIndex + 1;
    const status = native.sendRtcp(this.nativeRoute.id, session, compound, index);
    if (status === ROW_STATUS.noRoute || status === ROW_STATUS.tooBig || status === ROW_STATUS.cryptoFailed) return false;
    state.srtcpIndex = index;
    if (status === ROW_STATUS.sent) {
      const bytes = compound.length + 4 + SRTP_AUTH_TAG_BYTES;
      dtls.bytesSent += bytes;
      dtls.packetsSent++;
    }
    return true;
  }

  /** Adds what the native fan-out sent on this copy to the DTLS transport's and ICE pair's counters (getStats). */
  private settleTransportCounters(dtls: DtlsInternals | undefined): void {
    const copy = this.copy;
    if (!copy || !copyTable) return;
    const bytes = copyTable.get(copy.id, COPY.wireBytes);
    const packets = copyTable.get(copy.id, COPY.wirePackets);
    if (packets === 0) return;
    copyTable.set(copy.id, COPY.wireBytes, 0);
    copyTable.set(copy.id, COPY.wirePackets, 0);
    if (dtls) {
      dtls.bytesSent += bytes;
      dtls.packetsSent += packets;
    }
    const pair = this.boundPair;
    if (pair) {
      pair.packetsSent += packets;
      pair.bytesSent += bytes;
    }
  }

  /**
   * The header extensions werift's sender writes (dispatchRtp): the negotiated ones it has a value
   * for, in id order. This path writes mid and the RIDs; abs-send-time and transport-cc (which change
   * per packet) are left to werift.
   */
  private bindTemplate(): void {
    this.dropNativeRoute();
    const s = this.internals;
    this.templateWritable = true;
    this.boundExtensions = s.headerExtensions;
    this.boundCodec = s.codec;
    this.boundMid = s.mid;
    if (s.ssrc !== this.boundSsrc) {
      this.boundSsrc = s.ssrc;
      this.rolloverState = null;
    }
    const elements: { id: number; value: Buffer }[] = [];
    for (const extension of s.headerExtensions) {
      let value: string | undefined;
      switch (extension.uri) {
        case RTP_EXTENSION_URI.sdesMid:
          value = s.mid;
          break;
        case RTP_EXTENSION_URI.sdesRTPStreamID:
          value = s.rtpStreamId;
          break;
        case RTP_EXTENSION_URI.repairedRtpStreamId:
          value = s.repairedRtpStreamId;
          break;
        case RTP_EXTENSION_URI.transportWideCC:
        case RTP_EXTENSION_URI.absSendTime:
          this.templateWritable = false;
          return;
        default:
          // werift writes nothing for extensions it has no value for (audio level, orientation...).
          continue;
      }
      if (value) elements.push({ id: extension.id, value: Buffer.from(value) });
    }
    elements.sort((a, b) => a.id - b.id);
    // RFC 8285 one-byte form: ids 1-14, values of 1-16 bytes.
    this.templateWritable = elements.every((e) => e.id >= 1 && e.id <= 14 && e.value.length <= 16);
    if (!this.templateWritable) return;
    if (elements.length === 0) {
      this.extensionTemplate = null;
      this.headerLength = 12;
      return;
    }
    const body = elements.reduce((n, e) => n + 1 + e.value.length, 0);
    const words = Math.ceil(body / 4);
    const template = Buffer.alloc(4 + words * 4);
    template.writeUInt16BE(0xbede, 0);
    template.writeUInt16BE(words, 2);
    let offset = 4;
    for (const e of elements) {
      template[offset++] = (e.id << 4) | (e.value.length - 1);
      e.value.copy(template, offset);
      offset += e.value.length;
    }
    this.extensionTemplate = template;
    this.headerLength = 12 + template.length;
  }

  /** Takes the ICE pair werift selected: a UDP socket whose sends complete at once, or nothing. */
  private bindRoute(): void {
    this.dropNativeRoute();
    this.settleTransportCounters(this.internals.dtlsTransport);
    const pair = this.internals.dtlsTransport?.iceTransport.connection.nominated ?? null;
    this.boundPair = pair;
    const transport = pair?.protocol.type === 'stun' ? pair.protocol.transport : undefined;
    this.socket = pair && transport?.type === 'udp' && transport.sendsSynchronously === true ? transport.socket : null;
  }
}
