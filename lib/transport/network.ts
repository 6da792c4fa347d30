/**
 * The link's dice. Every transmission's fate (lost or not, and how long it queues) comes from its own
 * generator, seeded by (run seed, frame, attempt). That buys three properties the figure relies on:
 * - the TCP and UDP lanes see exactly the same fate for every first transmission, so any difference
 *   between them is the protocol's doing, not luck;
 * - a run does not depend on how time was chopped into steps (frame rate), only on the inputs;
 * - raising the loss slider loses a superset of the packets lost before (the same draw is compared
 *   with a larger threshold), so moving it feels continuous.
 */
import { createRng, normal } from '@/lib/random';
import type { LinkParams } from './types';

export interface PacketFate {
  lost: boolean;
  /** Extra delay in the network's queues, on top of the one-way path delay. */
  queueingMs: number;
}

/** Mixes three integers into one 32-bit seed (a murmur3-style finaliser), so nearby frames get unrelated dice. */
export function fateSeed(seed: number, frame: number, attempt: number): number {
  let h = (seed ^ Math.imul(frame + 1, 0x9e3779b1) ^ Math.imul(attempt + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export function packetFate(seed: number, frame: number, attempt: number, link: LinkParams): PacketFate {
  const rng = createRng(fateSeed(seed, frame, attempt));
  const lossDraw = rng.next();
  const queueingMs = link.jitterMs > 0 ? Math.abs(normal(rng, 0, link.jitterMs)) : 0;
  return { lost: lossDraw < link.lossFraction, queueingMs };
}

export function oneWayMs(link: LinkParams): number {
  return link.rttMs / 2;
}
