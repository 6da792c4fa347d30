/**
 * The room figure's connection sample and packet flow are computed without walking every pair or building
 * packets a later step drops; these tests hold them to the straightforward versions they replaced, value for
 * value (the references below are those versions, unchanged).
 */
import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '@/lib/random';
import {
  advanceFlow,
  copiesPerEmission,
  initialFlow,
  roomEdges,
  stepFlow,
  EDGE_BUDGET,
  EMIT_INTERVAL_MS,
  PACKET_BUDGET,
  SERVER,
  TRAVEL_MS,
  type FlowParams,
  type FlowState,
  type RoomEdges,
} from '@/lib/bandwidth';

/** The mesh sample as roomEdges drew it before (its server rooms did not change). */
function referenceRoomEdges(people: number, budget = EDGE_BUDGET): RoomEdges {
  const total = (people * (people - 1)) / 2;
  const drawn = Math.min(total, budget);
  const pairs = new Int32Array(drawn * 2);
  const stride = total / drawn;
  let next = 0;
  let index = 0;
  let written = 0;
  for (let a = 0; a < people && written < drawn; a += 1) {
    for (let b = a + 1; b < people && written < drawn; b += 1, index += 1) {
      if (index >= Math.floor(next)) {
        pairs[2 * written] = a;
        pairs[2 * written + 1] = b;
        written += 1;
        next += stride;
      }
    }
  }
  return { pairs, total, drawn };
}

/** Sender i emits at times (k + i / senders) x EMIT_INTERVAL_MS, so waves are staggered evenly. */
function emissionsBetween(sender: number, senders: number, fromMs: number, toMs: number): number[] {
  const phaseMs = (sender / senders) * EMIT_INTERVAL_MS;
  const times: number[] = [];
  let k = Math.ceil((fromMs - phaseMs) / EMIT_INTERVAL_MS);
  for (let t = k * EMIT_INTERVAL_MS + phaseMs; t < toMs; k += 1, t = k * EMIT_INTERVAL_MS + phaseMs) {
    if (t >= fromMs) times.push(t);
  }
  return times;
}

function referenceStepFlow(state: FlowState, params: FlowParams, dtMs: number, rng: Rng): FlowState {
  const fromMs = state.timeMs;
  const toMs = fromMs + dtMs;
  const { topology, people, senders } = params;
  const packets = state.packets.filter(
    (p) =>
      p.departMs + TRAVEL_MS > toMs &&
      p.from < people &&
      p.to < people &&
      p.from < senders &&
      // A packet from another topology's route (after the reader switches) is dropped.
      (topology === 'mesh') === (p.from !== SERVER && p.to !== SERVER),
  );
  const copies = copiesPerEmission(params);
  const receivers = people - 1;
  if (copies === 0) return { timeMs: toMs, packets };
  for (let sender = 0; sender < senders; sender += 1) {
    for (const departMs of emissionsBetween(sender, senders, fromMs, toMs)) {
      if (topology !== 'mesh') packets.push({ from: sender, to: SERVER, departMs, kind: 'voice' });
      if (topology === 'mcu') continue;
      const offset = copies < receivers ? Math.floor(rng.next() * receivers) : 0;
      const stride = receivers / copies;
      for (let c = 0; c < copies; c += 1) {
        // The c-th receiver among the others, skipping the sender itself.
        const other = (offset + Math.floor(c * stride)) % receivers;
        const to = other >= sender ? other + 1 : other;
        if (topology === 'mesh') packets.push({ from: sender, to, departMs, kind: 'voice' });
        else packets.push({ from: SERVER, to, departMs: departMs + TRAVEL_MS, kind: 'voice' });
      }
    }
  }
  if (topology === 'mcu') {
    // The mixer sends one mixed packet per interval to everyone who has someone to hear: with a single
    // sender, that sender hears nobody.
    const listeners = senders === 1 ? receivers : people;
    const shown = Math.min(listeners, PACKET_BUDGET);
    for (const mixMs of emissionsBetween(0, 1, fromMs - TRAVEL_MS, toMs - TRAVEL_MS)) {
      const offset = shown < listeners ? Math.floor(rng.next() * listeners) : 0;
      for (let c = 0; c < shown; c += 1) {
        const slot = (offset + Math.floor((c * listeners) / shown)) % listeners;
        const to = senders === 1 ? slot + 1 : slot;
        packets.push({ from: SERVER, to, departMs: mixMs + TRAVEL_MS, kind: 'mix' });
      }
    }
  }
  return { timeMs: toMs, packets };
}

function referenceRun(params: FlowParams, steps: number, stepMs: number, seed: number): FlowState {
  const rng = createRng(seed);
  let flow = initialFlow();
  for (let step = 0; step < steps; step += 1) flow = referenceStepFlow(flow, params, stepMs, rng);
  return flow;
}

const ROOMS: FlowParams[] = [2, 3, 10, 60, 61, 1000].flatMap((people) =>
  (['mesh', 'sfu', 'mcu'] as const).flatMap((topology) =>
    [...new Set([0, 1, 3, Math.floor(people / 2), people])].filter((s) => s <= people).map((senders) => ({ topology, people, senders })),
  ),
);

describe('the sampled connections of a mesh', () => {
  it('are the pairs the full walk picked, for the small rooms and the large ones', () => {
    const same = (a: RoomEdges, b: RoomEdges) => a.total === b.total && a.drawn === b.drawn && Buffer.from(a.pairs.buffer).equals(Buffer.from(b.pairs.buffer));
    for (const people of [...Array.from({ length: 90 }, (_, i) => i), 149, 500, 999, 1000]) {
      for (const budget of [EDGE_BUDGET, 100, 1]) {
        expect(same(roomEdges('mesh', people, budget), referenceRoomEdges(people, budget)), `${people} people, budget ${budget}`).toBe(true);
      }
    }
    // And the comparison itself tells pairs apart.
    expect(same(roomEdges('mesh', 1000), referenceRoomEdges(1000, EDGE_BUDGET - 1))).toBe(false);
  });
});

describe('the packet flow', () => {
  it('steps as it did: the same packets in the same order from the same random numbers', () => {
    for (const params of ROOMS) {
      expect(referenceRun(params, 30, 37, 7), JSON.stringify(params)).toEqual((() => {
        const rng = createRng(7);
        let flow = initialFlow();
        for (let step = 0; step < 30; step += 1) flow = stepFlow(flow, params, 37, rng);
        return flow;
      })());
    }
  });

  it('advanced many steps at once equals stepping it, and leaves the random numbers where stepping does', () => {
    for (const params of ROOMS) {
      for (const [steps, stepMs] of [[63, 20], [1, 20], [10, 100], [0, 20]]) {
        const rng = createRng(2018);
        const advanced = advanceFlow(params, steps, stepMs, rng);
        const stepped = createRng(2018);
        let flow = initialFlow();
        for (let step = 0; step < steps; step += 1) flow = stepFlow(flow, params, stepMs, stepped);
        expect(advanced, `${JSON.stringify(params)} ${steps} x ${stepMs} ms`).toEqual(flow);
        expect(rng.state).toBe(stepped.state);
      }
    }
  });
});
