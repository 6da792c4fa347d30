/**
 * How much video can the SFU send one viewer? The loss-based half of Google Congestion Control
 * (draft-ietf-rmcat-gcc-02 section 6, source 'gcc-draft'), run by the sender on the receiver reports
 * (RFC 3550 section 6.4, source 'rfc3550') that the viewer's browser sends back. Each report carries the
 * fraction of packets lost since the previous one, p:
 *
 *   p > 10 %          A <- A x (1 - 0.5 p)   the link is overloaded: back off in proportion
 *   2 % <= p <= 10 %  A <- A                 some loss is normal (wifi): hold
 *   p < 2 %           A <- 1.05 A            no sign of trouble: try a little more
 *
 * A step function: `state' = onReceiverReport(state, report)`. Time arrives in the report; nothing here
 * reads a clock.
 */
import { simulcastFormatFor } from '@/lib/simulcast/publisher';
import { DEFAULT_UPGRADE_HEADROOM_RATIO } from '@/lib/simulcast/selectLayer';

/** Above this fraction lost the estimate is cut (gcc-draft section 6). */
export const HIGH_LOSS_FRACTION = 0.1;
/** Below this fraction lost the estimate grows (gcc-draft section 6). */
export const LOW_LOSS_FRACTION = 0.02;
/** Growth per low-loss report (gcc-draft section 6). */
export const LOW_LOSS_GROWTH_RATIO = 1.05;

/** Never below this: a viewer is cut to "no video" by the layer policy, never to zero by the estimator. */
export const LOSS_ESTIMATE_FLOOR_KBPS = 100;
/** Never above this: more than any one simulcast stream in this room can use (a 1080p layer is 5000). */
export const LOSS_ESTIMATE_CEILING_KBPS = 8000;
/**
 * Where a new viewer's estimate starts. A browser starts low (libwebrtc: 300 kbps) and finds the link's
 * capacity by probing, sending padding above its rate. This SFU sends no probes, so it starts at the
 * ceiling, as the fixed downlink it replaces did, and lets the first lossy reports pull it down.
 */
export const LOSS_ESTIMATE_START_KBPS = LOSS_ESTIMATE_CEILING_KBPS;

/**
 * The estimate may grow only up to this many times what is actually being sent (plus the probe margin).
 * Loss can only confirm a rate that is sent: a viewer getting 150 kbps who reports no loss has shown
 * that 150 kbps fits, not that 8 Mbps does. Without the bound an idle or paused stream, which loses
 * nothing because it sends nothing, would climb to the ceiling and then be handed a layer its link never
 * carried. The draft bounds its delay-based estimate the same way, by 1.5 x the received rate (section 5.5).
 */
export const SEND_RATE_HEADROOM_RATIO = 1.5;
/**
 * How far beyond 1.5 x the send rate the estimate may still grow. The SFU's only probe is the next layer
 * up, so the margin is what a viewer needs to move up to the top 720p layer (2500 kbps x the policy's 1.2
 * upgrade headroom = 3000 kbps): a viewer held on 180p by an old loss can climb back once the loss stops.
 */
export const PROBE_MARGIN_KBPS = simulcastFormatFor(1280, 720).maxKbps * DEFAULT_UPGRADE_HEADROOM_RATIO;

/**
 * Growth counts at most one report per this interval. A browser sends a receiver report about once a
 * second, but also inside every compound RTCP packet (RFC 3550 section 6.1) that carries a NACK or PLI;
 * "5 % per report" is meant as 5 % per regular report, so extra reports must not speed growth up.
 */
export const MIN_INCREASE_INTERVAL_MS = 1000;
/** Cuts count at most one report per this interval, so one burst of loss, reported twice, is not cut twice. */
export const MIN_DECREASE_INTERVAL_MS = 300;

export interface LossEstimate {
  estimateKbps: number;
  /** The fraction lost in the last report (0..1), or null before any. */
  lastFractionLost: number | null;
  /** When the estimate last grew or was cut, on the caller's clock; null before the first change. */
  lastIncreaseMs: number | null;
  lastDecreaseMs: number | null;
  reports: number;
}

export interface ReceiverReportInput {
  /** Fraction of packets lost since the previous report, 0..1 (the RR's 8-bit field / 256). */
  fractionLost: number;
  /** What the sender sent this receiver over the last interval, measured. Bounds growth. */
  sendKbps: number;
  nowMs: number;
}

export function createLossEstimate(startKbps: number = LOSS_ESTIMATE_START_KBPS): LossEstimate {
  return { estimateKbps: clampEstimateKbps(startKbps), lastFractionLost: null, lastIncreaseMs: null, lastDecreaseMs: null, reports: 0 };
}

export function clampEstimateKbps(kbps: number): number {
  return Math.min(LOSS_ESTIMATE_CEILING_KBPS, Math.max(LOSS_ESTIMATE_FLOOR_KBPS, kbps));
}

/** The most the estimate may grow to while `sendKbps` is being sent (it is never cut to this). */
export function growthLimitKbps(sendKbps: number): number {
  return SEND_RATE_HEADROOM_RATIO * Math.max(0, sendKbps) + PROBE_MARGIN_KBPS;
}

/** One receiver report in, the next estimate out. Pure. */
export function onReceiverReport(state: LossEstimate, report: ReceiverReportInput): LossEstimate {
  const p = Math.min(1, Math.max(0, report.fractionLost));
  const counted = { ...state, lastFractionLost: p, reports: state.reports + 1 };
  const since = (lastMs: number | null) => (lastMs === null ? Infinity : report.nowMs - lastMs);

  if (p > HIGH_LOSS_FRACTION) {
    if (since(state.lastDecreaseMs) < MIN_DECREASE_INTERVAL_MS) return counted;
    return { ...counted, estimateKbps: clampEstimateKbps(state.estimateKbps * (1 - 0.5 * p)), lastDecreaseMs: report.nowMs };
  }
  if (p < LOW_LOSS_FRACTION) {
    if (since(state.lastIncreaseMs) < MIN_INCREASE_INTERVAL_MS) return counted;
    // Growth stops at the send-rate bound, but an estimate already above it is kept, not cut: a viewer
    // whose tile is hidden for a minute has not lost the link it had.
    const boundKbps = Math.max(state.estimateKbps, growthLimitKbps(report.sendKbps));
    const grownKbps = Math.min(state.estimateKbps * LOW_LOSS_GROWTH_RATIO, boundKbps);
    return { ...counted, estimateKbps: clampEstimateKbps(grownKbps), lastIncreaseMs: report.nowMs };
  }
  return counted;
}
