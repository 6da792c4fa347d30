import { describe, expect, it } from 'vitest';
import {
  CITED_EGRESS_KBPS_PER_VOICE_SERVER,
  CITED_EGRESS_KBPS_PER_VOICE_USER,
  DEFAULT_COST_INPUTS,
  MODEL_DESIGN,
  NAIVE_DESIGN,
  costSummary,
  costTable,
  costWaterfall,
  documentationLabel,
  formatUsd,
  userMonthlyCost,
  videoKbpsPerViewer,
} from '@/lib/cost';

const voiceOnly = { ...DEFAULT_COST_INPUTS, videoOn: false };

describe('cost of one free user', () => {
  it('derives about 85 kbps of egress per voice user and about 259 Mbps per voice server from Discord’s 2018 fleet', () => {
    expect(CITED_EGRESS_KBPS_PER_VOICE_USER).toBeCloseTo(84.615, 3);
    expect(CITED_EGRESS_KBPS_PER_VOICE_SERVER).toBeCloseTo(258_823.53, 2);
  });

  it('takes video bitrates from the simulcast chapter’s five friends: 2,500 kbps top layer, 825 kbps per watcher with simulcast, 300 kbps held to the slowest', () => {
    expect(videoKbpsPerViewer()).toEqual({ topLayerKbps: 2500, simulcastKbpsPerWatcher: 825, oneStreamKbpsPerWatcher: 300 });
  });

  it('labels each cut as documented by Discord or not: VAD and video only to watchers yes, simulcast and on-device noise suppression no', () => {
    const steps = costWaterfall(DEFAULT_COST_INPUTS);
    expect(steps.map((step) => (step.documentation ? documentationLabel(step.documentation) : null))).toEqual([
      null,
      'Documented by Discord',
      'Documented by Discord',
      'Not documented by Discord',
      'Not documented by Discord',
      null,
    ]);
    expect(steps.at(-1)?.label).toBe('This model’s design');
  });

  it('splits the saving between documented and undocumented cuts, and prices Go Live as Discord documents it', () => {
    const summary = costSummary(DEFAULT_COST_INPUTS);
    const steps = costWaterfall(DEFAULT_COST_INPUTS);
    expect(summary.savedByDocumentedCutsUsd).toBeCloseTo(steps[1].savedUsd + steps[2].savedUsd, 12);
    expect(summary.savedByUndocumentedCutsUsd).toBeCloseTo(steps[3].savedUsd + steps[4].savedUsd, 12);
    expect(summary.savedByDocumentedCutsUsd + summary.savedByUndocumentedCutsUsd).toBeCloseTo(summary.naive.totalUsd - summary.model.totalUsd, 12);
    expect(summary.savedByUndocumentedCutsUsd / (summary.naive.totalUsd - summary.model.totalUsd)).toBeCloseTo(0.3595, 4);
    // One 300 kbps stream to each watcher instead of 825 kbps on average: cheaper than simulcast for the server.
    expect(summary.goLiveAsDocumented.videoEgressKbps).toBeCloseTo((9 * 0.6 * 300) / 10, 10);
    expect(summary.goLiveAsDocumented.totalUsd).toBeLessThan(summary.model.totalUsd);
  });

  it('charges a voice-only user in a 10-person channel 720 kbps of egress without VAD and 72 kbps with it', () => {
    expect(userMonthlyCost(voiceOnly, NAIVE_DESIGN).voiceEgressKbps).toBe(720);
    expect(userMonthlyCost(voiceOnly, MODEL_DESIGN).voiceEgressKbps).toBe(72);
  });

  it('prices two hours a day of Discord-design voice at 1.971 GB and $0.03302 a month', () => {
    const cost = userMonthlyCost(voiceOnly, MODEL_DESIGN);
    expect(cost.voiceHoursPerMonth).toBeCloseTo(60.8333, 4);
    expect(cost.egressGBPerMonth).toBeCloseTo(1.971, 6);
    expect(cost.egressUsd).toBeCloseTo(0.009855, 8);
    expect(cost.serverUsd).toBeCloseTo(0.0231818, 6);
    expect(cost.noiseUsd).toBe(0);
    expect(cost.totalUsd).toBeCloseTo(0.0330368, 6);
  });

  it('makes server-side noise suppression cost a sixtieth of a core for every hour the server has audio to clean', () => {
    const naive = userMonthlyCost(voiceOnly, NAIVE_DESIGN);
    expect(naive.noiseUsd).toBeCloseTo((60.8333333 / 60) * 0.04, 8);
    // With VAD only a tenth of the time carries audio in a 10-person channel with one talker.
    const vadOnly = userMonthlyCost(voiceOnly, { ...NAIVE_DESIGN, vad: true });
    expect(vadOnly.noiseUsd).toBeCloseTo(naive.noiseUsd / 10, 10);
  });

  it('steps from $1.40 to $0.237 a month with a watched 720p video, one lever at a time', () => {
    const steps = costWaterfall(DEFAULT_COST_INPUTS);
    expect(steps.map((step) => step.id)).toEqual(['naive', 'vad', 'videoOnlyToWatchers', 'simulcast', 'clientNoiseSuppression', 'model']);
    expect(steps.map((step) => Number(step.cost.egressKbps.toFixed(1)))).toEqual([2970, 2322, 1422, 517.5, 517.5, 517.5]);
    expect(steps[0].cost.totalUsd).toBeCloseTo(1.4033243, 6);
    expect(steps[5].cost.totalUsd).toBeCloseTo(0.2374521, 6);
    const saved = steps.reduce((sum, step) => sum + step.savedUsd, 0);
    expect(saved).toBeCloseTo(steps[0].cost.totalUsd - steps[5].cost.totalUsd, 12);
    expect(steps.every((step) => step.savedUsd >= 0)).toBe(true);
  });

  it('saves nothing on the video levers when nobody streams video', () => {
    const steps = costWaterfall(voiceOnly);
    expect(steps[2].savedUsd).toBe(0);
    expect(steps[3].savedUsd).toBe(0);
  });

  it('lets one assumed $10 subscription cover 42 video users or 302 voice-only users at two hours a day', () => {
    expect(Math.floor(costSummary(DEFAULT_COST_INPUTS).freeUsersPerSubscription)).toBe(42);
    expect(Math.floor(costSummary(voiceOnly).freeUsersPerSubscription)).toBe(302);
  });

  it('needs a voice-only user to average about 36 minutes a day for one subscription to cover a thousand of them', () => {
    expect(costSummary(voiceOnly).hoursPerDayForThousandUsers * 60).toBeCloseTo(36.32, 2);
  });

  it('scales every cost linearly with hours in voice', () => {
    const one = userMonthlyCost({ ...voiceOnly, voiceHoursPerDay: 1 }, MODEL_DESIGN).totalUsd;
    const four = userMonthlyCost({ ...voiceOnly, voiceHoursPerDay: 4 }, MODEL_DESIGN).totalUsd;
    expect(four).toBeCloseTo(4 * one, 12);
  });

  it('costs nothing when every price is zero', () => {
    const free = { ...DEFAULT_COST_INPUTS, egressUsdPerGB: 0, serverUsdPerMonth: 0, coreHourUsd: 0 };
    expect(userMonthlyCost(free, NAIVE_DESIGN).totalUsd).toBe(0);
  });

  it('formats small dollar amounts with enough digits not to round to zero', () => {
    expect(formatUsd(1.4033)).toBe('$1.40');
    expect(formatUsd(0.2374)).toBe('$0.237');
    expect(formatUsd(0.00406)).toBe('$0.00406');
    expect(formatUsd(0)).toBe('$0');
  });

  it('tabulates each step and the subscription row', () => {
    const table = costTable(DEFAULT_COST_INPUTS);
    expect(table.rows).toHaveLength(8);
    expect(table.rows[0][6]).toBe('$1.40');
    expect(table.rows[5][6]).toBe('$0.237');
    expect(table.rows[3][8]).toMatch(/^No: Simulcast is the general WebRTC technique/);
    expect(table.rows[1][8]).toMatch(/^Yes: /);
    expect(table.rows[6][0]).toMatch(/^Go Live as Discord documents it/);
    expect(table.rows[7][6]).toBe(42);
  });
});
