import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TileReporter, MIN_TILE_REPORT_INTERVAL_MS, type TileReport } from '@/components/room/tileReporter';
import { addNotice, expireNotices, namePeople, nextExpiryMs, noticeText, NOTICE_TTL_MS, MAX_NOTICES, type Notice } from '@/components/room/notices';
import { tileStatus, tileSummary } from '@/components/room/tileStatus';
import { layerColumns, kbpsByLayerName } from '@/components/room/liveStats';
import type { MemberLayerStats, MemberPublisherStats, MemberStats, OwnSubscriptionStats } from '@/lib/protocol/room';
import { clientMessage } from '@/lib/protocol/messages';
import { socketUrl } from '@/components/room/placement';

/** The room page's logic that decides what it sends and what it says (components/room), without a browser. */

describe('TileReporter: what the page tells the server about its tiles', () => {
  let clockMs = 0;
  let reports: TileReport[] = [];
  const reporter = (dpr = 1) => new TileReporter({ send: (r) => reports.push(r), devicePixelRatio: () => dpr, now: () => clockMs });
  const advance = (ms: number) => {
    clockMs += ms;
    vi.advanceTimersByTime(ms);
  };

  beforeEach(() => {
    vi.useFakeTimers();
    clockMs = 0;
    reports = [];
  });
  afterEach(() => vi.useRealTimers());

  it('batches every tile that reports in the same moment into one message, which the protocol accepts', () => {
    const r = reporter();
    r.setForwarded(['a', 'b', 'c']);
    for (const id of ['a', 'b', 'c']) r.update(id, { widthPx: 319.6, heightPx: 179.7, visible: true });
    advance(0);
    expect(reports).toHaveLength(1);
    expect(reports[0].tiles.map((t) => [t.publisherId, t.widthPx, t.heightPx])).toEqual([
      ['a', 320, 180],
      ['b', 320, 180],
      ['c', 320, 180],
    ]);
    expect(clientMessage.safeParse({ type: 'tiles', ...reports[0] }).success).toBe(true);
  });

  it('sends nothing when tiles say again what they said before: a page at rest is silent', () => {
    const r = reporter();
    r.setForwarded(['a']);
    r.update('a', { widthPx: 320, heightPx: 180, visible: true });
    advance(1000);
    for (let i = 0; i < 100; i++) r.update('a', { widthPx: 320.2, heightPx: 180, visible: true, videoOff: false });
    advance(10_000);
    expect(reports).toHaveLength(1);
  });

  it(`sends at most one report per ${MIN_TILE_REPORT_INTERVAL_MS} ms while a window is resized, and the last size always`, () => {
    const r = reporter();
    r.setForwarded(['a', 'b']);
    // Two seconds of a window edge dragged, one ResizeObserver callback per tile per 16 ms frame.
    for (let t = 0; t < 2000; t += 16) {
      for (const id of ['a', 'b']) r.update(id, { widthPx: 400 - t / 10, heightPx: 225 });
      advance(16);
    }
    advance(1000);
    expect(reports.length).toBeLessThanOrEqual(Math.ceil(3000 / MIN_TILE_REPORT_INTERVAL_MS));
    expect(reports.length).toBeGreaterThanOrEqual(8);
    expect(reports.at(-1)!.tiles.map((t) => t.widthPx)).toEqual([202, 202]);
  });

  it('reports only tiles the server forwards, and a tile as soon as the server starts forwarding it', () => {
    const r = reporter();
    r.update('late', { widthPx: 640, heightPx: 360 });
    advance(1000);
    expect(reports).toEqual([]);
    r.setForwarded(['late']);
    advance(0);
    expect(reports).toEqual([{ devicePixelRatio: 1, tiles: [{ publisherId: 'late', widthPx: 640, heightPx: 360, visible: true, videoOff: false }] }]);
  });

  it('says again how a tile looks when the server forwards it anew (it left and came back)', () => {
    const r = reporter();
    r.setForwarded(['a']);
    r.update('a', { widthPx: 320, heightPx: 180 });
    advance(1000);
    r.setForwarded([]);
    r.setForwarded(['a']);
    advance(1000);
    expect(reports).toHaveLength(2);
  });

  it('sends a turned-off tile at once, however many tiles there are', () => {
    const r = reporter();
    const ids = Array.from({ length: 49 }, (_, i) => `p${i}`);
    r.setForwarded(ids);
    for (const id of ids) r.update(id, { widthPx: 160, heightPx: 90, visible: true });
    advance(1000);
    r.update('p7', { videoOff: true });
    advance(MIN_TILE_REPORT_INTERVAL_MS);
    expect(reports).toHaveLength(2);
    expect(reports[1].tiles).toEqual([{ publisherId: 'p7', widthPx: 160, heightPx: 90, visible: true, videoOff: true }]);
  });

  it('sends nothing after close()', () => {
    const r = reporter();
    r.setForwarded(['a']);
    r.update('a', { widthPx: 1, heightPx: 1 });
    r.close();
    advance(1000);
    expect(reports).toEqual([]);
  });
});

