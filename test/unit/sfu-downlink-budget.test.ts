import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DOWNLINK_KBPS,
  TITLE_ROOM_PEOPLE,
  TITLE_ROOM_SMALLEST_DOWNLINK_KBPS,
  videoSharesKbps,
  type DownlinkTile,
} from '@/lib/sfu/downlinkBudget';
import { decideLayer, smallestLayerKbps, type PublishedLayer } from '@/lib/simulcast/selectLayer';
import { roomLadder } from '@/lib/simulcast/room';
import { MAX_PEERS_PER_ROOM } from '@/server/limits';

const tile = (audioKbps: number, visible = true, hasVideo = true): DownlinkTile => ({ audioKbps, hasVideo, visible });
/** A visible camera tile whose smallest layer needs `floorKbps`. */
const camera = (audioKbps: number, floorKbps: number, receiving = false): DownlinkTile => ({ audioKbps, hasVideo: true, visible: true, floorKbps, receiving });

/** A 720p camera's three layers (180p, 360p, 720p at 200, 700 and 2500 kbps), as the room page publishes them. */
const LADDER: PublishedLayer[] = roomLadder('720p');
const smallTile = { tileWidthPx: 160, tileHeightPx: 90, visible: true } as const;

describe('splitting a viewer’s downlink between its tiles', () => {
  it('with no visible tile to share with, gives one silent tile the whole downlink', () => {
    expect(videoSharesKbps(null, [tile(0)])).toEqual([DEFAULT_DOWNLINK_KBPS]);
    expect(videoSharesKbps(3000, [tile(0)])).toEqual([3000]);
  });

  it('takes the audio off the top, then splits the rest evenly between visible tiles that need no floor', () => {
    // 2000 - (32 + 32 + 0) = 1936, over 3 visible tiles.
    const shares = videoSharesKbps(2000, [tile(32), tile(32), tile(0)]);
    for (const share of shares) expect(share).toBeCloseTo(645.333333, 5);
    expect(videoSharesKbps(1000, [tile(40), tile(60)])).toEqual([450, 450]);
  });

  it('gives hidden tiles and audio-only publishers no floor, but still counts their audio', () => {
    // 1000 - (40 + 60 + 50) = 850, all to the one visible video tile.
    expect(videoSharesKbps(1000, [tile(40), tile(60, false), tile(50, true, false)])[0]).toBe(850);
  });

  it('hands the whole remainder to a hidden tile when no video tile is visible, so the next one to appear is not starved', () => {
    expect(videoSharesKbps(500, [tile(30, false)])).toEqual([470]);
    expect(videoSharesKbps(500, [])).toEqual([]);
  });

  it('never goes below zero when the audio alone fills the cap', () => {
    expect(videoSharesKbps(50, [tile(40), tile(40)])).toEqual([0, 0]);
  });

  it('gives every tile its smallest layer first, then the rest evenly on top', () => {
    // 2000 - 3 x 40 = 1880; floors 240 + 240 + 100 = 580; 1300 left, 433.33 each on top.
    const shares = videoSharesKbps(2000, [camera(40, 240), camera(40, 240), camera(40, 100)]);
    expect(shares[0]).toBeCloseTo(673.333333, 5);
    expect(shares[1]).toBeCloseTo(673.333333, 5);
    expect(shares[2]).toBeCloseTo(533.333333, 5);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1880, 9);
  });

  it('when the link cannot carry every smallest layer, plays as many as fit instead of pausing them all', () => {
    // 2000 kbps and 11 cameras talking at 40 kbps: 1560 left. An even split gives 141.8 each, under the
    // 240 every tile needs to start, so all 11 paused. Floors first: 6 x 240 = 1440 fit, 120 over, 20 each.
    const tiles = Array.from({ length: 11 }, () => camera(40, 240));
    const shares = videoSharesKbps(2000, tiles);
    expect(shares.slice(0, 6)).toEqual([260, 260, 260, 260, 260, 260]);
    expect(shares.slice(6)).toEqual([20, 20, 20, 20, 20]);
    const decisions = shares.map((availableKbps) => decideLayer(LADDER, { ...smallTile, availableKbps }, null));
    expect(decisions.filter((d) => d.rid === 'q')).toHaveLength(6);
    expect(decisions.filter((d) => d.pausedBecause === 'link-too-slow')).toHaveLength(5);
  });

  it('keeps the tiles that already play before starting new ones, and lets a smaller floor fill a gap', () => {
    // 1000 - 0 audio. In turn: the receiving tiles (index 2 at 200, index 3 at 200), then the others in order:
    // index 0 (240) fits, 360 left; index 1 (400) does not; index 4 (100) does, 260 left over 4 floors: 65.
    const shares = videoSharesKbps(1000, [camera(0, 240), camera(0, 400), camera(0, 200, true), camera(0, 200, true), camera(0, 100)]);
    expect(shares).toEqual([305, 65, 265, 265, 165]);
  });

  it('leaves hidden tiles out of the floors and gives them what one more tile would get on top', () => {
    // 1000: the visible camera's floor is 240, 760 left; the hidden tile, off screen, takes no floor.
    expect(videoSharesKbps(1000, [camera(0, 240), { ...camera(0, 240), visible: false }])).toEqual([1000, 760]);
  });
});

describe('the smallest layer a tile needs', () => {
  it('is the smallest active layer’s bitrate while the tile keeps it, x 1.2 to start it', () => {
    expect(smallestLayerKbps(LADDER, null)).toBe(240);
    expect(smallestLayerKbps(LADDER, 'q')).toBe(200);
    expect(smallestLayerKbps(LADDER, 'f')).toBe(200);
  });

  it('is that of the next layer up when the smallest is paused, and 0 when nothing is sent', () => {
    const noQ = LADDER.map((layer) => (layer.rid === 'q' ? { ...layer, active: false } : layer));
    expect(smallestLayerKbps(noQ, null)).toBe(840);
    expect(smallestLayerKbps(LADDER.map((layer) => ({ ...layer, active: false })), null)).toBe(0);
  });
});

describe('the downlink assumed with no cap', () => {
  it('carries a 50-person room at its smallest layers: 49 x (200 x 1.2 + 80) = 15,680 kbps, so 16,000', () => {
    expect(TITLE_ROOM_PEOPLE).toBe(MAX_PEERS_PER_ROOM);
    expect(TITLE_ROOM_SMALLEST_DOWNLINK_KBPS).toBeCloseTo(15_680, 9);
    expect(DEFAULT_DOWNLINK_KBPS).toBe(16_000);
  });

  it('starts every one of 49 talking cameras at 180p in a full room (the 8 Mbps it assumed before started none)', () => {
    const tiles = Array.from({ length: TITLE_ROOM_PEOPLE - 1 }, () => camera(80, smallestLayerKbps(LADDER, null)));
    const shares = videoSharesKbps(null, tiles);
    // 16,000 - 49 x 80 = 12,080; floors 49 x 240 = 11,760; 320 over, 6.53 each on top.
    for (const share of shares) expect(share).toBeCloseTo(240 + 320 / 49, 9);
    for (const availableKbps of shares) expect(decideLayer(LADDER, { ...smallTile, availableKbps }, null)).toEqual({ rid: 'q', pausedBecause: null });
  });
});
