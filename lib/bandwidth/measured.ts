/**
 * What a browser measures of its own traffic, from two readings of its peer connections' statistics
 * (RTCPeerConnection.getStats(): `outbound-rtp` and `inbound-rtp`, W3C webrtc-stats). Pure arithmetic on
 * plain numbers, so the room page and the tests share it.
 *
 * A stream's wire bitrate counts what the model counts (stream.ts): RTP payload (`bytesSent` /
 * `bytesReceived`), RTP headers with their extensions (`headerBytesSent` / `headerBytesReceived`), and 28
 * bytes of IPv4 and UDP per packet, which the browser does not report. SRTP's authentication tag and RTCP
 * are in neither the model nor the measurement.
 *
 * Streams are counted per peer connection and transceiver (MID): a simulcast camera is one outbound stream
 * whose encodings (one `outbound-rtp` per RID) are counted apart. A stream counts as flowing when packets
 * moved during the interval.
 */
import { IPV4_HEADER_BYTES, UDP_HEADER_BYTES } from './stream';

/** IPv4 and UDP headers under every RTP packet, which getStats leaves out. */
export const IP_UDP_HEADER_BYTES = IPV4_HEADER_BYTES + UDP_HEADER_BYTES;

/** One `outbound-rtp` or `inbound-rtp` entry, reduced to what the arithmetic needs. */
export interface RtpCounter {
  /** Which peer connection it belongs to (any label unique per connection). */
  connection: string;
  direction: 'out' | 'in';
  /** The stats object's id (stable for the life of the stream). */
  id: string;
  kind: 'audio' | 'video';
  /** The transceiver's MID; streams without one are told apart by `id`. */
  mid?: string;
  /** Simulcast encoding id, for outbound video. */
  rid?: string;
  payloadBytes: number;
  headerBytes: number;
  packets: number;
  timestampMs: number;
}

export interface MeasuredStream {
  connection: string;
  key: string;
  kind: 'audio' | 'video';
  /** Encodings that moved packets (a simulcast camera sends several). */
  encodings: number;
  wireKbps: number;
  packetsPerSecond: number;
}

export interface MeasuredDirection {
  wireKbps: number;
  packetsPerSecond: number;
  /** Streams that moved packets, by kind. */
  streams: { audio: number; video: number };
  /** Every flowing stream, largest first. */
  perStream: MeasuredStream[];
}

export interface MeasuredTraffic {
  intervalMs: number;
  up: MeasuredDirection;
  down: MeasuredDirection;
}

function streamKey(c: RtpCounter): string {
  return `${c.connection}|${c.kind}|${c.mid ?? c.id}`;
}

function direction(pairs: { before: RtpCounter; after: RtpCounter }[]): MeasuredDirection {
  const streams = new Map<string, MeasuredStream>();
  for (const { before, after } of pairs) {
    const seconds = (after.timestampMs - before.timestampMs) / 1000;
    const dPackets = after.packets - before.packets;
    const dBytes = after.payloadBytes - before.payloadBytes + (after.headerBytes - before.headerBytes) + dPackets * IP_UDP_HEADER_BYTES;
    // A counter that went backwards belongs to a stream that was replaced; it says nothing about this interval.
    if (!(seconds > 0) || dPackets <= 0 || dBytes < 0) continue;
    const key = streamKey(after);
    const stream = streams.get(key) ?? { connection: after.connection, key, kind: after.kind, encodings: 0, wireKbps: 0, packetsPerSecond: 0 };
    stream.encodings += 1;
    stream.wireKbps += (dBytes * 8) / 1000 / seconds;
    stream.packetsPerSecond += dPackets / seconds;
    streams.set(key, stream);
  }
  const perStream = [...streams.values()].sort((a, b) => b.wireKbps - a.wireKbps);
  return {
    wireKbps: perStream.reduce((total, s) => total + s.wireKbps, 0),
    packetsPerSecond: perStream.reduce((total, s) => total + s.packetsPerSecond, 0),
    streams: { audio: perStream.filter((s) => s.kind === 'audio').length, video: perStream.filter((s) => s.kind === 'video').length },
    perStream,
  };
}

/**
 * Traffic between two readings. Counters are matched by connection and id, and each is a rate over its own
 * two timestamps (connections are read one after another); one present in only one reading (a connection
 * opened or closed in between) is left out. `intervalMs` is the later reading's newest timestamp minus the
 * earlier's; it must be positive.
 */
export function measureTraffic(before: readonly RtpCounter[], after: readonly RtpCounter[]): MeasuredTraffic {
  const earlier = new Map(before.map((c) => [`${c.connection}|${c.id}`, c]));
  const pairs = { out: [] as { before: RtpCounter; after: RtpCounter }[], in: [] as { before: RtpCounter; after: RtpCounter }[] };
  for (const c of after) {
    const b = earlier.get(`${c.connection}|${c.id}`);
    if (b && b.direction === c.direction) pairs[c.direction].push({ before: b, after: c });
  }
  const newest = (list: readonly RtpCounter[]) => Math.max(-Infinity, ...list.map((c) => c.timestampMs));
  const intervalMs = newest(after) - newest(before);
  if (!(intervalMs > 0)) throw new RangeError(`the second reading must be later than the first (interval ${intervalMs} ms)`);
  return { intervalMs, up: direction(pairs.out), down: direction(pairs.in) };
}

/** The counters of one connection's getStats() report, as plain objects (what RTCStatsReport.values() yields). */
export function rtpCounters(connection: string, report: Iterable<Record<string, unknown>>): RtpCounter[] {
  const counters: RtpCounter[] = [];
  for (const s of report) {
    if (s.type !== 'outbound-rtp' && s.type !== 'inbound-rtp') continue;
    const out = s.type === 'outbound-rtp';
    const kind = s.kind === 'video' ? 'video' : s.kind === 'audio' ? 'audio' : null;
    if (!kind) continue;
    counters.push({
      connection,
      direction: out ? 'out' : 'in',
      id: String(s.id),
      kind,
      mid: typeof s.mid === 'string' ? s.mid : undefined,
      rid: typeof s.rid === 'string' ? s.rid : undefined,
      payloadBytes: Number((out ? s.bytesSent : s.bytesReceived) ?? 0),
      headerBytes: Number((out ? s.headerBytesSent : s.headerBytesReceived) ?? 0),
      packets: Number((out ? s.packetsSent : s.packetsReceived) ?? 0),
      timestampMs: Number(s.timestamp ?? 0),
    });
  }
  return counters;
}
