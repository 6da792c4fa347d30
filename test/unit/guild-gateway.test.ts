import { describe, expect, it } from 'vitest';
import {
  GATEWAY_OPCODES,
  appendEvent,
  emptyLog,
  firstHeartbeatDelayMs,
  gatewayOpName,
  heartbeatAcked,
  heartbeatDue,
  heartbeatExpired,
  lastSeq,
  replayAfter,
} from '@/lib/guild/gateway';
import { applyClassEvent, classInputsFor, emptyClassState, MAX_REMEMBERED_FIGURES } from '@/lib/classroom/state';
import {
  figureInstanceKey,
  parseFigureInstanceKey,
  sanitizeInputs,
  serializableInputs,
  MAX_INPUT_KEYS,
} from '@/lib/figures/instance';
import { formatClassCode, normalizeClassCode } from '@/lib/protocol/gateway';

function logOf(n: number, capacity = 4) {
  let log = emptyLog<string>(capacity);
  for (let i = 1; i <= n; i += 1) log = appendEvent(log, `e${i}`).log;
  return log;
}

describe('the gateway rules (lib/guild/gateway)', () => {
  it('uses Discord’s opcode numbers', () => {
    expect(GATEWAY_OPCODES).toEqual({ DISPATCH: 0, HEARTBEAT: 1, IDENTIFY: 2, RESUME: 6, RECONNECT: 7, INVALID_SESSION: 9, HELLO: 10, HEARTBEAT_ACK: 11 });
    expect(gatewayOpName(11)).toBe('HEARTBEAT_ACK');
  });

  it('numbers events 1, 2, 3… and keeps only the newest `capacity` of them', () => {
    const log = logOf(6);
    expect(lastSeq(log)).toBe(6);
    expect(log.entries.map((e) => e.s)).toEqual([3, 4, 5, 6]);
    expect(log.entries.map((e) => e.event)).toEqual(['e3', 'e4', 'e5', 'e6']);
  });

  it('replays exactly what a resuming session missed, or says it is too old, or that the seq is unknown', () => {
    const log = logOf(6);
    expect(replayAfter(log, 4)).toEqual({ kind: 'replay', entries: [{ s: 5, event: 'e5' }, { s: 6, event: 'e6' }] });
    expect(replayAfter(log, 6)).toEqual({ kind: 'replay', entries: [] });
    expect(replayAfter(log, 2)).toEqual({ kind: 'replay', entries: log.entries });
    expect(replayAfter(log, 1)).toEqual({ kind: 'too-old' });
    expect(replayAfter(log, 7)).toEqual({ kind: 'unknown-seq' });
    expect(replayAfter(log, -1)).toEqual({ kind: 'unknown-seq' });
    expect(replayAfter(emptyLog(4), 0)).toEqual({ kind: 'replay', entries: [] });
  });

  it('calls a session a zombie one and a half intervals after its last heartbeat', () => {
    expect(heartbeatExpired(0, 15_000, 10_000)).toBe(false);
    expect(heartbeatExpired(0, 15_001, 10_000)).toBe(true);
  });

  it('jitters the first heartbeat within one interval', () => {
    expect(firstHeartbeatDelayMs(10_000, 0.25)).toBe(2500);
    expect(firstHeartbeatDelayMs(10_000, 7)).toBe(10_000);
  });

  it('has the client reconnect when a heartbeat comes due before the last one was acknowledged', () => {
    const first = heartbeatDue({ awaitingAck: false });
    expect(first.action).toBe('send');
    expect(heartbeatDue(first.clock).action).toBe('reconnect');
    expect(heartbeatDue(heartbeatAcked()).action).toBe('send');
  });
});

describe('a class’s state (lib/classroom/state)', () => {
  const fanout = { chapter: 'gateway-and-guilds', figure: 'gateway-and-guilds/fanout', occurrence: 0 };

  it('follows the instructor’s position and merges figure inputs per instance', () => {
    let state = applyClassEvent(emptyClassState, { t: 'POSITION', d: { chapter: 'cost', scene: 4, step: 1 } });
    state = applyClassEvent(state, { t: 'FIGURE_INPUTS', d: { instance: fanout, inputs: { members: 3 } } });
    state = applyClassEvent(state, { t: 'FIGURE_INPUTS', d: { instance: fanout, inputs: { manifold: true } } });
    expect(state.position).toEqual({ chapter: 'cost', scene: 4, step: 1 });
    expect(classInputsFor(state, fanout)).toEqual({ members: 3, manifold: true });
    expect(classInputsFor(state, { ...fanout, occurrence: 1 })).toBeUndefined();
  });

  it('remembers at most MAX_REMEMBERED_FIGURES instances, forgetting the least recently changed', () => {
    let state = emptyClassState;
    for (let i = 0; i < MAX_REMEMBERED_FIGURES + 5; i += 1) {
      state = applyClassEvent(state, { t: 'FIGURE_INPUTS', d: { instance: { chapter: `c${i}`, figure: 'a/b', occurrence: 0 }, inputs: { x: i } } });
    }
    expect(Object.keys(state.inputs)).toHaveLength(MAX_REMEMBERED_FIGURES);
    expect(classInputsFor(state, { chapter: 'c0', figure: 'a/b', occurrence: 0 })).toBeUndefined();
  });

  it('does not let a stream of new input names grow one instance past MAX_INPUT_KEYS', () => {
    let state = emptyClassState;
    for (let i = 0; i < MAX_INPUT_KEYS + 10; i += 1) {
      state = applyClassEvent(state, { t: 'FIGURE_INPUTS', d: { instance: fanout, inputs: { [`k${i}`]: i } } });
    }
    expect(Object.keys(classInputsFor(state, fanout)!).length).toBeLessThanOrEqual(MAX_INPUT_KEYS);
  });
});

