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

/** Where a packet is at `timeMs`: 0 at its source, 1 at its destination, null if not yet departed or arrived. */
export function packetProgress(packet: Packet, timeMs: number): number | null {
  const t = (timeMs - packet.departMs) / TRAVEL_MS;
  return t < 0 || t >= 1 ? null : t;
}
