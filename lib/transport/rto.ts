/**
 * TCP's retransmission timer. RFC 6298: smooth the measured round trips (SRTT) and their variation (RTTVAR),
 * set RTO = SRTT + max(G, 4·RTTVAR), never below 1 s (s2.4), and double it after each timeout (s5.5).
 * Linux keeps the variation term at least TCP_RTO_MIN = 200 ms instead, so its timeout is about
 * SRTT + max(200 ms, 4·RTTVAR): much shorter than 1 s on a short path (tcp_rtt_estimator, approximately).
 */
import { INITIAL_RTO_MS, LINUX_MIN_RTO_MS, MAX_RTO_MS, RFC6298_MIN_RTO_MS } from './constants';
import type { RtoPolicy } from './types';

/** RFC 6298's G, the clock granularity; 1 ms is a modern kernel's. */
export const CLOCK_GRANULARITY_MS = 1;

export interface RttEstimate {
  srttMs: number | null;
  rttvarMs: number;
}

export const NO_RTT_ESTIMATE: RttEstimate = { srttMs: null, rttvarMs: 0 };

/** RFC 6298 s2.2 (first measurement) and s2.3 (each later one), with alpha = 1/8 and beta = 1/4. */
export function updateRtt(estimate: RttEstimate, sampleMs: number): RttEstimate {
  if (estimate.srttMs === null) return { srttMs: sampleMs, rttvarMs: sampleMs / 2 };
  const rttvarMs = 0.75 * estimate.rttvarMs + 0.25 * Math.abs(estimate.srttMs - sampleMs);
  const srttMs = 0.875 * estimate.srttMs + 0.125 * sampleMs;
  return { srttMs, rttvarMs };
}

/** The timeout before any backoff. Before the first measurement it is 1 s (RFC 6298 s2.1). */
export function retransmissionTimeoutMs(estimate: RttEstimate, policy: RtoPolicy): number {
  if (estimate.srttMs === null) return INITIAL_RTO_MS;
  const variationMs = 4 * estimate.rttvarMs;
  const rtoMs =
    policy === 'rfc6298'
      ? Math.max(RFC6298_MIN_RTO_MS, estimate.srttMs + Math.max(CLOCK_GRANULARITY_MS, variationMs))
      : estimate.srttMs + Math.max(LINUX_MIN_RTO_MS, variationMs);
  return Math.min(MAX_RTO_MS, rtoMs);
}

/** RFC 6298 s5.5: after a timeout, wait twice as long next time, up to the cap. */
export function backedOffRtoMs(rtoMs: number): number {
  return Math.min(MAX_RTO_MS, rtoMs * 2);
}
