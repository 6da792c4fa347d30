/**
 * The chapter's worked examples, run through the same model as the figure: a clean link (no random loss,
 * no jitter) on which one packet is lost on purpose, and then its resend as well. The chapter quotes
 * these numbers through lib/values, so the prose and the figure cannot disagree.
 */
import { FRAME_MS } from './constants';
import { createTransportState, isRunComplete, stepTransport, withDroppedPacket } from './simulation';
import { summarizeLane, type LaneSummary } from './summary';
import type { RtoPolicy } from './types';

/** The example's round trip: 100 ms, a long-distance call. */
export const LOSS_EXAMPLE_RTT_MS = 100;
/** Which packet is lost: far enough in that TCP has measured the round trip. */
export const LOSS_EXAMPLE_FRAME = 20;
/** How long the example talks: long enough for even the 1 s timer to fire and the player to catch up. */
const LOSS_EXAMPLE_FRAMES = 200;

export interface LossExample {
  rttMs?: number;
  rtoPolicy?: RtoPolicy;
  /** Lose the resend too, so TCP must wait for its retransmission timer. */
  resendAlsoLost?: boolean;
}

export interface LossExampleResult {
  tcp: LaneSummary;
  udp: LaneSummary;
}

/** Both lanes' summaries for one (or a doubly) lost packet on a clean link. */
export function lossExample({ rttMs = LOSS_EXAMPLE_RTT_MS, rtoPolicy = 'linux', resendAlsoLost = false }: LossExample = {}): LossExampleResult {
  let state = createTransportState({ seed: 1, frameLimit: LOSS_EXAMPLE_FRAMES, historyMs: Infinity });
  state = withDroppedPacket(state, LOSS_EXAMPLE_FRAME, 0);
  if (resendAlsoLost) state = withDroppedPacket(state, LOSS_EXAMPLE_FRAME, 1);
  const link = { rttMs, jitterMs: 0, lossFraction: 0, rtoPolicy };
  while (!isRunComplete(state)) state = stepTransport(state, link, FRAME_MS);
  return { tcp: summarizeLane(state, 'tcp'), udp: summarizeLane(state, 'udp') };
}
