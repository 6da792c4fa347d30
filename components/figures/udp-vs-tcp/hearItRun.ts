import { clipRun, clipTable, COUNTING_CLIP_FRAMES, FRAME_MS, laneSlices, type PlayoutSlice, type UdpTcpInputs } from '@/lib/transport';
import type { TableData } from '@/lib/table';

export type Version = 'original' | 'tcp' | 'udp';
export type StripKind = PlayoutSlice['kind'] | 'stall';

/** One version's strip: how long it plays, and its drawing as one SVG path per kind of slice. */
export interface StripDrawing {
  lengthMs: number;
  paths: { kind: StripKind; d: string }[];
}

/**
 * What the hear-it figure draws and tabulates for one set of inputs, read from one run of the transport model:
 * what the worker sends the page at each step of a drag. The slices themselves (~800 objects) stay out of it;
 * they are wanted only when the reader presses Play (hearItSlices), and copying them across at every step cost
 * the page more than drawing the strips.
 */
export interface HearItRun {
  inputs: UdpTcpInputs;
  table: TableData;
  /** The three strips, on one time scale (the longest version's length). */
  strips: Record<Version, StripDrawing>;
}

/** The strips are drawn in a STRIP_WIDTH x STRIP_ROW viewBox stretched to each strip. */
export const STRIP_WIDTH = 1000;
export const STRIP_ROW = 30;

/** The clip as recorded: every frame played in turn, on time. */
export const ORIGINAL_SLICES: PlayoutSlice[] = Array.from({ length: COUNTING_CLIP_FRAMES }, (_, frame) => ({
  frame,
  startMs: frame * FRAME_MS,
  durationMs: FRAME_MS,
  kind: 'played',
}));

export const lengthMs = (s: PlayoutSlice[]) => (s.length === 0 ? 0 : s[s.length - 1].startMs + s[s.length - 1].durationMs - s[0].startMs);

/**
 * One version's playout as a strip: ~400 slices and the gaps between them (stalls) as one path per kind,
 * `totalMs` across the strip's width. Slices of a kind that touch or overlap are one rectangle (a path's fill
 * is the union of its rectangles either way, so the strip looks the same): the clip as recorded is a single
 * bar, and a strip at the largest setting has a few dozen subpaths per kind instead of hundreds, which the
 * browser parses, measures and paints at every step of a drag.
 */
export function stripPaths(slices: PlayoutSlice[], totalMs: number): StripDrawing['paths'] {
  const origin = slices.length > 0 ? slices[0].startMs : 0;
  const x = (ms: number) => ((ms - origin) / totalMs) * STRIP_WIDTH;
  const spans = new Map<StripKind, [from: number, to: number][]>();
  const add = (kind: StripKind, from: number, to: number) => {
    let list = spans.get(kind);
    if (!list) spans.set(kind, (list = []));
    const last = list[list.length - 1];
    if (last && from <= last[1] + TOUCHING) last[1] = Math.max(last[1], to);
    else list.push([from, to]);
  };
  let previousEnd = origin;
  for (const slice of slices) {
    if (slice.startMs - previousEnd > 0.5) add('stall', x(previousEnd), x(slice.startMs));
    add(slice.kind, x(slice.startMs), Math.max(x(slice.startMs) + 0.4, x(slice.startMs + slice.durationMs)));
    previousEnd = slice.startMs + slice.durationMs;
  }
  const top = 4;
  const barHeight = STRIP_ROW - 8;
  return [...spans].map(([kind, list]) => ({
    kind,
    d: list.map(([from, to]) => `M${from.toFixed(2)} ${top}h${(to - from).toFixed(2)}v${barHeight}h${(from - to).toFixed(2)}z`).join(''),
  }));
}

/** Rectangles closer than this (in viewBox units, a millionth of a pixel) touch: float rounding of one edge. */
const TOUCHING = 1e-6;

/** The three versions' slices for these inputs: what Play renders (one run of the model, a few ms). */
export function hearItSlices(inputs: UdpTcpInputs): Record<Version, PlayoutSlice[]> {
  const run = clipRun(inputs, COUNTING_CLIP_FRAMES);
  return { original: ORIGINAL_SLICES, tcp: laneSlices(run, 'tcp'), udp: laneSlices(run, 'udp') };
}

/**
 * Runs the clip through the transport model once (a few ms at the largest setting) and reads what the figure
 * shows from it, the strips' drawing included: in the worker (hearIt.worker.ts) that is off the main thread
 * too, which then only sets a few path attributes per run.
 */
export function computeHearIt(inputs: UdpTcpInputs): HearItRun {
  const run = clipRun(inputs, COUNTING_CLIP_FRAMES);
  const slices: Record<Version, PlayoutSlice[]> = { original: ORIGINAL_SLICES, tcp: laneSlices(run, 'tcp'), udp: laneSlices(run, 'udp') };
  const totalMs = Math.max(lengthMs(slices.original), lengthMs(slices.tcp), lengthMs(slices.udp));
  const strip = (version: Version): StripDrawing => ({ lengthMs: lengthMs(slices[version]), paths: stripPaths(slices[version], totalMs) });
  return {
    inputs,
    table: clipTable(inputs, COUNTING_CLIP_FRAMES, run),
    strips: { original: strip('original'), tcp: strip('tcp'), udp: strip('udp') },
  };
}

export function sameInputs(a: UdpTcpInputs, b: UdpTcpInputs): boolean {
  return a.lossPercent === b.lossPercent && a.rttMs === b.rttMs && a.jitterMs === b.jitterMs && a.rtoPolicy === b.rtoPolicy && a.seed === b.seed;
}
