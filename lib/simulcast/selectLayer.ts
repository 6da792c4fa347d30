/**
 * Which simulcast layer should one viewer get? One policy, used twice: the simulcast chapter's
 * figure draws it, and the live SFU (server/sfu) calls it for every subscriber.
 *
 * The rules, in order:
 * 1. A viewer who is not looking (window minimized, tile scrolled away, or the video turned off on
 *    that tile) gets nothing. Discord relays video to a participant only while they watch it (Go Live
 *    post, source 'discord-go-live-2024').
 * 2. A forced layer (a reader's or a test's override) wins, if the publisher is sending it.
 * 3. Otherwise the wanted layer is the smallest active layer that covers the tile on screen, in device
 *    pixels. A bigger layer would be scaled down by the viewer's GPU: bandwidth spent on nothing.
 * 4. If the wanted layer does not fit the viewer's link, step down until one does; if none does, send
 *    nothing rather than a stream that can only stall.
 * 5. Hysteresis: keeping the current layer, or moving down, needs only the layer's bitrate; moving up
 *    (or starting from nothing) needs that bitrate times `upgradeHeadroomRatio`. So a link estimate
 *    that wobbles around a layer's bitrate does not flip the viewer between layers, and every flip would
 *    cost a keyframe (see keyframeGate.ts).
 */

/** One layer the publisher announced (RFC 8853 simulcast, told apart on the wire by its RID, RFC 8852). */
export interface PublishedLayer {
  /** RTP stream id, e.g. "q", "h", "f". */
  rid: string;
  width: number;
  height: number;
  /** The most this layer's encoder may send. The policy budgets for this, not the average. */
  maxKbps: number;
  /** False while the publisher has paused this layer (nobody watches it). Inactive layers are never picked. */
  active: boolean;
}

export interface ViewerConditions {
  /** The viewer's estimated available downlink for this video (e.g. from GCC / transport-cc feedback). */
  availableKbps: number;
  /** The size of the video tile on the viewer's screen, in CSS pixels. */
  tileWidthPx: number;
  tileHeightPx: number;
  /** False when the window is minimized or the tile is not on screen: send nothing. */
  visible: boolean;
  /** The viewer turned this tile's video off (a control on the tile): send nothing. */
  videoOff?: boolean;
  /** A layer the viewer (or a test) insists on; wins when that layer is active, ignored otherwise. */
  forcedRid?: string | null;
  /** Device pixels per CSS pixel (window.devicePixelRatio); 1 when omitted. A 2x phone needs 2x the pixels. */
  devicePixelRatio?: number;
}

export interface SelectLayerOptions {
  /**
   * Moving up to a layer, or starting one from nothing, needs `maxKbps x upgradeHeadroomRatio` of available
   * bandwidth; staying or moving down needs only `maxKbps`. Must be >= 1; 1 turns hysteresis off.
   */
  upgradeHeadroomRatio?: number;
}

/** 20 % headroom: wider than the few-percent wobble of a bandwidth estimate, narrower than a ladder step (>= 3x). */
export const DEFAULT_UPGRADE_HEADROOM_RATIO = 1.2;

/** Layers in ascending order of size (height, then width, then bitrate), never mutating the input. */
export function sortLayersAscending<T extends PublishedLayer>(layers: readonly T[]): T[] {
  return [...layers].sort((a, b) => a.height - b.height || a.width - b.width || a.maxKbps - b.maxKbps);
}

/**
 * Does `layer` fill a tile of this size without being scaled up? The tile shows the video letterboxed
 * (object-fit: contain), so the video is scaled by min(tileW / w, tileH / h); it is not scaled up as soon
 * as either of its sides reaches the tile's side.
 */
export function layerCoversTile(layer: Pick<PublishedLayer, 'width' | 'height'>, viewer: ViewerConditions): boolean {
  const dpr = viewer.devicePixelRatio ?? 1;
  return layer.width >= viewer.tileWidthPx * dpr || layer.height >= viewer.tileHeightPx * dpr;
}

/** Available kbps a viewer needs to get `layer`, given the layer it has now (the hysteresis rule). */
export function requiredKbpsForLayer(
  layer: PublishedLayer,
  current: PublishedLayer | undefined,
  upgradeHeadroomRatio: number = DEFAULT_UPGRADE_HEADROOM_RATIO,
): number {
  const isUpgrade = current === undefined || compareLayers(layer, current) > 0;
  return isUpgrade ? layer.maxKbps * upgradeHeadroomRatio : layer.maxKbps;
}

