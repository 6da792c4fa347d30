import { describe, expect, it } from 'vitest';
import { IP_UDP_HEADER_BYTES, measureTraffic, rtpCounters, type RtpCounter } from '@/lib/bandwidth';

function counter(connection: string, direction: 'out' | 'in', kind: 'audio' | 'video', mid: string, at: number, packets: number, payloadBytes: number, headerBytes: number, rid?: string): RtpCounter {
  return { connection, direction, id: `${direction}-${kind}-${mid}${rid ?? ''}`, kind, mid, rid, payloadBytes, headerBytes, packets, timestampMs: at };
}

/** One second of a mesh peer's stats: two connections, each sending and receiving voice (50 packets of 160 B) and video. */
function meshReading(at: number, seconds: number): RtpCounter[] {
  const list: RtpCounter[] = [];
  for (const pc of ['pc-a', 'pc-b']) {
    for (const direction of ['out', 'in'] as const) {
      list.push(counter(pc, direction, 'audio', '0', at, 50 * seconds, 160 * 50 * seconds, 28 * 50 * seconds));
      list.push(counter(pc, direction, 'video', '1', at, 70 * seconds, 1200 * 70 * seconds, 24 * 70 * seconds));
    }
  }
  return list;
}

describe('a browser’s own traffic, from two getStats readings', () => {
  it('counts payload, RTP headers and 28 bytes of IPv4/UDP per packet, per second, summed over connections', () => {
    const traffic = measureTraffic(meshReading(1000, 1), meshReading(3000, 3));
    expect(IP_UDP_HEADER_BYTES).toBe(28);
    // Per connection and second: voice 50 x (160 + 28 + 28) B, video 70 x (1200 + 24 + 28) B.
    const voiceKbps = (50 * 216 * 8) / 1000;
    const videoKbps = (70 * 1252 * 8) / 1000;
    expect(traffic.intervalMs).toBe(2000);
    expect(traffic.up.wireKbps).toBeCloseTo(2 * (voiceKbps + videoKbps), 10);
    expect(traffic.down.wireKbps).toBeCloseTo(2 * (voiceKbps + videoKbps), 10);
    expect(traffic.up.packetsPerSecond).toBeCloseTo(240, 10);
    expect(traffic.up.streams).toEqual({ audio: 2, video: 2 });
    expect(traffic.down.streams).toEqual({ audio: 2, video: 2 });
    expect(traffic.up.perStream[0]).toMatchObject({ kind: 'video', encodings: 1 });
    expect(traffic.up.perStream[0].wireKbps).toBeCloseTo(videoKbps, 10);
  });

  it('counts a simulcast camera as one stream of three encodings', () => {
    const reading = (at: number, n: number) =>
      ['q', 'h', 'f'].map((rid, i) => counter('publish', 'out', 'video', '0', at, n * (i + 1) * 10, n * (i + 1) * 10 * 1000, n * (i + 1) * 10 * 20, rid));
    const traffic = measureTraffic(reading(0, 0), reading(1000, 1));
    expect(traffic.up.streams).toEqual({ audio: 0, video: 1 });
    expect(traffic.up.perStream).toHaveLength(1);
    expect(traffic.up.perStream[0].encodings).toBe(3);
    expect(traffic.up.wireKbps).toBeCloseTo((60 * (1000 + 20 + 28) * 8) / 1000, 10);
  });

  it('rates each counter over its own timestamps, as connections are read one after another', () => {
    const before = [counter('a', 'out', 'audio', '0', 1000, 0, 0, 0), counter('b', 'out', 'audio', '0', 1010, 0, 0, 0)];
    const after = [counter('a', 'out', 'audio', '0', 2000, 50, 8000, 600), counter('b', 'out', 'audio', '0', 3010, 100, 16000, 1200)];
    const traffic = measureTraffic(before, after);
    expect(traffic.up.perStream.map((s) => s.wireKbps)).toEqual([(50 * 200 * 8) / 1000, (50 * 200 * 8) / 1000]);
  });

  it('leaves out streams that moved nothing, counters that went backwards, and connections seen only once', () => {
    const before = [counter('a', 'out', 'audio', '0', 0, 10, 1000, 100), counter('a', 'out', 'video', '1', 0, 500, 9000, 900)];
    const after = [
      counter('a', 'out', 'audio', '0', 1000, 10, 1000, 100),
      counter('a', 'out', 'video', '1', 1000, 20, 2000, 200),
      counter('new', 'in', 'video', '1', 1000, 999, 99999, 999),
    ];
    const traffic = measureTraffic(before, after);
    expect(traffic.up).toMatchObject({ wireKbps: 0, streams: { audio: 0, video: 0 }, perStream: [] });
    expect(traffic.down.wireKbps).toBe(0);
  });

  it('refuses readings that are not one after the other', () => {
    const reading = meshReading(1000, 1);
    expect(() => measureTraffic(reading, reading)).toThrow(RangeError);
  });

  it('reads outbound-rtp and inbound-rtp entries of a report and ignores everything else', () => {
    const report = [
      { type: 'outbound-rtp', id: 'OT1', kind: 'video', mid: '1', rid: 'f', bytesSent: 100, headerBytesSent: 20, packetsSent: 2, timestamp: 5 },
      { type: 'inbound-rtp', id: 'IT1', kind: 'audio', mid: '0', bytesReceived: 50, headerBytesReceived: 12, packetsReceived: 1, timestamp: 5 },
      { type: 'remote-inbound-rtp', id: 'RI1', kind: 'video', packetsLost: 0 },
      { type: 'candidate-pair', id: 'CP1', bytesSent: 1e6 },
    ];
    expect(rtpCounters('pc', report)).toEqual([
      { connection: 'pc', direction: 'out', id: 'OT1', kind: 'video', mid: '1', rid: 'f', payloadBytes: 100, headerBytes: 20, packets: 2, timestampMs: 5 },
      { connection: 'pc', direction: 'in', id: 'IT1', kind: 'audio', mid: '0', rid: undefined, payloadBytes: 50, headerBytes: 12, packets: 1, timestampMs: 5 },
    ]);
  });
});
