/**
 * The keyframe dance, as a step function the figure can play, pause and step:
 * the policy picks a new layer for a friend, the server sends a PLI to the streamer, the streamer's
 * encoder makes its next frame on that layer a keyframe, the keyframe reaches the server, and only
 * then does the server switch that friend over (keyframeGate.ts). Until then the friend keeps the
 * old layer. A layer the streamer resumes starts with a keyframe anyway, as any encoder does.
 *
 * Pure: `stepSwitchSim(state, targets, activeRids, dtMs)` returns the next state; no timers inside.
 */
import {
  DEFAULT_KEYFRAME_RETRY_MS,
  checkKeyframeTimeout,
  createLayerSwitch,
  onPacket,
  setTarget,
  type LayerSwitchState,
} from './keyframeGate';

export interface SwitchSimParams {
  /** Time between two frames of every layer (30 frames per second). */
  frameIntervalMs: number;
  /** One-way network delay between the streamer and the server, each way. */
  oneWayDelayMs: number;
  keyframeRetryMs: number;
}

export const DEFAULT_SWITCH_SIM_PARAMS: SwitchSimParams = {
  frameIntervalMs: 1000 / 30,
  oneWayDelayMs: 40,
  keyframeRetryMs: DEFAULT_KEYFRAME_RETRY_MS,
};

/** The whole switch takes about a tenth of a second; the figure plays it ten times slower so it can be seen. */
export const SWITCH_ANIMATION_SPEED = 0.1;

/** One "Step" of the figure moves the simulation this far (a third of a frame interval). */
export const SWITCH_SIM_STEP_MS = 10;

/** A message on the wire between the server and the streamer. */
export interface InFlight {
  kind: 'pli' | 'keyframe';
  rid: string;
  sentAtMs: number;
}

export type SwitchEventKind = 'pli-sent' | 'keyframe-sent' | 'switched' | 'stopped';

export interface SwitchEvent {
  atMs: number;
  kind: SwitchEventKind;
  rid: string | null;
  /** The friend concerned; null for the streamer's own events. */
  friendIndex: number | null;
}

export interface SwitchSimState {
  nowMs: number;
  /** One keyframe gate per friend: what the server forwards to them now, and what it waits for. */
  gates: LayerSwitchState[];
  /** PLIs travelling to the streamer and keyframes travelling to the server. */
  inFlight: InFlight[];
  /** Layers whose next frame the streamer's encoder will make a keyframe. */
  keyframeDue: string[];
  nextFrameAtMs: number;
  /** Layers the streamer is encoding. */
  activeRids: string[];
  /** When the streamer last sent a keyframe on each layer: a PLI older than that is already answered. */
  lastKeyframeAtMs: Record<string, number>;
  /** The most recent events, newest last, at most EVENT_LOG_LENGTH. */
  events: SwitchEvent[];
  plisSent: number;
  switches: number;
}

export const EVENT_LOG_LENGTH = 12;

/** A settled room: every friend already gets `rids[i]`, nothing on the wire. */
export function createSwitchSim(
  rids: readonly (string | null)[],
  activeRids: readonly string[],
  params: SwitchSimParams = DEFAULT_SWITCH_SIM_PARAMS,
): SwitchSimState {
  return {
    nowMs: 0,
    gates: rids.map((rid) => createLayerSwitch(rid)),
    inFlight: [],
    keyframeDue: [],
    nextFrameAtMs: params.frameIntervalMs,
    activeRids: [...activeRids],
    lastKeyframeAtMs: {},
    events: [],
    plisSent: 0,
    switches: 0,
  };
}

/**
 * Advance by `dtMs`. `targets[i]` is the layer the policy wants for friend i now (chooseFriendLayers);
 * `activeRids` the layers the streamer is encoding now.
 */
