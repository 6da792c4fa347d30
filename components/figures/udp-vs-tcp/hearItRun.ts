import { clipRun, clipTable, COUNTING_CLIP_FRAMES, laneSlices, type PlayoutSlice, type UdpTcpInputs } from '@/lib/transport';
import type { TableData } from '@/lib/table';

/** What the hear-it figure draws, plays and tabulates for one set of inputs: one run of the transport model. */
export interface HearItRun {
  inputs: UdpTcpInputs;
  tcp: PlayoutSlice[];
  udp: PlayoutSlice[];
  table: TableData;
}

/** Runs the clip through the transport model once (a few ms at the largest setting) and reads everything from it. */
export function computeHearIt(inputs: UdpTcpInputs): HearItRun {
  const run = clipRun(inputs, COUNTING_CLIP_FRAMES);
  return { inputs, tcp: laneSlices(run, 'tcp'), udp: laneSlices(run, 'udp'), table: clipTable(inputs, COUNTING_CLIP_FRAMES, run) };
}

export function sameInputs(a: UdpTcpInputs, b: UdpTcpInputs): boolean {
  return a.lossPercent === b.lossPercent && a.rttMs === b.rttMs && a.jitterMs === b.jitterMs && a.rtoPolicy === b.rtoPolicy && a.seed === b.seed;
}