function compareLayers(a: PublishedLayer, b: PublishedLayer): number {
  return a.height - b.height || a.width - b.width || a.maxKbps - b.maxKbps;
}

/**
 * Why a viewer gets no video, in the order the rules test it:
 * - 'video-off': the viewer turned this tile's video off;
 * - 'not-visible': the tile is off screen or the page is hidden;
 * - 'no-active-layer': the publisher sends no layer right now;
 * - 'link-too-slow': not even the smallest layer fits the viewer's link.
 */
export const LAYER_PAUSE_REASONS = ['video-off', 'not-visible', 'no-active-layer', 'link-too-slow'] as const;
export type LayerPauseReason = (typeof LAYER_PAUSE_REASONS)[number];

/** The policy's answer: a layer to forward, or none and the rule that said so. */
export type LayerDecision = { rid: string; pausedBecause: null } | { rid: null; pausedBecause: LayerPauseReason };

const pause = (pausedBecause: LayerPauseReason): LayerDecision => ({ rid: null, pausedBecause });

/**
 * The layer to forward to this viewer, or none and why. Pure: same inputs, same answer.
 * `currentRid` is what the viewer gets now (null if nothing); it only matters for hysteresis.
 * The SFU reports `pausedBecause` to the viewer's page, so a paused tile says why from this very decision.
 */
export function decideLayer(
  layers: readonly PublishedLayer[],
  viewer: ViewerConditions,
  currentRid: string | null,
  options: SelectLayerOptions = {},
): LayerDecision {
  const headroom = options.upgradeHeadroomRatio ?? DEFAULT_UPGRADE_HEADROOM_RATIO;
  if (!(headroom >= 1)) throw new RangeError(`upgradeHeadroomRatio must be >= 1, got ${headroom}`);
  if (viewer.videoOff) return pause('video-off');
  if (!viewer.visible) return pause('not-visible');

  const active = sortLayersAscending(layers.filter((layer) => layer.active));
  if (active.length === 0) return pause('no-active-layer');

  if (viewer.forcedRid != null && active.some((layer) => layer.rid === viewer.forcedRid)) {
    return { rid: viewer.forcedRid, pausedBecause: null };
  }

  const coveringIndex = active.findIndex((layer) => layerCoversTile(layer, viewer));
  const wantedIndex = coveringIndex === -1 ? active.length - 1 : coveringIndex;
  // The current layer may have been paused since; its size still tells up from down.
  const current = currentRid === null ? undefined : layers.find((layer) => layer.rid === currentRid);

  for (let i = wantedIndex; i >= 0; i -= 1) {
    const layer = active[i];
    if (viewer.availableKbps >= requiredKbpsForLayer(layer, current, headroom)) return { rid: layer.rid, pausedBecause: null };
  }
  return pause('link-too-slow');
}

/**
 * The least available bandwidth with which `decideLayer` forwards this viewer anything (a visible tile,
 * no forced layer): the smallest active layer's requirement under the hysteresis rule, its bitrate while
 * the viewer has a layer at least that big, x the upgrade headroom to start from nothing. 0 when no layer
 * is active (then nothing can be forwarded whatever the link). lib/sfu/downlinkBudget gives each tile this
 * much first.
 */
export function smallestLayerKbps(
  layers: readonly PublishedLayer[],
  currentRid: string | null,
  upgradeHeadroomRatio: number = DEFAULT_UPGRADE_HEADROOM_RATIO,
): number {
  const smallest = sortLayersAscending(layers.filter((layer) => layer.active))[0];
  if (!smallest) return 0;
  const current = currentRid === null ? undefined : layers.find((layer) => layer.rid === currentRid);
  return requiredKbpsForLayer(smallest, current, upgradeHeadroomRatio);
}

/** The RID to forward to this viewer, or null to forward nothing (`decideLayer` without the reason). */
export function selectLayer(
  layers: readonly PublishedLayer[],
  viewer: ViewerConditions,
  currentRid: string | null,
  options: SelectLayerOptions = {},
): string | null {
  return decideLayer(layers, viewer, currentRid, options).rid;
}
