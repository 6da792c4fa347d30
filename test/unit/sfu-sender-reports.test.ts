/**
 * The fast path's RTCP sender reports (server/sfu/forwarding/SenderReports): what werift's per-sender
 * loop sends (an SR with the sender's books, an SDES with its CNAME, every 0.5 to 1.5 s), but one
 * compound packet per connection on one shared timer.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  compactNtp,
  RtcpPacketConverter,
  RtcpSenderInfo,
  RtcpSourceDescriptionPacket,
  RtcpSrPacket,
  SourceDescriptionChunk,
  SourceDescriptionItem,
  type RtcpPacket,
} from 'werift';
import { compoundReport, SenderReports, type ReportingSender, type ReportingTransport } from '@/server/sfu/forwarding/SenderReports';

/** A connection's transport that records what werift's sendRtcp was given, parsed back as werift parses RTCP. */
function transport(): ReportingTransport & { sent: RtcpPacket[][] } {
  const sent: RtcpPacket[][] = [];
  return {
    state: 'connected',
    sent,
    sendRtcp: async (packets) => void sent.push(RtcpPacketConverter.deSerialize(Buffer.concat(packets.map((p) => p.serialize())))),
  };
}

function sender(ssrc: number, on: ReportingTransport, packetCount: number): ReportingSender {
  return {
    ssrc,
    cname: `cname-${ssrc}`,
    stopped: false,
    rtcpRunning: false,
    dtlsTransport: on,
    ntpTimestamp: (3_900_000_000n << 32n) | BigInt(ssrc),
    rtpTimestamp: (ssrc * 1000) % 2 ** 32,
    packetCount,
    octetCount: packetCount * 1000,
  };
}

describe('SenderReports', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("sends each connection one compound packet: every sender's SR with its books, then one SDES with their CNAMEs", () => {
    const reports = new SenderReports(Date.now, () => 0.5);
    const a = transport();
    const b = transport();
    const video = sender(11, a, 80);
    const audio = sender(22, a, 50);
    const other = sender(33, b, 7);
    for (const s of [video, audio, other]) reports.add(s);
    expect([video.rtcpRunning, audio.rtcpRunning, other.rtcpRunning]).toEqual([true, true, true]);
    vi.advanceTimersByTime(900);
    expect(a.sent).toHaveLength(0);
    vi.advanceTimersByTime(200);
    expect(a.sent).toHaveLength(1);
    expect(b.sent).toHaveLength(1);
    const [srVideo, srAudio, sdes] = a.sent[0];
    expect(srVideo).toBeInstanceOf(RtcpSrPacket);
    expect((srVideo as RtcpSrPacket).ssrc).toBe(11);
    expect((srVideo as RtcpSrPacket).senderInfo).toMatchObject({ ntpTimestamp: video.ntpTimestamp, rtpTimestamp: 11_000, packetCount: 80, octetCount: 80_000 });
    expect((srAudio as RtcpSrPacket).ssrc).toBe(22);
    expect(sdes).toBeInstanceOf(RtcpSourceDescriptionPacket);
    expect((sdes as RtcpSourceDescriptionPacket).chunks.map((c) => [c.source, c.items[0].text])).toEqual([
      [11, 'cname-11'],
      [22, 'cname-22'],
    ]);
    // What werift's loop records for round-trip times from the viewer's receiver reports.
    expect(video.lastSRtimestamp).toBe(compactNtp(video.ntpTimestamp));
    expect(video.lastSentSRTimestamp).toBeCloseTo(Date.now() / 1000, 0);
  });

  it("writes the bytes werift's RtcpSrPacket and RtcpSourceDescriptionPacket write", () => {
    const a = transport();
    const senders = [{ ...sender(0xfedcba98, a, 2 ** 32 - 1), octetCount: 4_000_000_000 }, { ...sender(7, a, 3), cname: 'a-longer-cname-{0b8f}' }, { ...sender(9, a, 1), cname: undefined }];
    const werift = [
      ...senders.map(
        (s) =>
          new RtcpSrPacket({
            ssrc: s.ssrc,
            senderInfo: new RtcpSenderInfo({ ntpTimestamp: s.ntpTimestamp, rtpTimestamp: s.rtpTimestamp, packetCount: s.packetCount, octetCount: s.octetCount }),
          }),
      ),
      new RtcpSourceDescriptionPacket({
        chunks: senders.filter((s) => s.cname).map((s) => new SourceDescriptionChunk({ source: s.ssrc, items: [new SourceDescriptionItem({ type: 1, text: s.cname! })] })),
      }),
    ];
    expect(compoundReport(senders).toString('hex')).toBe(Buffer.concat(werift.map((p) => p.serialize())).toString('hex'));
  });

  it('reports again after 0.5 to 1.5 s, with the books as they are then', () => {
    const reports = new SenderReports(Date.now, () => 0);
    const a = transport();
    const video = sender(11, a, 80);
    reports.add(video);
    vi.advanceTimersByTime(600);
    video.packetCount = 120;
    vi.advanceTimersByTime(600);
    expect(a.sent).toHaveLength(2);
    expect((a.sent[1][0] as RtcpSrPacket).senderInfo.packetCount).toBe(120);
  });

  it("leaves a sender whose werift loop already runs to werift, and drops stopped senders and closed connections", () => {
    const reports = new SenderReports(Date.now, () => 0);
    const a = transport();
    const weriftLoop = { ...sender(11, a, 1), rtcpRunning: true };
    reports.add(weriftLoop);
    expect(reports.connections).toBe(0);
    const stopped = sender(22, a, 1);
    const live = sender(33, a, 1);
    reports.add(stopped);
    reports.add(live);
    // werift's stop() sets stopped and clears the flag.
    Object.assign(stopped, { stopped: true, rtcpRunning: false });
    vi.advanceTimersByTime(600);
    expect(a.sent[0].filter((p) => p instanceof RtcpSrPacket).map((p) => (p as RtcpSrPacket).ssrc)).toEqual([33]);
    a.state = 'closed';
    vi.advanceTimersByTime(2000);
    expect(a.sent).toHaveLength(1);
    expect(reports.connections).toBe(0);
  });
});
