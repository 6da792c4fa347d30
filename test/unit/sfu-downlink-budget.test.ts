import { describe, expect, it } from 'vitest';
import { DEFAULT_DOWNLINK_KBPS, videoShareKbps, type DownlinkTile } from '@/lib/sfu/downlinkBudget';

const tile = (audioKbps: number, visible = true, hasVideo = true): DownlinkTile => ({ audioKbps, hasVideo, visible });

describe('splitting a viewer’s downlink between its tiles', () => {
  it('assumes 8000 kbps when the reader sets no cap, and gives one silent tile all of it', () => {
    expect(DEFAULT_DOWNLINK_KBPS).toBe(8000);
    expect(videoShareKbps(null, [tile(0)])).toBe(8000);
  });

  it('takes the audio off the top, then splits the rest evenly between the visible video tiles', () => {
    // 2000 - (32 + 32 + 0) = 1936, over 3 visible tiles.
    expect(videoShareKbps(2000, [tile(32), tile(32), tile(0)])).toBeCloseTo(645.333333, 5);
    expect(videoShareKbps(1000, [tile(40), tile(60)])).toBe(450);
  });

  it('gives hidden tiles and audio-only publishers no share, but still counts their audio', () => {
    // 1000 - (40 + 60 + 50) = 850, all to the one visible video tile.
    expect(videoShareKbps(1000, [tile(40), tile(60, false), tile(50, true, false)])).toBe(850);
  });

  it('hands the whole remainder on when no video tile is visible, so the next one to appear is not starved', () => {
    expect(videoShareKbps(500, [tile(30, false)])).toBe(470);
    expect(videoShareKbps(500, [])).toBe(500);
  });

  it('never goes below zero when the audio alone fills the cap', () => {
    expect(videoShareKbps(50, [tile(40), tile(40)])).toBe(0);
  });
});
