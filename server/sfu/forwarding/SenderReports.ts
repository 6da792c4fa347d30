import { timestampSeconds, type RtcpPacket } from 'werift';

/**
 * RTCP sender reports (RFC 3550 section 6.4.1) for the fast path's senders, one compound packet per
 * connection instead of one per sender.
 *
 * werift's RTCRtpSender.runRtcp runs a loop per sender: a promise timer with an AbortSignal, an SR
 * and an SDES packet, SRTCP encryption and a send, every 0.5 to 1.5 s. With 50 viewers that is 100
 * timers, encryptions and sends a second, the largest item left in the forwarder's profile after the
 * native fan-out. Here one timer serves every connection, and each connection's senders report
 * together: every sender's SR, then one SDES packet with every sender's CNAME (RFC 3550 6.1; RFC
 * 8108 5.3 allows one compound packet to carry the reports of several SSRCs), encrypted and sent
 * once through werift's own DTLS transport (`sendRtcp`). The numbers are werift's books for each
 * sender (the copy table when the native fan-out keeps them), and each sender's `lastSRtimestamp`
 * and `lastSentSRTimestamp` are set as werift's loop sets them, so round-trip times from the
 * viewer's receiver reports stay werift's.
 *
 * The compound packet is written here directly (RFC 3550 6.4.1 and 6.5; werift's RtcpSrPacket and
 * RtcpSourceDescriptionPacket write the same bytes, which the tests check). Where the native fan-out
 * sends the connection's media, it also encrypts (SRTCP, RFC 3711 3.4, werift's SRTCP keys and
 * index) and sends the reports (`NativeRtcpSender`); otherwise werift's `sendRtcp` does.
 *
 * A sender joins when the fast path first sends for it, unless werift's own loop already runs; it
 * claims werift's `rtcpRunning` flag so that loop does not start as well. It leaves when werift
 * stops it (`stop()` clears the flag) or moves it to another DTLS transport.
 */

/** Sends a compound RTCP packet natively (SRTCP and the route's socket); false when it cannot. */
export interface NativeRtcpSender {
  sendRtcp(compound: Buffer): boolean;
}

/** werift's sender fields a report reads and writes (werift 0.25.2 RTCRtpSender). */
export interface ReportingSender {
  ssrc: number;
  cname?: string;
  stopped: boolean;
  rtcpRunning: boolean;
  dtlsTransport?: ReportingTransport;
  ntpTimestamp: bigint;
  rtpTimestamp: number;
  packetCount: number;
  octetCount: number;
  lastSRtimestamp?: number;
  lastSentSRTimestamp?: number;
}

export interface ReportingTransport {
  state: string;
  sendRtcp(packets: RtcpPacket[]): Promise<unknown>;
}

interface Group {
  transport: ReportingTransport;
  senders: Map<ReportingSender, NativeRtcpSender | null>;
  dueAtMs: number;
}

const SR_BYTES = 28;
const RTCP_SR = 200;
const RTCP_SDES = 202;
const SDES_CNAME = 1;
/** RFC 3550 6.5: at most 31 chunks in one SDES packet. */
const MAX_SDES_CHUNKS = 31;

/** The 32 middle bits of a 64-bit NTP time (RFC 3550 6.4.1 LSR), as werift's compactNtp computes them. */
export function compactNtpTime(ntp: bigint): number {
  return Number((ntp >> 16n) & 0xffffffffn);
}

/** How often the shared timer looks for connections that are due. */
const TICK_MS = 100;
/** werift's interval between reports: 0.5 s plus up to 1 s at random (RFC 3550 6.3.1's randomisation). */
const MIN_INTERVAL_MS = 500;
const RANDOM_INTERVAL_MS = 1000;