export function stepSwitchSim(
  state: SwitchSimState,
  targets: readonly (string | null)[],
  activeRids: readonly string[],
  dtMs: number,
  params: SwitchSimParams = DEFAULT_SWITCH_SIM_PARAMS,
): SwitchSimState {
  const start = state.nowMs;
  const end = start + dtMs;
  const events: SwitchEvent[] = [];
  let plisSent = state.plisSent;
  let switches = state.switches;
  const inFlight = [...state.inFlight];

  // 1. The policy's decisions: a new target asks for a keyframe; "nothing" stops at once.
  const gates = targets.map((target, i) => {
    const gate = state.gates[i] ?? createLayerSwitch();
    const result = setTarget(gate, target, start);
    if (result.requestKeyframe !== null) {
      inFlight.push({ kind: 'pli', rid: result.requestKeyframe, sentAtMs: start });
      events.push({ atMs: start, kind: 'pli-sent', rid: result.requestKeyframe, friendIndex: i });
      plisSent += 1;
    }
    if (target === null && gate.currentRid !== null) events.push({ atMs: start, kind: 'stopped', rid: gate.currentRid, friendIndex: i });
    return result.state;
  });

  // 2. A layer the streamer resumes starts with a keyframe; a paused layer owes none.
  const keyframeDue = new Set(state.keyframeDue.filter((rid) => activeRids.includes(rid)));
  for (const rid of activeRids) if (!state.activeRids.includes(rid)) keyframeDue.add(rid);

  // 3. Everything that happens in (start, end], in time order.
  let nextFrameAtMs = state.nextFrameAtMs;
  const lastKeyframeAtMs = { ...state.lastKeyframeAtMs };
  for (;;) {
    const arrivals = inFlight.map((message) => message.sentAtMs + params.oneWayDelayMs);
    const nextArrivalMs = Math.min(Infinity, ...arrivals);
    const nextMs = Math.min(nextArrivalMs, nextFrameAtMs);
    if (nextMs > end) break;

    if (nextArrivalMs <= nextFrameAtMs) {
      const index = arrivals.indexOf(nextArrivalMs);
      const [message] = inFlight.splice(index, 1);
      if (message.kind === 'pli') {
        const answered = (lastKeyframeAtMs[message.rid] ?? -Infinity) >= message.sentAtMs;
        if (activeRids.includes(message.rid) && !answered) keyframeDue.add(message.rid);
      } else {
        gates.forEach((gate, i) => {
          const result = onPacket(gate, message.rid, true);
          gates[i] = result.state;
          if (result.switched) {
            switches += 1;
            events.push({ atMs: nextArrivalMs, kind: 'switched', rid: message.rid, friendIndex: i });
          }
        });
      }
    } else {
      for (const rid of activeRids) {
        if (!keyframeDue.has(rid)) continue;
        keyframeDue.delete(rid);
        inFlight.push({ kind: 'keyframe', rid, sentAtMs: nextFrameAtMs });
        lastKeyframeAtMs[rid] = nextFrameAtMs;
        events.push({ atMs: nextFrameAtMs, kind: 'keyframe-sent', rid, friendIndex: null });
      }
      nextFrameAtMs += params.frameIntervalMs;
    }
  }

  // 4. Ask again for keyframes that have not come (a lost PLI or keyframe).
  gates.forEach((gate, i) => {
    const retry = checkKeyframeTimeout(gate, end, { keyframeRetryMs: params.keyframeRetryMs });
    gates[i] = retry.state;
    if (retry.requestKeyframe !== null) {
      inFlight.push({ kind: 'pli', rid: retry.requestKeyframe, sentAtMs: end });
      events.push({ atMs: end, kind: 'pli-sent', rid: retry.requestKeyframe, friendIndex: i });
      plisSent += 1;
    }
  });

  return {
    nowMs: end,
    gates,
    inFlight,
    keyframeDue: [...keyframeDue],
    nextFrameAtMs,
    activeRids: [...activeRids],
    lastKeyframeAtMs,
    events: [...state.events, ...events].slice(-EVENT_LOG_LENGTH),
    plisSent,
    switches,
  };
}

/** How far a message has travelled, 0 at the sender and 1 at the receiver. */
export function inFlightProgress(message: InFlight, nowMs: number, params: SwitchSimParams = DEFAULT_SWITCH_SIM_PARAMS): number {
  return Math.min(1, Math.max(0, (nowMs - message.sentAtMs) / params.oneWayDelayMs));
}

/** True when no friend waits for a keyframe and nothing is on the wire. */
export function isSettled(state: SwitchSimState): boolean {
  return state.inFlight.length === 0 && state.gates.every((gate) => gate.targetRid === null);
}

/**
 * Run the simulation until every friend has the layer the policy wants and nothing is on the wire,
 * for a reader who asked for reduced motion: the result without the animation. Gives up after
 * `maxMs` (a target layer that stays paused can never be reached).
 */
export function settleSwitchSim(
  state: SwitchSimState,
  targets: readonly (string | null)[],
  activeRids: readonly string[],
  params: SwitchSimParams = DEFAULT_SWITCH_SIM_PARAMS,
  maxMs = 2000,
): SwitchSimState {
  let next = state;
  const reached = (s: SwitchSimState) => isSettled(s) && s.gates.every((gate, i) => gate.currentRid === (targets[i] ?? null));
  for (let elapsed = 0; elapsed < maxMs && !reached(next); elapsed += SWITCH_SIM_STEP_MS) {
    next = stepSwitchSim(next, targets, activeRids, SWITCH_SIM_STEP_MS, params);
  }
  return next;
}