describe('notices: passing problems, never a pile', () => {
  const at = (list: Notice[], key: string, text: string, nowMs: number, id: number) => addNotice(list, { key, text }, nowMs, id);

  it('counts a notice that comes again instead of stacking it', () => {
    let list: Notice[] = [];
    for (let i = 0; i < 400; i++) list = at(list, 'rate-limited', 'Slow down.', i * 10, i);
    expect(list).toHaveLength(1);
    expect(noticeText(list[0])).toBe('Slow down. (×400)');
    expect(list[0].id).toBe(0);
  });

  it('names the people who lost their connection in one notice', () => {
    let list: Notice[] = [];
    const describe = (people: string[]) => `${namePeople(people)} left.`;
    for (const person of ['Ana', 'Bo', 'Cy', 'Di', 'Ed']) list = addNotice(list, { key: 'lost', person, describe }, 0, 1);
    expect(list.map(noticeText)).toEqual(['Ana, Bo, Cy and 2 others left.']);
  });

  it('lets each notice expire on its own, and keeps the latest few', () => {
    let list: Notice[] = [];
    for (let i = 0; i < 5; i++) list = at(list, `k${i}`, `n${i}`, i * 1000, i);
    expect(list.map((n) => n.key)).toEqual(['k2', 'k3', 'k4'].slice(-MAX_NOTICES));
    expect(nextExpiryMs(list)).toBe(2000 + NOTICE_TTL_MS);
    expect(expireNotices(list, 3000 + NOTICE_TTL_MS).map((n) => n.key)).toEqual(['k4']);
    expect(nextExpiryMs([])).toBeNull();
  });

  it('names people in plain English', () => {
    expect([namePeople(['A']), namePeople(['A', 'B']), namePeople(['A', 'B', 'C']), namePeople(['A', 'B', 'C', 'D'])]).toEqual([
      'A',
      'A and B',
      'A, B and C',
      'A, B, C and 1 other',
    ]);
  });
});

const LAYERS: MemberLayerStats[] = [
  { rid: 'q', width: 320, height: 180, kbps: 150, active: true, requested: true },
  { rid: 'h', width: 640, height: 360, kbps: 500, active: true, requested: true },
  { rid: 'f', width: 1280, height: 720, kbps: 0, active: false, requested: false },
];

function subscription(patch: Partial<OwnSubscriptionStats>): OwnSubscriptionStats {
  return {
    publisherId: 'p',
    rid: null,
    pendingRid: null,
    forcedRid: null,
    pausedBecause: null,
    tileWidthPx: 320,
    tileHeightPx: 180,
    availableKbps: 8000,
    kbps: 0,
    audioKbps: 0,
    ...patch,
  };
}

describe('tile status: what a tile says, from the server\'s own decision', () => {
  it('names the layer by its size and gives the rate while it plays', () => {
    expect(tileSummary(subscription({ rid: 'h', kbps: 512.4 }), LAYERS)).toBe('360p · 512 kbps');
  });

  it('says a tile is waiting for a keyframe, starting or switching', () => {
    expect(tileStatus(subscription({ pendingRid: 'q' }), LAYERS)).toMatchObject({ state: 'waiting-keyframe', label: 'waiting for a 180p keyframe' });
    expect(tileStatus(subscription({ rid: 'q', pendingRid: 'h' }), LAYERS)).toMatchObject({
      state: 'switching',
      label: '180p → 360p, waiting for a keyframe',
    });
  });

  it('says why a paused tile is paused, with the reason the server sent', () => {
    expect(tileStatus(subscription({ pausedBecause: 'not-visible' }), LAYERS).label).toBe('paused: not on screen');
    expect(tileStatus(subscription({ pausedBecause: 'video-off' }), LAYERS).label).toBe('video off (hidden by you)');
    expect(tileStatus(subscription({ pausedBecause: 'link-too-slow' }), LAYERS).label).toBe('paused: does not fit your link');
  });

  it('marks a forced layer', () => {
    expect(tileStatus(subscription({ rid: 'f', forcedRid: 'f' }), LAYERS).label).toBe('720p (forced)');
  });
});

describe('live panel groupings', () => {
  const publisher = (peerId: string, layers: MemberLayerStats[]): MemberPublisherStats => ({ peerId, speaking: false, audioKbps: null, layers });

  it('lists every layer name once, smallest first, whatever order publishers send them in', () => {
    const columns = layerColumns([publisher('a', [LAYERS[2], LAYERS[0]]), publisher('b', [LAYERS[1], LAYERS[0]])]);
    expect(columns.map((c) => c.name)).toEqual(['180p', '360p', '720p']);
  });

  it('sums what arrives on each layer across publishers', () => {
    const stats: MemberStats = {
      roomId: 'r',
      peers: 2,
      bots: 2,
      publishers: [publisher('a', LAYERS), publisher('b', LAYERS.slice(0, 2))],
      totals: { inKbps: 0, outKbps: 0, inPacketsPerSecond: 0, outPacketsPerSecond: 0, busiestViewerKbps: 0 },
      subscriptions: [],
    };
    expect(kbpsByLayerName(stats, layerColumns(stats.publishers))).toEqual([300, 1000, 0]);
  });
});

describe('the room socket', () => {
  it('asks for a compressed socket on this page\'s server, or on the room\'s fleet node', () => {
    expect(socketUrl({ roomId: 'r', node: null, placed: 'single', reports: [] }, { origin: 'https://class.example' })).toBe('wss://class.example/ws?compress=deflate');
    expect(socketUrl({ roomId: 'r', node: { id: 'node-2', origin: 'http://127.0.0.1:3002' }, placed: 'existing', reports: [] }, { origin: 'http://localhost:3000' })).toBe(
      'ws://127.0.0.1:3002/ws?compress=deflate',
    );
  });
});
