import { describe, expect, it } from 'vitest';
import { ASSUMED_CORE_HOUR_PRICE_USD, FLEET_TALK_SHARE, HOURS_PER_YEAR, suppressionCost } from '../../lib/noise/cost';
import { discordConcurrentVoiceUsers2018, rnnoiseFacts } from '../../lib/noise/facts';

describe('suppressionCost (noise suppression on servers instead of devices)', () => {
  it('needs 43,334 cores to clean 2.6 million streams with a suppressor that runs 60 times faster than real time', () => {
    const cost = suppressionCost({
      concurrentVoiceUsers: discordConcurrentVoiceUsers2018.value,
      processedShare: 1,
      realTimeFactor: rnnoiseFacts.realTimeFactorX86.value,
      coreHourPriceUsd: ASSUMED_CORE_HOUR_PRICE_USD,
    });
    expect(cost.streams).toBe(2_600_000);
    expect(cost.coreShareForOneStream).toBeCloseTo(1 / 60, 12);
    // 2,600,000 / 60 = 43,333.3, rounded up to whole cores.
    expect(cost.serverCores).toBe(43_334);
    expect(cost.serverUsdPerHour).toBeCloseTo(1733.36, 6);
    expect(cost.serverUsdPerYear).toBeCloseTo(1733.36 * 8760, 4);
  });

  it('needs 8.6 times as many cores at the Raspberry Pi 3 speed of 7 times real time', () => {
    const cost = suppressionCost({ concurrentVoiceUsers: 2_600_000, processedShare: 1, realTimeFactor: 7, coreHourPriceUsd: 0.04 });
    expect(cost.serverCores).toBe(371_429);
  });

  it('scales with the share of users whose audio is processed', () => {
    const cost = suppressionCost({ concurrentVoiceUsers: 1000, processedShare: 0.25, realTimeFactor: 60, coreHourPriceUsd: 0.1 });
    expect(cost.streams).toBe(250);
    expect(cost.serverCores).toBe(5);
    expect(cost.serverUsdPerHour).toBeCloseTo(0.5, 12);
  });

  it('cleans only what reaches the server: with VAD, a tenth of the microphones at once (the cost chapter’s one talker in ten)', () => {
    expect(FLEET_TALK_SHARE).toBe(0.1);
    const inputs = { concurrentVoiceUsers: 2_600_000, processedShare: 1, realTimeFactor: 60, coreHourPriceUsd: 0.04 };
    const talking = suppressionCost({ ...inputs, sendingShare: FLEET_TALK_SHARE });
    expect(talking.streams).toBe(260_000);
    expect(talking.serverCores).toBe(4334);
    expect(suppressionCost({ ...inputs, sendingShare: 1 }).serverCores).toBe(43_334);
    expect(() => suppressionCost({ ...inputs, sendingShare: 1.2 })).toThrow(RangeError);
  });

  it('counts a year as 8,760 hours', () => {
    expect(HOURS_PER_YEAR).toBe(8760);
  });

  it('rejects a suppressor speed of zero and a share above one', () => {
    expect(() => suppressionCost({ concurrentVoiceUsers: 1, processedShare: 1, realTimeFactor: 0, coreHourPriceUsd: 1 })).toThrow(RangeError);
    expect(() => suppressionCost({ concurrentVoiceUsers: 1, processedShare: 1.5, realTimeFactor: 1, coreHourPriceUsd: 1 })).toThrow(RangeError);
  });
});