export class SenderReports {
  private readonly groups = new Map<ReportingTransport, Group>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly random: () => number = Math.random,
  ) {}

  /** Reports for `sender` from now on, unless werift's own loop does already. `native`: how to send them natively. */
  add(sender: ReportingSender, native: NativeRtcpSender | null = null): void {
    const transport = sender.dtlsTransport;
    if (sender.rtcpRunning || sender.stopped || !transport) return;
    sender.rtcpRunning = true;
    let group = this.groups.get(transport);
    if (!group) {
      group = { transport, senders: new Map(), dueAtMs: this.nextDueMs() };
      this.groups.set(transport, group);
    }
    group.senders.set(sender, native);
    if (!this.timer) {
      this.timer = setInterval(() => this.tick(), TICK_MS);
      this.timer.unref();
    }
  }

  /** Connections reported for now. */
  get connections(): number {
    return this.groups.size;
  }

  private nextDueMs(): number {
    return this.now() + MIN_INTERVAL_MS + this.random() * RANDOM_INTERVAL_MS;
  }

  private tick(): void {
    const nowMs = this.now();
    for (const group of this.groups.values()) {
      if (group.transport.state === 'closed' || group.transport.state === 'failed') {
        this.groups.delete(group.transport);
        continue;
      }
      if (nowMs < group.dueAtMs) continue;
      group.dueAtMs = this.nextDueMs();
      this.report(group);
    }
    if (this.groups.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  private report(group: Group): void {
    const senders: ReportingSender[] = [];
    let native: NativeRtcpSender | null = null;
    for (const [sender, nativeSender] of group.senders) {
      if (sender.stopped || !sender.rtcpRunning || sender.dtlsTransport !== group.transport) {
        // Stopped (werift cleared the flag), or moved to another transport: its next fast send re-adds it.
        group.senders.delete(sender);
        if (!sender.stopped) sender.rtcpRunning = false;
        continue;
      }
      senders.push(sender);
      native ??= nativeSender;
    }
    if (senders.length === 0) {
      this.groups.delete(group.transport);
      return;
    }
    const compound = compoundReport(senders);
    const sentAtSeconds = timestampSeconds();
    for (const sender of senders) {
      sender.lastSRtimestamp = compactNtpTime(sender.ntpTimestamp);
      sender.lastSentSRTimestamp = sentAtSeconds;
    }
    if (group.transport.state !== 'connected') return;
    if (native?.sendRtcp(compound)) return;
    void group.transport.sendRtcp([{ serialize: () => compound } as unknown as RtcpPacket]).catch(() => {});
  }
}

/** Every sender's SR (RFC 3550 6.4.1, no report blocks), then one SDES with their CNAMEs (6.5). */
export function compoundReport(senders: readonly ReportingSender[]): Buffer {
  const named = senders.filter((s) => s.cname).slice(0, MAX_SDES_CHUNKS);
  const cnames = named.map((s) => Buffer.from(s.cname!, 'utf8').subarray(0, 255));
  // A chunk: SSRC, the CNAME item (type, length, text), a null item ending the list, padded to 32 bits.
  const chunkBytes = cnames.map((text) => 4 + Math.ceil((2 + text.length + 1) / 4) * 4);
  const sdesBytes = named.length > 0 ? 4 + chunkBytes.reduce((a, b) => a + b, 0) : 0;
  const out = Buffer.alloc(senders.length * SR_BYTES + sdesBytes);
  let at = 0;
  for (const sender of senders) {
    out[at] = 0x80;
    out[at + 1] = RTCP_SR;
    out.writeUInt16BE(SR_BYTES / 4 - 1, at + 2);
    out.writeUInt32BE(sender.ssrc >>> 0, at + 4);
    out.writeBigUInt64BE(BigInt.asUintN(64, sender.ntpTimestamp), at + 8);
    out.writeUInt32BE(sender.rtpTimestamp >>> 0, at + 16);
    out.writeUInt32BE(sender.packetCount >>> 0, at + 20);
    out.writeUInt32BE(sender.octetCount >>> 0, at + 24);
    at += SR_BYTES;
  }
  if (named.length > 0) {
    out[at] = 0x80 | named.length;
    out[at + 1] = RTCP_SDES;
    out.writeUInt16BE(sdesBytes / 4 - 1, at + 2);
    at += 4;
    named.forEach((sender, i) => {
      out.writeUInt32BE(sender.ssrc >>> 0, at);
      out[at + 4] = SDES_CNAME;
      out[at + 5] = cnames[i].length;
      cnames[i].copy(out, at + 6);
      at += chunkBytes[i];
    });
  }
  return out;
}
