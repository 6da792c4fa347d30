import { describe, expect, it } from 'vitest';
import { levelFromDb, logFrequencyRows, rowLowHz } from '../../lib/noise/spectrogram';
import { addToTally, EMPTY_TALLY, realTimeFactor } from '../../lib/noise/realtime';
import { formatCoreShare, formatRealTimeFactor, formatUsd } from '../../lib/noise/format';
import { costTable, denoiserTable } from '../../lib/noise/tables';
import { discordConcurrentVoiceUsers2018, rnnoiseFacts } from '../../lib/noise/facts';
import { meanPowerDb, nonSpeechSpans } from '../../lib/noise/energy';

describe('spectrogram rows on a log-frequency axis', () => {
  const axis = { rows: 4, minHz: 100, maxHz: 1600 };

  it('gives each row the same number of octaves: 100, 200, 400, 800 Hz', () => {
    expect([0, 1, 2, 3, 4].map((row) => rowLowHz(row, axis))).toEqual([100, 200, 400, 800, 1600]);
  });

  it('takes the loudest bin inside each row', () => {
    // 32 bins over 0-1600 Hz at a 3,200 Hz sample rate: 50 Hz per bin.
    const bins = Array.from({ length: 32 }, (_, k) => -k);
    bins[5] = -1; // 250 Hz, in the 200-400 Hz row
    expect(Array.from(logFrequencyRows(bins, 3200, axis))).toEqual([-2, -1, -8, -16]);
  });

  it('maps -90 dB and below to 0, -25 dB and above to 1, linearly between', () => {
    expect([-120, -90, -57.5, -25, 0, -Infinity].map((db) => levelFromDb(db))).toEqual([0, 0, 0.5, 1, 1, 0]);
  });
});

describe('real-time factor measured in the worklet', () => {
  it('waits for 50 ticks of a 1 ms clock before reporting', () => {
    const tally = addToTally(EMPTY_TALLY, { audioMs: 1000, processingMs: 49, frames: 100, clockResolutionMs: 1 });
    expect(realTimeFactor(tally)).toBeNull();
  });

  it('divides the audio time by the processing time: 3 s of audio in 60 ms is 50 times real time', () => {
    const tally = [
      { audioMs: 2000, processingMs: 40, frames: 200, clockResolutionMs: 1 },
      { audioMs: 1000, processingMs: 20, frames: 100, clockResolutionMs: 1 },
    ].reduce(addToTally, EMPTY_TALLY);
    expect(tally).toEqual({ audioMs: 3000, processingMs: 60, frames: 300, clockResolutionMs: 1 });
    expect(realTimeFactor(tally)).toBe(50);
  });
});

describe('formats', () => {
  it('writes money, speed and core share the way the chapter reads them', () => {
    expect([formatUsd(0.04), formatUsd(1733.36), formatUsd(15_184_233.6)]).toEqual(['$0.04', '$1,733', '$15.2 million']);
    expect([formatRealTimeFactor(60), formatRealTimeFactor(7.44), formatRealTimeFactor(153.4)]).toEqual(['60×', '7.4×', '153×']);
    expect(formatCoreShare(1 / 60)).toBe('1.7\u00a0% of one core');
  });
});

describe('energy helpers', () => {
  it('reads a full-scale square wave as 0 dB and a half-amplitude one as about -6 dB', () => {
    const square = Float32Array.from({ length: 100 }, (_, i) => (i % 2 ? 1 : -1));
    expect(meanPowerDb(square, 0, 100)).toBeCloseTo(0, 10);
    expect(meanPowerDb(square.map((x) => x / 2), 0, 100)).toBeCloseTo(-6.0206, 4);
  });

  it('finds the noise-only stretches around the speech, shrunk by the margin', () => {
    expect(nonSpeechSpans([[1.5, 5.93], [8.33, 11.482]], 13.282, 0.15)).toEqual([
      [0, 1.35],
      [6.08, 8.18],
      [11.632, 13.282],
    ].map(([a, b]) => [expect.closeTo(a, 9), expect.closeTo(b, 9)]));
  });
});

describe('figure tables', () => {
  it('lists the cost arithmetic with 43,334 server cores at the cited defaults', () => {
    const table = costTable({
      concurrentVoiceUsers: discordConcurrentVoiceUsers2018.value,
      concurrentVoiceUsersBasis: 'Discord, 2018',
      processedShare: 1,
      realTimeFactor: rnnoiseFacts.realTimeFactorX86.value,
      realTimeFactorBasis: 'RNNoise on x86',
      coreHourPriceUsd: 0.04,
    });
    const value = (quantity: string) => table.rows.find((row) => row[0] === quantity)?.[1];
    expect(value('Server cores needed')).toBe('43,334');
    expect(value('Server cost per hour')).toBe('$1,733');
    expect(value('Server cost per year')).toBe('$15.2 million');
    expect(value('One stream costs')).toBe('1.7\u00a0% of one core');
  });

  it('adds this device’s measured speed once the worklet has measured it', () => {
    const clip = { durationS: 13.282, speechS: [[1.5, 5.93]] as const };
    expect(denoiserTable(clip).rows).toHaveLength(11);
    const live = denoiserTable(clip, { realTimeFactor: 40, measuredAudioS: 12.3, recentVoiceProbability: 0.87 });
    expect(live.rows.at(-2)?.[1]).toBe('40× real time (2.5\u00a0% of one core), over 12.3 s of audio');
    expect(live.rows.at(-1)?.[1]).toBe('0.87');
    expect(denoiserTable(clip).rows.find((row) => row[0] === 'Added delay (framing + RNNoise’s own)')?.[1]).toBe('20 ms');
  });
});
