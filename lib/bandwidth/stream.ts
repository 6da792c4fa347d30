/**
 * What one voice or video stream costs on the wire, derived from its parts so a chapter can show the sum.
 *
 * Voice: Discord's default Opus bitrate is 64 kbps [discord-hn-bitrate, secondary]; Opus sends one packet per
 * 20 ms frame by default, 50 packets a second (RTP payload format's default ptime, [rfc7587]; Opus itself allows
 * 2.5-60 ms frames, [rfc6716]). Each packet also carries an RTP header (12 B,
 * [rfc3550]), a UDP header (8 B) and an IPv4 header (20 B): 40 B x 50 pps = 16 kbps, so 80 kbps on the wire.
 * That is plain RTP: the floor, not the ceiling. Discord's voice transport encryption (the aead_aes256_gcm_rtpsize
 * and aead_xchacha20_poly1305_rtpsize modes, [discord-voice-docs]) appends a 16-byte tag and a 4-byte nonce to every
 * packet, DAVE end-to-end encryption adds a trailer to every frame (not modelled: its size varies), and header
 * extensions and RTCP add more. The 2018 fleet's average packet, 220 Gbps / 120 Mpps, is the cross-check.
 */
import { DISCORD_VOICE_FLEET_2018 as FLEET } from '@/lib/facts';
import type { SourceId } from '@/lib/sources';
import { packetsToKbps, kbpsToKBps, BITS_PER_BYTE } from '@/lib/units';

export const IPV4_HEADER_BYTES = 20;
export const UDP_HEADER_BYTES = 8;
export const RTP_HEADER_BYTES = 12;
export const PACKET_HEADER_BYTES = IPV4_HEADER_BYTES + UDP_HEADER_BYTES + RTP_HEADER_BYTES;

/** Discord's default voice bitrate (a Discord engineer, Hacker News, 2018). */
export const DISCORD_DEFAULT_OPUS_KBPS = 64;
/** The default packet time of Opus over RTP (RFC 7587's ptime default; RFC 6716 allows 2.5 to 60 ms). */
export const OPUS_DEFAULT_FRAME_MS = 20;
/** Opus's range of bitrates (RFC 6716). */
export const OPUS_MIN_KBPS = 6;
export const OPUS_MAX_KBPS = 510;
/** The stream figure's bitrate slider: Opus's whole range, in whole kbps. */
export const OPUS_KBPS_BOUNDS = Object.freeze({ min: OPUS_MIN_KBPS, max: OPUS_MAX_KBPS, step: 1 });
/** Frame durations a figure offers (Opus allows 2.5 to 60 ms; these are the common ones). */
export const OPUS_FRAME_MS_CHOICES = [10, 20, 40, 60] as const;

export const VOICE_STREAM_SOURCES: readonly SourceId[] = ['discord-hn-bitrate', 'rfc6716', 'rfc7587', 'rfc3550'];

export interface VoiceStreamInput {
  /** The codec's own bitrate, without headers. */
  opusKbps: number;
  /** Audio per packet; one packet per frame. */
  frameMs: number;
}

export interface VoiceStream {
  opusKbps: number;
  frameMs: number;
  packetsPerSecond: number;
  headerBytesPerPacket: number;
  /** Bytes of Opus payload in one packet. */
  payloadBytesPerPacket: number;
  headerKbps: number;
  /** What the stream costs on the wire: payload plus headers. */
  wireKbps: number;
  /** The same in kilobytes per second (1 kB = 1000 B): 80 kbps is 10 kB/s, not 80 kB/s. */
  wireKBps: number;
  /** Share of the wire bitrate spent on headers, 0..1. */
  headerShare: number;
}

export function voiceStream({ opusKbps, frameMs }: VoiceStreamInput): VoiceStream {
  if (!(opusKbps > 0)) throw new RangeError(`opusKbps must be positive, got ${opusKbps}`);
  if (!(frameMs > 0)) throw new RangeError(`frameMs must be positive, got ${frameMs}`);
  const packetsPerSecond = 1000 / frameMs;
  const headerKbps = packetsToKbps(PACKET_HEADER_BYTES, packetsPerSecond);
  const wireKbps = opusKbps + headerKbps;
  return {
    opusKbps,
    frameMs,
    packetsPerSecond,
    headerBytesPerPacket: PACKET_HEADER_BYTES,
    payloadBytesPerPacket: (opusKbps * 1000) / 8 / packetsPerSecond,
    headerKbps,
    wireKbps,
    wireKBps: kbpsToKBps(wireKbps),
    headerShare: headerKbps / wireKbps,
  };
}

/** Discord's default voice stream: 64 kbps of Opus in 20 ms packets, 80 kbps on the wire. */
export const DEFAULT_VOICE_STREAM: VoiceStream = voiceStream({
  opusKbps: DISCORD_DEFAULT_OPUS_KBPS,
  frameMs: OPUS_DEFAULT_FRAME_MS,
});

export const DEFAULT_VOICE_WIRE_KBPS = DEFAULT_VOICE_STREAM.wireKbps;

/** Discord's voice transport encryption: a 16-byte AEAD tag and a 4-byte nonce on every packet (discord-voice-docs). */
export const DISCORD_TRANSPORT_TAG_BYTES = 16;
export const DISCORD_TRANSPORT_NONCE_BYTES = 4;
export const DISCORD_TRANSPORT_OVERHEAD_BYTES = DISCORD_TRANSPORT_TAG_BYTES + DISCORD_TRANSPORT_NONCE_BYTES;

/** One packet of this stream with Discord's transport encryption added: still a lower bound (no DAVE trailer). */
export function encryptedVoicePacketBytes(stream: VoiceStream): number {
  return stream.payloadBytesPerPacket + stream.headerBytesPerPacket + DISCORD_TRANSPORT_OVERHEAD_BYTES;
}

export function encryptedVoiceWireKbps(stream: VoiceStream): number {
  return packetsToKbps(encryptedVoicePacketBytes(stream), stream.packetsPerSecond);
}

/**
 * Derived: the average packet Discord's voice servers sent in 2018, more than 220 Gbps over more than 120 million
 * packets a second: about 229 bytes. Bigger than the plain-RTP 200 bytes, as the encryption above predicts.
 */
export const FLEET_BYTES_PER_PACKET_2018 =
  (FLEET.egressGbps.value * 1e9) / BITS_PER_BYTE / (FLEET.egressMpps.value * 1e6);
