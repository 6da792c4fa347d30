import { describe, expect, it } from 'vitest';
import {
  LOSS_ESTIMATE_CEILING_KBPS,
  LOSS_ESTIMATE_FLOOR_KBPS,
  LOSS_ESTIMATE_START_KBPS,
  PROBE_MARGIN_KBPS,
  createLossEstimate,
  growthLimitKbps,
  onReceiverReport,
  type LossEstimate,
} from '@/lib/bandwidth/lossEstimator';

/** Reports one second apart, as a browser sends them, all with the same loss and send rate. */
function reports(start: LossEstimate, fractionsLost: number[], sendKbps = 1000, everyMs = 1000): LossEstimate {
  return fractionsLost.reduce((state, fractionLost, i) => onReceiverReport(state, { fractionLost, sendKbps, nowMs: i * everyMs }), start);
}

describe('the loss-based estimate (GCC, draft-ietf-rmcat-gcc-02 section 6)', () => {
  it('starts a new viewer at the ceiling, as the fixed downlink it replaces did', () => {
    expect(createLossEstimate().estimateKbps).toBe(LOSS_ESTIMATE_START_KBPS);
    expect(LOSS_ESTIMATE_START_KBPS).toBe(8000);
  });

  it('cuts nothing below 2 % loss and grows 5 % per report', () => {
    expect(reports(createLossEstimate(1000), [0]).estimateKbps).toBe(1050);
    expect(reports(createLossEstimate(1000), [0, 0.01]).estimateKbps).toBe(1102.5);
    expect(reports(createLossEstimate(1000), [0, 0.01, 0.019]).estimateKbps).toBeCloseTo(1157.625, 9);
  });

  it('holds the estimate from 2 % to 10 % loss, both ends included', () => {
    expect(reports(createLossEstimate(1000), [0.02, 0.05, 0.1]).estimateKbps).toBe(1000);
  });

  it('cuts by 10 % at 20 % loss', () => {
    expect(reports(createLossEstimate(1000), [0.2]).estimateKbps).toBe(900);
  });

  it('cuts by half the loss: 25 % at 50 % loss, 50 % when everything is lost', () => {
    expect(reports(createLossEstimate(1000), [0.5]).estimateKbps).toBe(750);
    expect(reports(createLossEstimate(1000), [1]).estimateKbps).toBe(500);
    expect(reports(createLossEstimate(1000), [0.5, 0.5]).estimateKbps).toBe(562.5);
  });

  it('stays between floor and ceiling', () => {
    expect(LOSS_ESTIMATE_FLOOR_KBPS).toBe(100);
    expect(LOSS_ESTIMATE_CEILING_KBPS).toBe(8000);
    expect(reports(createLossEstimate(150), [1, 1, 1]).estimateKbps).toBe(100);
    expect(reports(createLossEstimate(7900), [0, 0], 6000).estimateKbps).toBe(8000);
    expect(createLossEstimate(50).estimateKbps).toBe(100);
    expect(createLossEstimate(20_000).estimateKbps).toBe(8000);
  });

  it('grows no further than 1.5 x what is sent plus the 3000 kbps probe margin', () => {
    expect(PROBE_MARGIN_KBPS).toBe(3000);
    expect(growthLimitKbps(0)).toBe(3000);
    expect(growthLimitKbps(500)).toBe(3750);
    // An idle stream (nothing sent, nothing lost) stops at the margin instead of claiming the ceiling.
    const idle = reports(createLossEstimate(2000), Array<number>(30).fill(0), 0);
    expect(idle.estimateKbps).toBe(3000);
    // Sending 500 kbps: 3600 grows to 3750, not to 3780.
    expect(reports(createLossEstimate(3600), [0], 500).estimateKbps).toBe(3750);
  });

  it('keeps an estimate that is already above the send-rate bound: a hidden tile does not forget its link', () => {
    expect(reports(createLossEstimate(8000), [0, 0, 0], 0).estimateKbps).toBe(8000);
    expect(reports(createLossEstimate(5000), [0], 200).estimateKbps).toBe(5000);
  });

  it('grows at most once a second, however many reports arrive (RRs ride along with NACKs and PLIs)', () => {
    expect(reports(createLossEstimate(1000), [0, 0, 0, 0, 0], 1000, 200).estimateKbps).toBe(1050);
    expect(reports(createLossEstimate(1000), [0, 0, 0, 0, 0, 0], 1000, 200).estimateKbps).toBe(1102.5);
  });

  it('cuts at most once every 300 ms, so one burst reported twice is cut once', () => {
    expect(reports(createLossEstimate(1000), [0.2, 0.2], 1000, 100).estimateKbps).toBe(900);
    expect(reports(createLossEstimate(1000), [0.2, 0.2], 1000, 300).estimateKbps).toBe(810);
  });

  it('counts every report and remembers the last fraction lost', () => {
    const state = reports(createLossEstimate(1000), [0.2, 0.05, 0.01], 1000, 100);
    expect(state.reports).toBe(3);
    expect(state.lastFractionLost).toBe(0.01);
  });
});
