import { describe, expect, it } from 'vitest';
import { createRng } from '@/lib/random';
import {
  seedCorrections,
  seedCorrectionsTable,
  verdictFor,
  roomLayout,
  roomEdges,
  roomEdgeCounts,
  audioSenderCount,
  spreadStride,
  RING_MAX_PEOPLE,
  initialFlow,
  stepFlow,
  copiesPerEmission,
  shownShare,
  packetProgress,
  EMIT_INTERVAL_MS,
  TRAVEL_MS,
  PACKET_BUDGET,
  SERVER,
  type FlowParams,
  type FlowState,
} from '@/lib/bandwidth';

describe("the case study's numbers, recomputed", () => {
  const rows = seedCorrections().map((c) => [c.scenario.id, c.who, c.direction, c.claimedKbps, c.meshKbps, c.sfuKbps, c.verdict]);

  it('keeps what was right, calls a rounding close, and corrects what was wrong', () => {
    expect(rows).toEqual([
      ['two-people', 'talker', 'upload', 80, 80, 80, 'right'],
      ['two-people', 'talker', 'download', 80, 80, 80, 'right'],
      ['ten-three', 'talker', 'upload', 800, 720, 80, 'wrong'],
      ['ten-three', 'talker', 'download', 800, 160, 160, 'wrong'],
      ['ten-three', 'listener', 'upload', 800, 0, 0, 'wrong'],
      ['ten-three', 'listener', 'download', 800, 240, 240, 'wrong'],
      ['hundred-one', 'talker', 'upload', 8000, 7920, 80, 'close'],
      ['hundred-one', 'talker', 'download', 0, 0, 0, 'right'],
      ['hundred-one', 'listener', 'upload', 0, 0, 0, 'right'],
      ['hundred-one', 'listener', 'download', 80, 80, 80, 'right'],
      ['thousand-all', 'talker', 'upload', 80_000, 79_920, 80, 'close'],
      ['thousand-all', 'talker', 'download', 80_000, 79_920, 79_920, 'close'],
    ]);
  });

  it('calls a claim within 2 % of the model a rounding, and 11 % off wrong', () => {
    expect(verdictFor(80_000, 79_920)).toBe('close');
    expect(verdictFor(800, 720)).toBe('wrong');
    expect(verdictFor(80, 80)).toBe('right');
    expect(verdictFor(80, 0)).toBe('wrong');
  });

  it('explains the 10-person talker upload with 9 copies of 80 kbps', () => {
    const c = seedCorrections().find((x) => x.scenario.id === 'ten-three' && x.who === 'talker' && x.direction === 'upload');
    expect(c?.why).toBe('A talker sends a separate copy to each of the 9 others: 9 × 80 kbps.');
    const l = seedCorrections().find((x) => x.scenario.id === 'ten-three' && x.who === 'listener' && x.direction === 'download');
    expect(l?.why).toBe('A listener hears the 3 talkers: 3 × 80 kbps.');
    const two = seedCorrections().filter((x) => x.scenario.id === 'two-people').map((x) => x.why);
    expect(two).toEqual([
      'A talker sends a separate copy to the one other person: 1 × 80 kbps.',
      'A talker hears the 1 other talker: 1 × 80 kbps.',
    ]);
  });

  it('writes the 1,000-talker row with thousands separators', () => {
    expect(seedCorrectionsTable().rows.at(-2)).toEqual([
      '1,000 people, all talking',
      'A talker, upload',
      '80,000 kbps (close enough)',
      '79,920 kbps',
      '80 kbps',
      "A talker sends a separate copy to each of the 999 others: 999 × 80 kbps. The case study's 80,000 kbps is 0.1 % off: a rounding that changes no conclusion.",
    ]);
  });
});

describe('room layout', () => {
  it('puts up to 60 people on the unit circle, first one at the top', () => {
    const layout = roomLayout(RING_MAX_PEOPLE);
    for (let i = 0; i < RING_MAX_PEOPLE; i += 1) expect(Math.hypot(layout.x[i], layout.y[i])).toBeCloseTo(1, 12);
    expect([layout.x[0], layout.y[0]]).toEqual([Math.cos(-Math.PI / 2), -1]);
  });

  it('spreads consecutive people apart with a stride coprime to N', () => {
    expect(spreadStride(10)).toBe(7);
    expect(spreadStride(1000)).toBe(383);
    expect(spreadStride(2)).toBe(1);
  });

  it('puts 1,000 people in a ring-shaped disc, leaving the centre for the server', () => {
    const layout = roomLayout(1000);
    const radii = Array.from(layout.x, (x, i) => Math.hypot(x, layout.y[i]));
    expect(Math.min(...radii)).toBeGreaterThan(0.38);
    expect(Math.max(...radii)).toBeLessThan(1);
    expect(layout.nodeRadius).toBeGreaterThan(0);
  });
});

