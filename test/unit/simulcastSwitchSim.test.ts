import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SWITCH_SIM_PARAMS,
  SWITCH_ANIMATION_SPEED,
  createSwitchSim,
  inFlightProgress,
  isSettled,
  settleSwitchSim,
  stepSwitchSim,
  type SwitchSimState,
} from '../../lib/simulcast/switchSim';

const ALL = ['q', 'h', 'f'];

function run(state: SwitchSimState, targets: (string | null)[], active: string[], steps: number, dtMs = 10): SwitchSimState {
  let next = state;
  for (let i = 0; i < steps; i += 1) next = stepSwitchSim(next, targets, active, dtMs);
  return next;
}

describe('switch simulation: a friend moves from 180p to 360p', () => {
  it('uses 30 frames per second, 40 ms each way and a 500 ms retry, played at a tenth of real speed', () => {
    expect(DEFAULT_SWITCH_SIM_PARAMS).toEqual({ frameIntervalMs: 1000 / 30, oneWayDelayMs: 40, keyframeRetryMs: 500 });
    expect(SWITCH_ANIMATION_SPEED).toBe(0.1);
  });

  it('sends a PLI for 360p the moment the target changes', () => {
    const state = stepSwitchSim(createSwitchSim(['q'], ALL), ['h'], ALL, 10);
    expect(state.inFlight).toEqual([{ kind: 'pli', rid: 'h', sentAtMs: 0 }]);
    expect(state.plisSent).toBe(1);
    expect(state.events).toEqual([{ atMs: 0, kind: 'pli-sent', rid: 'h', friendIndex: 0 }]);
  });

  it('has the streamer make its first 360p frame after the PLI (at 66.7 ms) a keyframe', () => {
    const state = run(createSwitchSim(['q'], ALL), ['h'], ALL, 7);
    expect(state.inFlight).toEqual([{ kind: 'keyframe', rid: 'h', sentAtMs: 2000 / 30 }]);
  });

  it('keeps forwarding 180p until the keyframe arrives, then switches at 106.7 ms', () => {
    const waiting = run(createSwitchSim(['q'], ALL), ['h'], ALL, 10);
    expect(waiting.gates[0]).toMatchObject({ currentRid: 'q', targetRid: 'h' });
    expect(waiting.switches).toBe(0);
    const switched = stepSwitchSim(waiting, ['h'], ALL, 10);
    expect(switched.gates[0]).toMatchObject({ currentRid: 'h', targetRid: null });
    expect(switched.switches).toBe(1);
    expect(switched.events.at(-1)).toEqual({ atMs: 40 + 2000 / 30, kind: 'switched', rid: 'h', friendIndex: 0 });
    expect(isSettled(switched)).toBe(true);
  });

  it('switches two friends waiting for the same layer on the same keyframe', () => {
    const state = run(createSwitchSim(['q', 'f'], ALL), ['h', 'h'], ALL, 11);
    expect(state.gates.map((gate) => gate.currentRid)).toEqual(['h', 'h']);
    expect(state.events.filter((event) => event.kind === 'keyframe-sent')).toHaveLength(1);
    expect(state.switches).toBe(2);
  });

  it('leaves the other friends alone', () => {
    const state = run(createSwitchSim(['q', 'f'], ALL), ['h', 'f'], ALL, 11);
    expect(state.gates[1]).toEqual({ currentRid: 'f', targetRid: null, keyframeRequestedAtMs: null, keyframeRequests: 0 });
  });
});

describe('switch simulation: stopping, resuming, retrying', () => {
  it('stops a minimized friend at once, with no keyframe', () => {
    const state = stepSwitchSim(createSwitchSim(['f'], ALL), [null], ALL, 10);
    expect(state.gates[0].currentRid).toBeNull();
    expect(state.inFlight).toEqual([]);
    expect(state.events).toEqual([{ atMs: 0, kind: 'stopped', rid: 'f', friendIndex: 0 }]);
  });

  it('starts a resumed layer with a keyframe, and does not send a second one for the PLI it already answered', () => {
    const state = run(createSwitchSim(['q'], ['q']), ['h'], ['q', 'h'], 10);
    expect(state.gates[0].currentRid).toBe('h');
    expect(state.events.filter((event) => event.kind === 'keyframe-sent')).toEqual([
      { atMs: 1000 / 30, kind: 'keyframe-sent', rid: 'h', friendIndex: null },
    ]);
  });

  it('asks again after 500 ms when the layer stays paused and no keyframe comes', () => {
    const state = run(createSwitchSim(['q'], ['q']), ['h'], ['q'], 50);
    expect(state.nowMs).toBe(500);
    expect(state.plisSent).toBe(2);
    expect(state.gates[0]).toMatchObject({ currentRid: 'q', targetRid: 'h', keyframeRequests: 2, keyframeRequestedAtMs: 500 });
  });

  it('keeps at most 12 events', () => {
    let state = createSwitchSim(['q'], ALL);
    for (let i = 0; i < 20; i += 1) state = run(state, [i % 2 === 0 ? 'h' : 'q'], ALL, 15);
    expect(state.events).toHaveLength(12);
  });

  it('reports how far a message has travelled', () => {
    const message = { kind: 'pli' as const, rid: 'h', sentAtMs: 100 };
    expect([90, 100, 120, 140, 200].map((now) => inFlightProgress(message, now))).toEqual([0, 0, 0.5, 1, 1]);
  });
});

describe('switch simulation: settling at once, for reduced motion', () => {
  it('reaches the same end state the animation reaches, at 110 ms', () => {
    const settled = settleSwitchSim(createSwitchSim(['q', 'f'], ALL), ['h', null], ALL);
    expect(settled.nowMs).toBe(110);
    expect(settled.gates.map((gate) => gate.currentRid)).toEqual(['h', null]);
    expect(settled.events.map((event) => event.kind)).toEqual(['pli-sent', 'stopped', 'keyframe-sent', 'switched']);
  });

  it('does nothing to a room that is already settled', () => {
    const state = createSwitchSim(['q'], ALL);
    expect(settleSwitchSim(state, ['q'], ALL)).toBe(state);
  });

  it('gives up after 2 s when the wanted layer stays paused', () => {
    const settled = settleSwitchSim(createSwitchSim(['q'], ['q']), ['h'], ['q']);
    expect(settled.nowMs).toBe(2000);
    expect(settled.gates[0].currentRid).toBe('q');
  });
});
