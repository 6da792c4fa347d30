/**
 * Which 20 ms voice frames become packets on the wire, under three sending policies:
 *
 * - continuous: every frame is sent, talking or not: 50 packets per second.
 * - vad: VAD gating. The app sends only the frames the detector marks as voice and nothing in between.
 *   This is what Discord's native clients do ("avoids sending audio during silence", discord-voice-2018).
 * - dtx: Opus discontinuous transmission (RFC 7587). The codec keeps the stream alive in silence with
 *   about one packet every 400 ms [secondary], so the receiver can keep playing comfort noise. We send the
 *   first silent frame after speech and then one every `dtxIntervalMs`.
 *
 * Sizes: Opus at `opusBitrateKbps` gives bitrate x frame length of payload per packet (64 kbps x 20 ms
 * = 160 bytes); each packet also carries IPv4 (20 B) + UDP (8 B) + RTP (12 B) headers = 40 bytes.
 * We count every sent packet at full size, DTX ones too: a real DTX update carries a smaller payload,
 * so the DTX rate here is an upper bound.
 */
import { packetsToKbps } from '../units';

export const SEND_POLICIES = ['continuous', 'vad', 'dtx'] as const;
export type SendPolicy = (typeof SEND_POLICIES)[number];

export const SEND_POLICY_LABELS: Readonly<Record<SendPolicy, string>> = {
  continuous: 'Continuous',
  vad: 'VAD gating',
  dtx: 'Opus DTX',
};

export interface VoiceStreamParams {
  /** Audio per packet (20 ms by default for Opus over RTP, RFC 7587). */
  frameMs: number;
  /** Opus bitrate while talking (Discord's default, per a Discord engineer: discord-hn-bitrate). */
  opusBitrateKbps: number;
  /** IPv4 20 + UDP 8 + RTP 12. */
  headerBytes: number;
  /** One packet per this much silence under DTX (RFC 7587, secondary). */
  dtxIntervalMs: number;
}

export const IPV4_HEADER_BYTES = 20;
export const UDP_HEADER_BYTES = 8;
export const RTP_HEADER_BYTES = 12;

export const DEFAULT_VOICE_STREAM: Readonly<VoiceStreamParams> = Object.freeze({
  frameMs: 20,
  opusBitrateKbps: 64,
  headerBytes: IPV4_HEADER_BYTES + UDP_HEADER_BYTES + RTP_HEADER_BYTES,
  dtxIntervalMs: 400,
});

/** Opus payload of one frame: 160 bytes at 64 kbps and 20 ms. */
export function payloadBytesPerFrame(stream: Readonly<VoiceStreamParams> = DEFAULT_VOICE_STREAM): number {
  return (stream.opusBitrateKbps * 1000 * stream.frameMs) / 1000 / 8;
}

/** Payload plus headers: 200 bytes by default. */
export function packetBytes(stream: Readonly<VoiceStreamParams> = DEFAULT_VOICE_STREAM): number {
  return payloadBytesPerFrame(stream) + stream.headerBytes;
}

/** 50 for 20 ms frames. */
export function packetsPerSecondWhileSending(stream: Readonly<VoiceStreamParams> = DEFAULT_VOICE_STREAM): number {
  return 1000 / stream.frameMs;
}

/** A stream sending every frame, on the wire: 80 kbps by default (64 of Opus + 16 of headers). */
export function continuousWireKbps(stream: Readonly<VoiceStreamParams> = DEFAULT_VOICE_STREAM): number {
  return packetsToKbps(packetBytes(stream), packetsPerSecondWhileSending(stream));
}

/** A silent DTX stream on the wire: 2.5 packets/s x 200 bytes = 4 kbps by default (an upper bound). */
export function dtxSilenceWireKbps(stream: Readonly<VoiceStreamParams> = DEFAULT_VOICE_STREAM): number {
  return packetsToKbps(packetBytes(stream), 1000 / stream.dtxIntervalMs);
}

