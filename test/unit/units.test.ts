import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatGbps,
  formatKbps,
  formatMbps,
  formatMinutes,
  formatPercent,
  formatSeconds,
  formatTimes,
  roundToSignificant,
} from '@/lib/units';

describe('units', () => {
  it('rounds to significant digits for a sentence', () => {
    expect(roundToSignificant(43_334, 2)).toBe(43_000);
    expect(roundToSignificant(229.17, 3)).toBe(229);
    expect(roundToSignificant(0.0237, 2)).toBeCloseTo(0.024, 12);
    expect(roundToSignificant(0, 2)).toBe(0);
  });

  it('formats rates with their unit', () => {
    expect(formatKbps(79_920)).toBe('79,920 kbps');
    expect(formatMbps(1000)).toBe('1 Mbps');
    expect(formatMbps(79_920)).toBe('79.9 Mbps');
    expect(formatGbps(220_000_000)).toBe('220 Gbps');
  });

  it('formats sizes, times, ratios and shares', () => {
    expect(formatBytes(229.17)).toBe('229 bytes');
    expect(formatSeconds(900)).toBe('0.9 s');
    expect(formatSeconds(2000)).toBe('2 s');
    expect(formatMinutes(30)).toBe('30 min');
    expect(formatTimes(60 / 7)).toBe('8.6 times');
    expect(formatTimes(31.25, 0)).toBe('31 times');
    expect(formatPercent(0.98)).toBe('98 %');
  });
});
