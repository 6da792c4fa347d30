/**
 * The packets drawn moving through the room figure: a step function, `step(state, params, dtMs, rng)`.
 *
 * It is a picture of the traffic, slowed down, not a packet simulator: each sender emits one visible
 * packet every EMIT_INTERVAL_MS of animation time (real voice is 50 a second), and each takes TRAVEL_MS
 * to cross one hop. Mesh: one copy per receiver, sender to receiver. SFU: one packet up to the server,
 * then a separate copy down to each receiver. MCU: up to the server, then one mixed packet down to each
 * receiver, once per interval however many speak. When a wave would need more than PACKET_BUDGET copies (a 1,000-person mesh needs 999,000),
 * only an evenly spread, seeded sample is drawn, and `shownShare` says how much.
 */
import type { Rng } from '@/lib/random';
import type { Topology } from './room';

export const EMIT_INTERVAL_MS = 900;
export const TRAVEL_MS = 700;
/** Most copies one wave of emissions may draw. */
export const PACKET_BUDGET = 1500;
/** The server's node id in a packet's from/to. */
export const SERVER = -1;

export type PacketKind = 'voice' | 'mix';

export interface Packet {
  from: number;
  to: number;
  /** Animation time at which the packet leaves `from`; it may lie in the future (second hop). */
  departMs: number;
  kind: PacketKind;
}

export interface FlowState {
  timeMs: number;
  packets: Packet[];
}

export interface FlowParams {
  topology: Topology;
  people: number;
  /** Who sends audio: persons 0..senders-1 (talkers with VAD on, everyone with it off). */
  senders: number;
}

export function initialFlow(): FlowState {
  return { timeMs: 0, packets: [] };
}

/** How many receivers of one emission are drawn. */
export function copiesPerEmission(params: FlowParams): number {
  const receivers = params.people - 1;
  if (receivers <= 0 || params.senders <= 0) return 0;
  return Math.min(receivers, Math.max(1, Math.floor(PACKET_BUDGET / params.senders)));
}

/** Fraction of the real copies that the picture draws, 0..1. */
export function shownShare(params: FlowParams): number {
  const receivers = params.people - 1;
  return receivers <= 0 ? 1 : copiesPerEmission(params) / receivers;
}

/**
 * Appends the packets one step from `fromMs` to `toMs` emits, in the order stepFlow has always emitted them
 * (sender by sender, each sender's emissions in time; MCU mixes last), drawing the same random numbers. Sender
 * i emits at times (k + i / senders) x EMIT_INTERVAL_MS, so waves are staggered evenly. Packets that will have
 * arrived by `keepAfterMs` are not built (their random draws still happen), so a run of many steps can skip the
 * packets a later step would drop.
 */
function emitBetween(params: FlowParams, fromMs: number, toMs: number, rng: Rng, keepAfterMs: number, out: Packet[]): void {
  const { topology, people, senders } = params;
  const copies = copiesPerEmission(params);
  if (copies === 0) return;
  const receivers = people - 1;
  const stride = receivers / copies;
  for (let sender = 0; sender < senders; sender += 1) {
    const phaseMs = (sender / senders) * EMIT_INTERVAL_MS;
    let k = Math.ceil((fromMs - phaseMs) / EMIT_INTERVAL_MS);
    for (let departMs = k * EMIT_INTERVAL_MS + phaseMs; departMs < toMs; k += 1, departMs = k * EMIT_INTERVAL_MS + phaseMs) {
      if (departMs < fromMs) continue;
      if (topology !== 'mesh' && departMs + TRAVEL_MS > keepAfterMs) out.push({ from: sender, to: SERVER, departMs, kind: 'voice' });
      if (topology === 'mcu') continue;
      const offset = copies < receivers ? Math.floor(rng.next() * receivers) : 0;
      // Mesh copies leave with the emission; SFU copies one hop later, from the server.
      const copyDepartMs = topology === 'mesh' ? departMs : departMs + TRAVEL_MS;
      if (copyDepartMs + TRAVEL_MS <= keepAfterMs) continue;
      for (let c = 0; c < copies; c += 1) {
        // The c-th receiver among the others, skipping the sender itself.
        const other = (offset + Math.floor(c * stride)) % receivers;
        const to = other >= sender ? other + 1 : other;
        if (topology === 'mesh') out.push({ from: sender, to, departMs, kind: 'voice' });
        else out.push({ from: SERVER, to, departMs: copyDepartMs, kind: 'voice' });
      }
    }
  }
  if (topology === 'mcu') {
    // The mixer sends one mixed packet per interval to everyone who has someone to hear: with a single
    // sender, that sender hears nobody. Mix k leaves the server at k x EMIT_INTERVAL_MS + TRAVEL_MS.
    const listeners = senders === 1 ? receivers : people;
    const shown = Math.min(listeners, PACKET_BUDGET);
    const fromMix = fromMs - TRAVEL_MS;
    const toMix = toMs - TRAVEL_MS;
    for (let k = Math.ceil(fromMix / EMIT_INTERVAL_MS), mixMs = k * EMIT_INTERVAL_MS; mixMs < toMix; k += 1, mixMs = k * EMIT_INTERVAL_MS) {
      if (mixMs < fromMix) continue;
      const offset = shown < listeners ? Math.floor(rng.next() * listeners) : 0;
      if (mixMs + 2 * TRAVEL_MS <= keepAfterMs) continue;
      for (let c = 0; c < shown; c += 1) {
        const slot = (offset + Math.floor((c * listeners) / shown)) % listeners;
        const to = senders === 1 ? slot + 1 : slot;
        out.push({ from: SERVER, to, departMs: mixMs + TRAVEL_MS, kind: 'mix' });
      }
    }
  }
}

export function stepFlow(state: FlowState, params: FlowParams, dtMs: number, rng: Rng): FlowState {
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
  emitBetween(params, fromMs, toMs, rng, Number.NEGATIVE_INFINITY, packets);
  return { timeMs: toMs, packets };
}

/**
 * The flow `steps` steps of `stepMs` after initialFlow(): the same state, packet for packet and in the same
 * order, as calling stepFlow that many times with the same params and rng, without building the packets the
 * later steps would drop (a 1,000-person room warmed over 63 steps builds its last packets only, not 63 waves).
 */
export function advanceFlow(params: FlowParams, steps: number, stepMs: number, rng: Rng): FlowState {
  const packets: Packet[] = [];
  let timeMs = 0;
  // The time the last step ends at, accumulated as stepFlow accumulates it.
  let endMs = 0;
  for (let step = 0; step < steps; step += 1) endMs += stepMs;
  for (let step = 0; step < steps; step += 1) {
    const toMs = timeMs + stepMs;
    // A packet built before the last step is kept by every later step's filter iff it is still on its way
    // when the last step ends; the last step's own packets are kept whatever their time.
    emitBetween(params, timeMs, toMs, rng, step < steps - 1 ? endMs : Number.NEGATIVE_INFINITY, packets);
    timeMs = toMs;
  }
  return { timeMs, packets };
}

/** Where a packet is at `timeMs`: 0 at its source, 1 at its destination, null if not yet departed or arrived. */
export function packetProgress(packet: Packet, timeMs: number): number | null {
  const t = (timeMs - packet.departMs) / TRAVEL_MS;
  return t < 0 || t >= 1 ? null : t;
}
