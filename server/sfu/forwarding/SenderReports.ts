import {
  compactNtp,
  RtcpSenderInfo,
  RtcpSourceDescriptionPacket,
  RtcpSrPacket,
  SourceDescriptionChunk,
  SourceDescriptionItem,
  timestampSeconds,
  type RtcpPacket,
} from 'werift';

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
 * A sender joins when the fast path first sends for it, unless werift's own loop already runs; it
 * claims werift's `rtcpRunning` flag so that loop does not start as well. It leaves when werift
 * stops it (`stop()` clears the flag) or moves it to another DTLS transport.
 */

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
  senders: Set<ReportingSender>;
  dueAtMs: number;
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

  /** Reports for `sender` from now on, unless werift's own loop does already. */
  add(sender: ReportingSender): void {
    const transport = sender.dtlsTransport;
    if (sender.rtcpRunning || sender.stopped || !transport) return;
    sender.rtcpRunning = true;
    let group = this.groups.get(transport);
    if (!group) {
      group = { transport, senders: new Set(), dueAtMs: this.nextDueMs() };
      this.groups.set(transport, group);
    }
    group.senders.add(sender);
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
    const reports: RtcpPacket[] = [];
    const chunks: SourceDescriptionChunk[] = [];
    for (const sender of group.senders) {
      if (sender.stopped || !sender.rtcpRunning || sender.dtlsTransport !== group.transport) {
        // Stopped (werift cleared the flag), or moved to another transport: its next fast send re-adds it.
        group.senders.delete(sender);
        if (!sender.stopped) sender.rtcpRunning = false;
        continue;
      }
      const ntpTimestamp = sender.ntpTimestamp;
      reports.push(
        new RtcpSrPacket({
          ssrc: sender.ssrc,
          senderInfo: new RtcpSenderInfo({ ntpTimestamp, rtpTimestamp: sender.rtpTimestamp, packetCount: sender.packetCount, octetCount: sender.octetCount }),
        }),
      );
      sender.lastSRtimestamp = compactNtp(ntpTimestamp);
      sender.lastSentSRTimestamp = timestampSeconds();
      if (sender.cname) chunks.push(new SourceDescriptionChunk({ source: sender.ssrc, items: [new SourceDescriptionItem({ type: 1, text: sender.cname })] }));
    }
    if (group.senders.size === 0) {
      this.groups.delete(group.transport);
      return;
    }
    if (chunks.length > 0) reports.push(new RtcpSourceDescriptionPacket({ chunks }));
    if (group.transport.state === 'connected') void group.transport.sendRtcp(reports).catch(() => {});
  }
}
