import { describe, expect, it } from 'vitest';
import { computeHearIt, hearItSlices, lengthMs, stripPaths, STRIP_WIDTH, type StripKind } from '@/components/figures/udp-vs-tcp/hearItRun';
import { DEFAULT_HEAR_IT_INPUTS, INPUT_RANGES, type PlayoutSlice } from '@/lib/transport';

/** A path's rectangles as [from, to] on x (each subpath is `M<x> 4h<w>v22h<-w>z`). */
function rectangles(d: string): [number, number][] {
  return [...d.matchAll(/M(-?[\d.]+) 4h(-?[\d.]+)v22h(-?[\d.]+)z/g)].map(([, x, w]) => [Number(x), Number(x) + Number(w)]);
}

/** The union of intervals, as sorted disjoint intervals (those that touch within `slack` joined). */
function union(intervals: [number, number][], slack: number): [number, number][] {
  const out: [number, number][] = [];
  for (const [from, to] of [...intervals].sort((a, b) => a[0] - b[0])) {
    const last = out[out.length - 1];
    if (last && from <= last[1] + slack) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
  }
  return out;
}

/** What each kind covered when every slice (and stall) was a rectangle of its own, as the strips were drawn before. */
function perSliceCover(slices: PlayoutSlice[], totalMs: number): Map<StripKind, [number, number][]> {
  const origin = slices[0].startMs;
  const x = (ms: number) => ((ms - origin) / totalMs) * STRIP_WIDTH;
  const cover = new Map<StripKind, [number, number][]>();
  const add = (kind: StripKind, from: number, to: number) => cover.set(kind, [...(cover.get(kind) ?? []), [from, to]]);
  let previousEnd = origin;
  for (const slice of slices) {
    if (slice.startMs - previousEnd > 0.5) add('stall', x(previousEnd), x(slice.startMs));
    add(slice.kind, x(slice.startMs), Math.max(x(slice.startMs) + 0.4, x(slice.startMs + slice.durationMs)));
    previousEnd = slice.startMs + slice.durationMs;
  }
  return cover;
}

const largest = {
  ...DEFAULT_HEAR_IT_INPUTS,
  lossPercent: INPUT_RANGES.lossPercent.max,
  rttMs: INPUT_RANGES.rttMs.max,
  jitterMs: INPUT_RANGES.jitterMs.max,
};

describe('the hear-it strips', () => {
  it('draw the clip as recorded, back-to-back frames, as one bar across the strip', () => {
    const { original, tcp, udp } = computeHearIt(largest).strips;
    const longest = Math.max(original.lengthMs, tcp.lengthMs, udp.lengthMs);
    expect(original.paths).toHaveLength(1);
    const [bar] = rectangles(original.paths[0].d);
    expect(rectangles(original.paths[0].d)).toHaveLength(1);
    expect(bar[0]).toBe(0);
    expect(bar[1]).toBeCloseTo((original.lengthMs / longest) * STRIP_WIDTH, 1);
  });

  it('cover, per kind of slice, exactly what one rectangle per slice covered, with far fewer rectangles', () => {
    for (const seed of [1, 2, 3]) {
      const inputs = { ...largest, seed };
      const slices = hearItSlices(inputs);
      const totalMs = Math.max(lengthMs(slices.original), lengthMs(slices.tcp), lengthMs(slices.udp));
      for (const version of ['tcp', 'udp'] as const) {
        const paths = stripPaths(slices[version], totalMs);
        const before = perSliceCover(slices[version], totalMs);
        expect(paths.map((p) => p.kind).sort()).toEqual([...before.keys()].sort());
        for (const { kind, d } of paths) {
          const drawn = rectangles(d);
          // Disjoint and in order: no two rectangles of a kind touch (they would have been one).
          drawn.slice(1).forEach(([from], i) => expect(from).toBeGreaterThan(drawn[i][1]));
          // The same cover as before, to the path text's 0.01-unit rounding.
          const expected = union(before.get(kind)!, 1e-6);
          expect(drawn).toHaveLength(expected.length);
          drawn.forEach(([from, to], i) => {
            expect(from).toBeCloseTo(expected[i][0], 1);
            expect(to).toBeCloseTo(expected[i][1], 1);
          });
        }
        const sliceCount = slices[version].length;
        const rectangleCount = paths.reduce((n, { d }) => n + rectangles(d).length, 0);
        expect(rectangleCount).toBeLessThan(sliceCount / 2);
      }
    }
  });

  it('and the run the page draws is the run Play renders', () => {
    const run = computeHearIt(largest);
    const slices = hearItSlices(largest);
    expect(run.strips.tcp.lengthMs).toBe(lengthMs(slices.tcp));
    expect(run.strips.udp.lengthMs).toBe(lengthMs(slices.udp));
    expect(run).not.toHaveProperty('tcp');
  });
});