describe('room edges', () => {
  it('draws all 45 connections of a 10-person mesh', () => {
    const edges = roomEdges('mesh', 10);
    expect(edges).toMatchObject({ total: 45, drawn: 45 });
    expect(Array.from(edges.pairs.slice(0, 4))).toEqual([0, 1, 0, 2]);
  });

  it('draws an even sample of 3,000 of the 499,500 connections of a 1,000-person mesh', () => {
    const edges = roomEdges('mesh', 1000);
    expect(edges).toMatchObject({ total: 499_500, drawn: 3000 });
    expect(edges.pairs.length).toBe(6000);
    expect(edges.pairs.at(-2)).toBeGreaterThan(950);
  });

  it('joins each person to the server in an SFU room', () => {
    expect(Array.from(roomEdges('sfu', 3).pairs)).toEqual([0, SERVER, 1, SERVER, 2, SERVER]);
  });

  it('counts what it draws without drawing it (the legend says "3,000 of 499,500 connections drawn")', () => {
    for (const topology of ['mesh', 'sfu', 'mcu'] as const)
      for (const people of [1, 2, 10, 60, 78, 79, 1000]) {
        const { total, drawn } = roomEdges(topology, people);
        expect(roomEdgeCounts(topology, people)).toEqual({ total, drawn });
      }
  });
});

describe('who sends audio', () => {
  it('is the talkers with voice activity detection, everyone without it', () => {
    expect(audioSenderCount({ people: 12, talkers: 3, vad: true })).toBe(3);
    expect(audioSenderCount({ people: 12, talkers: 3 })).toBe(3);
    expect(audioSenderCount({ people: 12, talkers: 3, vad: false })).toBe(12);
  });
});

function run(params: FlowParams, ms: number, dtMs = 20): FlowState {
  const rng = createRng(7);
  let state = initialFlow();
  for (let t = 0; t < ms; t += dtMs) state = stepFlow(state, params, dtMs, rng);
  return state;
}

describe('packet flow', () => {
  it('sends one copy from each of 3 mesh talkers to each of the 9 others per interval', () => {
    const state = run({ topology: 'mesh', people: 10, senders: 3 }, EMIT_INTERVAL_MS, EMIT_INTERVAL_MS);
    expect(state.packets).toHaveLength(27);
    expect(state.packets.every((p) => p.from < 3 && p.to !== p.from && p.to >= 0)).toBe(true);
    expect(new Set(state.packets.filter((p) => p.from === 1).map((p) => p.to))).toEqual(new Set([0, 2, 3, 4, 5, 6, 7, 8, 9]));
  });

  it('routes SFU packets up to the server and a copy down to each receiver one hop later', () => {
    const state = run({ topology: 'sfu', people: 10, senders: 1 }, 20);
    expect(state.packets.filter((p) => p.to === SERVER)).toEqual([{ from: 0, to: SERVER, departMs: 0, kind: 'voice' }]);
    const down = state.packets.filter((p) => p.from === SERVER);
    expect(down).toHaveLength(9);
    expect(down.every((p) => p.departMs === TRAVEL_MS)).toBe(true);
    expect(packetProgress(down[0], 0)).toBeNull();
    expect(packetProgress(down[0], TRAVEL_MS + TRAVEL_MS / 2)).toBe(0.5);
  });

  it('sends an MCU receiver one mixed packet per interval however many talk', () => {
    const state = run({ topology: 'mcu', people: 10, senders: 3 }, EMIT_INTERVAL_MS);
    const mixes = state.packets.filter((p) => p.kind === 'mix');
    expect(mixes).toHaveLength(10);
    expect(new Set(mixes.map((p) => p.to)).size).toBe(10);
  });

  it('samples 1 copy per emission when 1,000 mesh talkers would need 999,000', () => {
    const params: FlowParams = { topology: 'mesh', people: 1000, senders: 1000 };
    expect(copiesPerEmission(params)).toBe(1);
    expect(shownShare(params)).toBe(1 / 999);
    const state = run(params, EMIT_INTERVAL_MS, EMIT_INTERVAL_MS);
    expect(state.packets.length).toBe(1000);
    expect(state.packets.length).toBeLessThanOrEqual(PACKET_BUDGET);
  });

  it('replays identically from the same seed', () => {
    const params: FlowParams = { topology: 'mesh', people: 500, senders: 20 };
    expect(run(params, 2000)).toEqual(run(params, 2000));
  });

  it('drops packets that arrived and packets of a topology the reader switched away from', () => {
    const rng = createRng(1);
    let state = run({ topology: 'mesh', people: 5, senders: 1 }, 100);
    expect(state.packets.length).toBeGreaterThan(0);
    state = stepFlow(state, { topology: 'sfu', people: 5, senders: 0 }, 20, rng);
    expect(state.packets).toEqual([]);
    state = run({ topology: 'mesh', people: 5, senders: 1 }, 20);
    state = stepFlow(state, { topology: 'mesh', people: 5, senders: 0 }, TRAVEL_MS, rng);
    expect(state.packets).toEqual([]);
  });
});
