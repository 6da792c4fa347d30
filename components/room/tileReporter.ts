import { MAX_TILES_PER_REPORT, type TileView } from '@/lib/protocol/room';

/**
 * What the page tells the server about its tiles, and when. Tiles say what they look like as often as
 * the browser tells them (every ResizeObserver and IntersectionObserver callback, every render if a
 * caller is careless); this reporter sends only what changed since the last report, only for tiles the
 * server forwards (so it can use the report), all of them in one `tiles` message, and at most one
 * message per `minIntervalMs`. So a page at rest sends nothing, and a window being resized sends a few
 * messages a second however many tiles it shows.
 */

export type TileViewPatch = Partial<Omit<TileView, 'publisherId'>>;

/** At most this many reports a second (server/limits.ts allows 50 messages a second in all). */
export const TILE_REPORTS_PER_SECOND = 4;
export const MIN_TILE_REPORT_INTERVAL_MS = 1000 / TILE_REPORTS_PER_SECOND;

export interface TileReport {
  devicePixelRatio: number;
  tiles: TileView[];
}

export interface TileReporterOptions {
  send: (report: TileReport) => void;
  devicePixelRatio: () => number;
  now?: () => number;
  minIntervalMs?: number;
}

type View = Omit<TileView, 'publisherId'>;

function sameView(a: View, b: View): boolean {
  return a.widthPx === b.widthPx && a.heightPx === b.heightPx && a.visible === b.visible && a.videoOff === b.videoOff;
}

export class TileReporter {
  /** How each tile looks now; a tile is reported once its size is known. */
  private readonly wanted = new Map<string, Partial<View>>();
  /** What the server was last told, per tile. */
  private readonly reported = new Map<string, View>();
  private reportedDpr: number | null = null;
  /** Publishers whose video the server forwards to this page (from its subscribe offers). */
  private forwarded = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastReportMs = -Infinity;
  private closed = false;
  private readonly now: () => number;
  private readonly minIntervalMs: number;

  constructor(private readonly options: TileReporterOptions) {
    this.now = options.now ?? (() => performance.now());
    this.minIntervalMs = options.minIntervalMs ?? MIN_TILE_REPORT_INTERVAL_MS;
  }

  /** A tile changed (or says again how it looks: repeats cost nothing). */
  update(publisherId: string, patch: TileViewPatch): void {
    const view = { ...this.wanted.get(publisherId), ...patch };
    if (patch.widthPx !== undefined) view.widthPx = Math.round(patch.widthPx);
    if (patch.heightPx !== undefined) view.heightPx = Math.round(patch.heightPx);
    this.wanted.set(publisherId, view);
    this.schedule();
  }

  /** The tile is gone (its publisher left). */
  remove(publisherId: string): void {
    this.wanted.delete(publisherId);
    this.reported.delete(publisherId);
  }

  /** The server's latest subscribe offer: whose video it forwards. New ones get their tile's view. */
  setForwarded(publisherIds: Iterable<string>): void {
    this.forwarded = new Set(publisherIds);
    for (const id of [...this.reported.keys()]) if (!this.forwarded.has(id)) this.reported.delete(id);
    this.schedule();
  }

  /** Something outside the tiles changed (the page's visibility, the pixel ratio): look again. */
  recheck(): void {
    this.schedule();
  }

  /** The tiles that differ from what the server was last told (all of them if the pixel ratio changed). */
  pending(pageVisible: boolean): TileView[] {
    const dprChanged = this.reportedDpr !== this.options.devicePixelRatio();
    const tiles: TileView[] = [];
    for (const [publisherId, wanted] of this.wanted) {
      if (!this.forwarded.has(publisherId) || wanted.widthPx === undefined || wanted.heightPx === undefined) continue;
      const view: View = {
        widthPx: wanted.widthPx,
        heightPx: wanted.heightPx,
        visible: (wanted.visible ?? true) && pageVisible,
        videoOff: wanted.videoOff ?? false,
      };
      const last = this.reported.get(publisherId);
      if (dprChanged || !last || !sameView(last, view)) tiles.push({ publisherId, ...view });
    }
    return tiles;
  }

  /** Idempotent: cancels the pending report. */
  close(): void {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (this.closed || this.timer !== null) return;
    // A zero wait still batches every tile that reports in the same task (all ResizeObservers fire together).
    const waitMs = Math.max(0, this.lastReportMs + this.minIntervalMs - this.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, waitMs);
  }

  private flush(): void {
    if (this.closed) return;
    const pageVisible = typeof document === 'undefined' || document.visibilityState !== 'hidden';
    const pending = this.pending(pageVisible);
    if (pending.length === 0) return;
    const tiles = pending.slice(0, MAX_TILES_PER_REPORT);
    const devicePixelRatio = this.options.devicePixelRatio();
    this.lastReportMs = this.now();
    this.reportedDpr = devicePixelRatio;
    for (const { publisherId, ...view } of tiles) this.reported.set(publisherId, view);
    this.options.send({ devicePixelRatio, tiles });
    // More tiles than one report may carry: the rest go in the next one.
    if (pending.length > tiles.length) this.schedule();
  }
}
