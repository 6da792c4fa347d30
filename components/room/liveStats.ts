import type { MemberPublisherStats, MemberStats } from '@/lib/protocol/room';
import { layerLabel } from '@/lib/simulcast/layerLabel';

/** Seconds of stats the charts keep (the room client keeps this many snapshots). */
export const HISTORY_SECONDS = 60;

/**
 * The live panel's groupings of a member's stats: layers by name ("180p", "360p", "720p", the same names
 * the tiles use), smallest first, and what arrives per layer name across every publisher.
 */

export interface LayerColumn {
  /** "180p": lib/simulcast/room layerLabel, from the layer's size. */
  name: string;
  /** Short side in pixels, for ordering. */
  pixels: number;
}

/** Every layer name any publisher sends, smallest first. */
export function layerColumns(publishers: readonly MemberPublisherStats[]): LayerColumn[] {
  const byName = new Map<string, LayerColumn>();
  for (const p of publishers) {
    for (const l of p.layers) byName.set(layerLabel(l), { name: layerLabel(l), pixels: Math.min(l.width, l.height) });
  }
  return [...byName.values()].sort((a, b) => a.pixels - b.pixels);
}

/** What one publisher sends on the layer named `name`, or undefined if it has no such layer. */
export function publisherLayer(publisher: MemberPublisherStats, name: string) {
  return publisher.layers.find((l) => layerLabel(l) === name);
}

/** kbps arriving on each layer name, summed over every publisher, for one snapshot. */
export function kbpsByLayerName(stats: MemberStats, columns: readonly LayerColumn[]): number[] {
  return columns.map((c) => stats.publishers.reduce((sum, p) => sum + (publisherLayer(p, c.name)?.kbps ?? 0), 0));
}

/** What the server sends this member now, video and audio. */
export function ownKbps(stats: MemberStats): number {
  return stats.subscriptions.reduce((sum, s) => sum + s.kbps + s.audioKbps, 0);
}
