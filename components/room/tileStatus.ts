import type { MemberLayerStats, OwnSubscriptionStats } from '@/lib/protocol/room';
import type { LayerPauseReason } from '@/lib/simulcast/selectLayer';
import { layerLabel } from '@/lib/simulcast/layerLabel';
import { formatKbps } from '@/lib/units';

/**
 * What a tile's video is doing, in the words the tile and the live panel both use. Everything here
 * comes from the server's stats: the layer it forwards, the one it waits to switch to, and, when it
 * forwards nothing, the reason its layer policy gave (lib/simulcast/selectLayer decideLayer). Nothing
 * is re-derived in the view.
 */

export type TileState = 'starting' | 'playing' | 'switching' | 'waiting-keyframe' | 'paused';

export interface TileStatus {
  state: TileState;
  /** Short, for the tile's overlay and the panel: "360p", "waiting for a keyframe". */
  label: string;
  /** The layer name forwarded now, or null. */
  layer: string | null;
  /** Why nothing is forwarded, when paused. */
  pausedBecause: LayerPauseReason | null;
}

export const PAUSE_REASON_TEXT: Record<LayerPauseReason, string> = {
  'video-off': 'video off (hidden by you)',
  'not-visible': 'paused: not on screen',
  'no-active-layer': 'paused: no video sent',
  'link-too-slow': 'paused: does not fit your link',
};

/** The name of the layer `rid` of this publisher ("180p"), or the RID itself if the layer is unknown. */
export function layerName(layers: readonly Pick<MemberLayerStats, 'rid' | 'width' | 'height'>[] | undefined, rid: string): string {
  const layer = layers?.find((l) => l.rid === rid);
  return layer ? layerLabel(layer) : rid;
}

export function tileStatus(subscription: OwnSubscriptionStats | undefined, layers: readonly Pick<MemberLayerStats, 'rid' | 'width' | 'height'>[] | undefined): TileStatus {
  if (!subscription) return { state: 'starting', label: 'connecting', layer: null, pausedBecause: null };
  const { rid, pendingRid, pausedBecause } = subscription;
  if (rid === null) {
    if (pendingRid !== null) {
      return { state: 'waiting-keyframe', label: `waiting for a ${layerName(layers, pendingRid)} keyframe`, layer: null, pausedBecause: null };
    }
    if (pausedBecause !== null) return { state: 'paused', label: PAUSE_REASON_TEXT[pausedBecause], layer: null, pausedBecause };
    return { state: 'starting', label: 'starting', layer: null, pausedBecause: null };
  }
  const layer = layerName(layers, rid);
  if (pendingRid !== null) {
    return { state: 'switching', label: `${layer} → ${layerName(layers, pendingRid)}, waiting for a keyframe`, layer, pausedBecause: null };
  }
  return { state: 'playing', label: subscription.forcedRid === rid ? `${layer} (forced)` : layer, layer, pausedBecause: null };
}

/** The tile's one-line summary: status and, while something flows, its rate. */
export function tileSummary(subscription: OwnSubscriptionStats | undefined, layers: readonly Pick<MemberLayerStats, 'rid' | 'width' | 'height'>[] | undefined): string {
  const status = tileStatus(subscription, layers);
  return status.layer !== null && subscription ? `${status.label} · ${formatKbps(Math.round(subscription.kbps))}` : status.label;
}

