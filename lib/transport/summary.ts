/**
 * What a run sounded like on each lane, and the figure's data table. The figure, its still and the chapter
 * all read these, so the numbers a reader sees are the model's.
 */
import type { TableData } from '@/lib/table';
import { formatCount, formatMs, formatPercent } from '@/lib/units';
import { FRAME_MS } from './constants';
import { quantileSorted } from './jitterBuffer';
import { simulateRun } from './simulation';
import type { LinkParams, Playout, RtoPolicy, TransportState } from './types';

export type Lane = 'tcp' | 'udp';

export interface LaneSummary {
  frames: number;
  /** Frames played with their real audio (on time, late, or rushed). */
  framesWithAudio: number;
  /** UDP: frames filled in by concealment, each 20 ms. */
  framesConcealed: number;
  concealedMs: number;
  /** UDP: runs of consecutive concealed frames. */
  concealedGaps: number;
  /** TCP: times the speaker went silent waiting for data, and for how long in total and at worst. */
  freezes: number;
  frozenMs: number;
  longestFreezeMs: number;
  /** TCP: frames played faster than real time. */
  framesRushed: number;
  medianMouthToEarMs: number;
  worstMouthToEarMs: number;
  /** The lane's audible faults: freezes (TCP) or concealed gaps (UDP). */
  glitches: number;
}

export function playouts(state: TransportState, lane: Lane): { frame: number; capturedMs: number; playout: Playout }[] {
  const result: { frame: number; capturedMs: number; playout: Playout }[] = [];
  for (const record of state.frames) {
    const playout = lane === 'tcp' ? record.tcp.playout : record.udp.playout;
    if (playout) result.push({ frame: record.index, capturedMs: record.capturedMs, playout });
  }
  return result;
}

export function summarizeLane(state: TransportState, lane: Lane): LaneSummary {
  const played = playouts(state, lane);
  const delays = played.map((p) => p.playout.startMs - p.capturedMs).sort((a, b) => a - b);
  let framesConcealed = 0;
  let concealedGaps = 0;
  let freezes = 0;
  let frozenMs = 0;
  let longestFreezeMs = 0;
  let framesRushed = 0;
  let previousConcealed = false;
  for (const { playout } of played) {
    const concealed = playout.kind === 'concealed';
    if (concealed) {
      framesConcealed++;
      if (!previousConcealed) concealedGaps++;
    }
    previousConcealed = concealed;
    if (playout.kind === 'rushed') framesRushed++;
    if (playout.stallBeforeMs > 1e-6) {
      freezes++;
      frozenMs += playout.stallBeforeMs;
      longestFreezeMs = Math.max(longestFreezeMs, playout.stallBeforeMs);
    }
  }
  return {
    frames: played.length,
    framesWithAudio: played.length - framesConcealed,
    framesConcealed,
    concealedMs: framesConcealed * FRAME_MS,
    concealedGaps,
    freezes,
    frozenMs,
    longestFreezeMs,
    framesRushed,
    medianMouthToEarMs: delays.length > 0 ? quantileSorted(delays, 0.5) : 0,
    worstMouthToEarMs: delays.length > 0 ? delays[delays.length - 1] : 0,
    glitches: lane === 'tcp' ? freezes : concealedGaps,
  };
}

/** What the reader chooses in the figure. */
export interface UdpTcpInputs {
  lossPercent: number;
  rttMs: number;
  jitterMs: number;
  rtoPolicy: RtoPolicy;
  /** Which roll of the network's dice; "another run" bumps it. */
  seed: number;
}

export const DEFAULT_UDP_TCP_INPUTS: UdpTcpInputs = {
  lossPercent: 3,
  rttMs: 100,
  jitterMs: 10,
  rtoPolicy: 'linux',
  seed: 1,
};

/** The "hear it" figure starts a little lossier, so the difference is easy to hear on the first try. */
export const DEFAULT_HEAR_IT_INPUTS: UdpTcpInputs = { ...DEFAULT_UDP_TCP_INPUTS, lossPercent: 5 };

/** How fast the lanes figure runs the model: slow enough to follow one packet, or real time. */
export const FIGURE_SPEEDS = [
  { value: '0.1', label: '1/10 speed' },
  { value: '0.25', label: '1/4 speed' },
  { value: '1', label: 'Real time' },
] as const;
export type FigureSpeed = (typeof FIGURE_SPEEDS)[number]['value'];
export const DEFAULT_FIGURE_SPEED: FigureSpeed = '0.1';
/** The playout timeline shows the last 2 s of model time. */
export const TIMELINE_WINDOW_MS = 2000;

/** The sliders' ranges: loss 0-20 %, round trip 20-400 ms, jitter 0-60 ms. */
export const INPUT_RANGES = {
  lossPercent: { min: 0, max: 20, step: 1 },
  rttMs: { min: 20, max: 400, step: 10 },
  jitterMs: { min: 0, max: 60, step: 5 },
} as const;

export const RTO_POLICY_LABELS: Record<RtoPolicy, string> = {
  linux: 'Linux (200 ms floor)',
  rfc6298: 'RFC 6298 (1 s floor)',
};