export interface SendPolicyState {
  /** Silent frames since the last voice frame. */
  silentRun: number;
}

export function initialSendPolicyState(): SendPolicyState {
  return { silentRun: 0 };
}

/** One frame through a sending policy: whether it goes on the wire, and the next state. */
export function stepSendPolicy(
  policy: SendPolicy,
  state: SendPolicyState,
  voice: boolean,
  stream: Readonly<VoiceStreamParams> = DEFAULT_VOICE_STREAM,
): { state: SendPolicyState; sent: boolean } {
  if (voice) return { state: { silentRun: 0 }, sent: true };
  const framesPerDtxPacket = Math.max(1, Math.round(stream.dtxIntervalMs / stream.frameMs));
  const sent = policy === 'continuous' || (policy === 'dtx' && state.silentRun % framesPerDtxPacket === 0);
  return { state: { silentRun: state.silentRun + 1 }, sent };
}

/** For each frame, whether the policy sends it. */
export function sentFrames(
  policy: SendPolicy,
  voiceFrames: readonly boolean[],
  stream: Readonly<VoiceStreamParams> = DEFAULT_VOICE_STREAM,
): boolean[] {
  let state = initialSendPolicyState();
  return voiceFrames.map((voice) => {
    const result = stepSendPolicy(policy, state, voice, stream);
    state = result.state;
    return result.sent;
  });
}

export interface PacketSummary {
  policy: SendPolicy;
  packets: number;
  bytes: number;
  durationMs: number;
  packetsPerSecond: number;
  kbps: number;
}

/** Totals and average rates over a run of frames. */
export function summarizePackets(
  policy: SendPolicy,
  packets: number,
  frames: number,
  stream: Readonly<VoiceStreamParams> = DEFAULT_VOICE_STREAM,
): PacketSummary {
  const durationMs = frames * stream.frameMs;
  const bytes = packets * packetBytes(stream);
  const seconds = durationMs / 1000;
  return {
    policy,
    packets,
    bytes,
    durationMs,
    packetsPerSecond: seconds > 0 ? packets / seconds : 0,
    kbps: seconds > 0 ? (bytes * 8) / 1000 / seconds : 0,
  };
}

/** The same voice decisions under each policy, in SEND_POLICIES order. */
export function comparePolicies(
  voiceFrames: readonly boolean[],
  stream: Readonly<VoiceStreamParams> = DEFAULT_VOICE_STREAM,
): PacketSummary[] {
  return SEND_POLICIES.map((policy) => {
    const packets = sentFrames(policy, voiceFrames, stream).filter(Boolean).length;
    return summarizePackets(policy, packets, voiceFrames.length, stream);
  });
}

/** Running packet counts for a live source (the reader's microphone): one step per frame. */
export interface LivePacketCounts {
  frames: number;
  voiceFrames: number;
  packets: Record<SendPolicy, number>;
  policyState: Record<SendPolicy, SendPolicyState>;
}

export function initialLivePacketCounts(): LivePacketCounts {
  return {
    frames: 0,
    voiceFrames: 0,
    packets: { continuous: 0, vad: 0, dtx: 0 },
    policyState: { continuous: initialSendPolicyState(), vad: initialSendPolicyState(), dtx: initialSendPolicyState() },
  };
}

export function stepLivePacketCounts(
  counts: LivePacketCounts,
  voice: boolean,
  stream: Readonly<VoiceStreamParams> = DEFAULT_VOICE_STREAM,
): LivePacketCounts {
  const packets = { ...counts.packets };
  const policyState = { ...counts.policyState };
  for (const policy of SEND_POLICIES) {
    const result = stepSendPolicy(policy, counts.policyState[policy], voice, stream);
    policyState[policy] = result.state;
    if (result.sent) packets[policy] += 1;
  }
  return { frames: counts.frames + 1, voiceFrames: counts.voiceFrames + (voice ? 1 : 0), packets, policyState };
}