describe('figure instances and their inputs (lib/figures/instance)', () => {
  it('round-trips an instance through its key and rejects keys that are not one', () => {
    const instance = { chapter: 'cost', figure: 'cost/waterfall', occurrence: 2 };
    expect(figureInstanceKey(instance)).toBe('cost:cost/waterfall:2');
    expect(parseFigureInstanceKey('cost:cost/waterfall:2')).toEqual(instance);
    expect(parseFigureInstanceKey('cost:cost/waterfall')).toBeNull();
    expect(parseFigureInstanceKey('cost:../etc:0')).toBeNull();
    expect(parseFigureInstanceKey('cost:cost/waterfall:99')).toBeNull();
  });

  it('takes only the figure’s own keys with the same types, and nothing that is not finite', () => {
    const defaults = { members: 6, manifold: false, mode: 'sfu' };
    expect(sanitizeInputs(defaults, { members: 3, manifold: 'yes', mode: 'mesh', extra: 1 })).toEqual({ members: 3, mode: 'mesh' });
    expect(sanitizeInputs(defaults, { members: Infinity })).toBeNull();
    expect(sanitizeInputs(defaults, { members: Number.NaN, manifold: true })).toEqual({ manifold: true });
    expect(sanitizeInputs(defaults, ['members'])).toBeNull();
    expect(sanitizeInputs(defaults, null)).toBeNull();
    expect(sanitizeInputs(defaults, { mode: 'x'.repeat(65) })).toBeNull();
    expect(sanitizeInputs({ toString: 1 }, {})).toBeNull();
  });

  it('serializes a store’s inputs and leaves out functions and objects', () => {
    expect(serializableInputs({ members: 6, on: true, mode: 'a', set: () => {}, nested: { a: 1 }, bad: Number.NaN })).toEqual({ members: 6, on: true, mode: 'a' });
  });
});

describe('class codes', () => {
  it('reads codes the way people type them and prints them in two halves', () => {
    expect(normalizeClassCode('abc-234')).toBe('ABC234');
    expect(normalizeClassCode(' ABC 234 ')).toBe('ABC234');
    expect(normalizeClassCode('ABC 2O4')).toBeNull(); // the letter O is not in the alphabet
    expect(normalizeClassCode('ABC23')).toBeNull();
    expect(formatClassCode('ABC234')).toBe('ABC 234');
  });
});

describe('the live gateway figure’s numbers (lib/guild/live)', () => {
  it('prices this server’s fan-out at Discord’s 30-70 µs per send, beside what was measured', async () => {
    const { fanoutVersusModel } = await import('@/lib/guild/live');
    expect(fanoutVersusModel({ sessions: 200, measuredUs: 1500 })).toEqual({
      sessions: 200,
      measuredUs: 1500,
      measuredPerSendUs: 7.5,
      discordMinUs: 6000,
      discordMaxUs: 14_000,
    });
  });

  it('says how much permessage-deflate saved, never less than nothing', async () => {
    const { deflateSavings } = await import('@/lib/guild/live');
    expect(deflateSavings(380, 1000)).toBeCloseTo(0.62);
    expect(deflateSavings(1200, 1000)).toBe(0);
    expect(deflateSavings(0, 0)).toBe(0);
  });

  it('lists every opcode in its still, with Discord’s numbers', async () => {
    const { opcodeTable } = await import('@/lib/guild/live');
    expect(opcodeTable().rows.map((r) => [r[0], r[1]])).toEqual([
      [0, 'DISPATCH'],
      [1, 'HEARTBEAT'],
      [2, 'IDENTIFY'],
      [6, 'RESUME'],
      [7, 'RECONNECT'],
      [9, 'INVALID_SESSION'],
      [10, 'HELLO'],
      [11, 'HEARTBEAT_ACK'],
    ]);
  });
});