export function linkFromInputs(inputs: UdpTcpInputs): LinkParams {
  return {
    rttMs: inputs.rttMs,
    jitterMs: inputs.jitterMs,
    lossFraction: inputs.lossPercent / 100,
    rtoPolicy: inputs.rtoPolicy,
  };
}

/** The figure's summary covers 10 s of continuous speech: 500 frames. */
export const SUMMARY_FRAMES = 500;

export interface UdpTcpSummary {
  tcp: LaneSummary;
  udp: LaneSummary;
  retransmissions: number;
  timeouts: number;
}

export function summarizeInputs(inputs: UdpTcpInputs, frames = SUMMARY_FRAMES): UdpTcpSummary {
  const state = simulateRun(linkFromInputs(inputs), inputs.seed, frames);
  return {
    tcp: summarizeLane(state, 'tcp'),
    udp: summarizeLane(state, 'udp'),
    retransmissions: state.tcp.sender.retransmissions,
    timeouts: state.tcp.sender.timeouts,
  };
}

export function udpTcpTable(inputs: UdpTcpInputs, summary: UdpTcpSummary = summarizeInputs(inputs)): TableData {
  const { tcp, udp, retransmissions, timeouts } = summary;
  const seconds = (SUMMARY_FRAMES * FRAME_MS) / 1000;
  return {
    caption:
      `${seconds} s of speech in ${formatCount(SUMMARY_FRAMES)} packets of ${FRAME_MS} ms, ` +
      `${formatPercent(inputs.lossPercent / 100)} loss, ${formatMs(inputs.rttMs)} round trip, ` +
      `${formatMs(inputs.jitterMs)} jitter, TCP timer ${RTO_POLICY_LABELS[inputs.rtoPolicy]}: ` +
      `TCP resent ${formatCount(retransmissions)} segments (${formatCount(timeouts)} after a timeout).`,
    columns: [
      'Path',
      'Typical mouth-to-ear delay',
      'Worst mouth-to-ear delay',
      'Freezes',
      'Time frozen',
      'Longest freeze',
      'Frames concealed',
      'Audio concealed',
    ],
    rows: [laneRow('TCP', tcp), laneRow('UDP/RTP', udp)],
  };
}

function laneRow(label: string, lane: LaneSummary): string[] {
  return [
    label,
    formatMs(lane.medianMouthToEarMs),
    formatMs(lane.worstMouthToEarMs),
    formatCount(lane.freezes),
    formatMs(lane.frozenMs),
    formatMs(lane.longestFreezeMs),
    formatCount(lane.framesConcealed),
    formatMs(lane.concealedMs),
  ];
}

/** A lane's playout as slices for the audio renderer, in play order. */
export function laneSlices(state: TransportState, lane: Lane): { frame: number; startMs: number; durationMs: number; kind: Playout['kind'] }[] {
  return playouts(state, lane).map(({ frame, playout }) => ({
    frame,
    startMs: playout.startMs,
    durationMs: playout.durationMs,
    kind: playout.kind,
  }));
}

/** How long a lane's playout lasts from its first sound to its last. */
export function heardLengthMs(state: TransportState, lane: Lane): number {
  const slices = laneSlices(state, lane);
  if (slices.length === 0) return 0;
  const last = slices[slices.length - 1];
  return last.startMs + last.durationMs - slices[0].startMs;
}

/** The "hear it" figure's run: the clip's frames through the reader's link. */
export function clipRun(inputs: UdpTcpInputs, frames: number): TransportState {
  return simulateRun(linkFromInputs(inputs), inputs.seed, frames);
}

/** The clip's table; pass the figure's own clipRun(inputs, frames) to save running the model twice. */
export function clipTable(inputs: UdpTcpInputs, frames: number, state: TransportState = clipRun(inputs, frames)): TableData {
  const tcp = summarizeLane(state, 'tcp');
  const udp = summarizeLane(state, 'udp');
  const recordedMs = frames * FRAME_MS;
  return {
    caption:
      `The ${formatMs(recordedMs)} clip (${formatCount(frames)} frames) through ${formatPercent(inputs.lossPercent / 100)} loss, ` +
      `${formatMs(inputs.rttMs)} round trip and ${formatMs(inputs.jitterMs)} jitter.`,
    columns: ['Version', 'Length as heard', 'Freezes', 'Time frozen', 'Frames rushed', 'Frames concealed'],
    rows: [
      ['As recorded', formatMs(recordedMs), '0', formatMs(0), '0', '0'],
      ['Over TCP', formatMs(heardLengthMs(state, 'tcp')), formatCount(tcp.freezes), formatMs(tcp.frozenMs), formatCount(tcp.framesRushed), formatCount(tcp.framesConcealed)],
      ['Over UDP/RTP', formatMs(heardLengthMs(state, 'udp')), formatCount(udp.freezes), formatMs(udp.frozenMs), formatCount(udp.framesRushed), formatCount(udp.framesConcealed)],
    ],
  };
}
