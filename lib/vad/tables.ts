/**
 * The voice-activity figures' numbers as tables: the server renders them as the figures' stills, and
 * the figures render them again for the reader's current inputs.
 */
import type { TableData } from '../table';
import { formatCount, formatKbps, formatPercent } from '../units';
import { CLIP } from './clipFrames';
import { DEFAULT_VAD_PARAMS, VAD_FRAME_MS, detectVoice, type VadFrame, type VadParams } from './detector';
import { DEFAULT_VOICE_STREAM, SEND_POLICY_LABELS, comparePolicies, type PacketSummary } from './packets';
import { DEFAULT_ROOM, compareRoomPolicies, talkShare, type RoomParams } from './room';

const oneDecimal = (n: number) => Math.round(n * 10) / 10;

/** The clip's frames through the detector with the reader's settings. */
export function clipVoiceFrames(params: Readonly<VadParams> = DEFAULT_VAD_PARAMS): VadFrame[] {
  return detectVoice(CLIP.energyDbfs, params);
}

/** Packets, rates and savings for the clip under each policy. */
export function clipPacketSummaries(params: Readonly<VadParams> = DEFAULT_VAD_PARAMS): PacketSummary[] {
  return comparePolicies(clipVoiceFrames(params).map((frame) => frame.voice), DEFAULT_VOICE_STREAM);
}

export function packetTable(summaries: readonly PacketSummary[], caption: string): TableData {
  const continuous = summaries.find((s) => s.policy === 'continuous');
  return {
    caption,
    columns: ['Sending policy', 'Packets', 'Packets per second', 'Average kbps', 'Saved vs continuous'],
    rows: summaries.map((s) => [
      SEND_POLICY_LABELS[s.policy],
      s.packets,
      oneDecimal(s.packetsPerSecond),
      formatKbps(oneDecimal(s.kbps)),
      continuous && continuous.packets > 0 ? formatPercent(1 - s.packets / continuous.packets) : '—',
    ]),
  };
}

export function clipPacketTable(params: Readonly<VadParams> = DEFAULT_VAD_PARAMS): TableData {
  const frames = clipVoiceFrames(params);
  const voiceFrames = frames.filter((frame) => frame.voice).length;
  const seconds = (frames.length * VAD_FRAME_MS) / 1000;
  return packetTable(
    clipPacketSummaries(params),
    `The ${oneDecimal(seconds)} s clip: ${formatCount(voiceFrames)} of ${formatCount(frames.length)} frames of ` +
      `${VAD_FRAME_MS} ms marked as voice (threshold ${params.thresholdDb} dB above the noise floor, ` +
      `${params.hangoverFrames * VAD_FRAME_MS} ms hangover), and the packets each policy sends`,
  );
}

export function roomTable(room: Readonly<RoomParams> = DEFAULT_ROOM): TableData {
  const share = talkShare(room);
  const muted = room.serverMuted > 0 ? `, ${formatCount(room.serverMuted)} server-muted` : '';
  return {
    caption:
      `A voice channel of ${formatCount(room.people)} people behind an SFU, ${oneDecimal(room.speakingAtOnce)} talking at once ` +
      `on average (each talks ${formatPercent(share, 1)} of the time)${muted}: average traffic by sending policy`,
    columns: ['Sending policy', 'Upload per person', 'Into the SFU', 'Out of the SFU', 'Download per person', 'Egress saved'],
    rows: compareRoomPolicies(room).map((traffic) => [
      SEND_POLICY_LABELS[traffic.policy],
      formatKbps(oneDecimal(traffic.ingressKbps / room.people)),
      formatKbps(oneDecimal(traffic.ingressKbps), { compact: true }),
      formatKbps(oneDecimal(traffic.egressKbps), { compact: true }),
      formatKbps(oneDecimal(traffic.perPersonDownloadKbps)),
      formatPercent(traffic.savingVsContinuous, 1),
    ]),
  };
}
