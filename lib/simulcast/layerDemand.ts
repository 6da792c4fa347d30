/**
 * Which simulcast layers a live publisher is asked to send: the layers some viewer's policy selects
 * (decideLayer, the rule the SFU forwards by), and always the smallest. A layer nobody is getting
 * costs the publisher its encoder and its upload, and the server a decryption and a parse of every
 * packet only to drop it; LiveKit calls pausing them at the source "dynacast". The browser applies
 * the answer with RTCRtpSender.setParameters (encodings[i].active); the server's bots and the
 * benchmark's load honour it the same way.
 *
 * - Decisions are made against every layer the publisher announced, as if all were on: a viewer who
 *   now wants a paused layer asks for it at once (the server resumes it and asks for a keyframe),
 *   while it keeps getting the best layer that is on.
 * - A layer someone is receiving stays on until they have moved off it (a switch down completes on the
 *   smaller layer's keyframe), so nobody's picture freezes mid-switch.
 * - Turning a layer off waits until nobody has wanted it for `LAYER_PAUSE_HOLD_MS`; turning it on is
 *   immediate. So a tile resized back and forth does not flip the publisher's encoder.
 * - The smallest layer is never paused: it is what a new viewer starts on, and the cheapest.
 *
 * Pure: the server keeps the state and the clock; lib/bandwidth's model predicts a camera's upload
 * from the same answer (`sentEncodings`).
 */
import { decideLayer, sortLayersAscending, type PublishedLayer, type ViewerConditions } from './selectLayer';

/** A layer nobody wanted for this long is paused: a few stats ticks, longer than a resize or a scroll. */
export const LAYER_PAUSE_HOLD_MS = 3000;

/** One viewer of the publisher, as its subscription knows it. */
export interface LayerViewer {
  conditions: ViewerConditions;
  /** The layer the viewer receives now (null: none). */
  currentRid: string | null;
}

export interface LayerDemand {
  /** The RIDs the publisher is asked to send, smallest layer first; never empty. */
  requested: readonly string[];
  /** When some viewer last wanted each layer, ms on the caller's clock. */
  lastWantedMs: Readonly<Record<string, number>>;
}

/** Every announced layer, on: what a viewer could have if it asked. */
function announced(layers: readonly PublishedLayer[]): PublishedLayer[] {
  return layers.map((layer) => (layer.active ? layer : { ...layer, active: true }));
}

/**
 * The layers one viewer needs kept on: the one its policy would select if every announced layer were
 * sent, and the one it is receiving now (until its switch away completes). Empty when it wants nothing.
 */
export function viewerWantedRids(layers: readonly PublishedLayer[], viewer: LayerViewer): string[] {
  const wanted = decideLayer(announced(layers), viewer.conditions, viewer.currentRid).rid;
  const rids: string[] = [];
  if (wanted !== null) rids.push(wanted);
  if (viewer.currentRid !== null && viewer.currentRid !== wanted && layers.some((l) => l.rid === viewer.currentRid)) rids.push(viewer.currentRid);
  return rids;
}

/** The union over all viewers, plus the smallest layer, smallest first. */
export function wantedLayers(layers: readonly PublishedLayer[], viewers: Iterable<LayerViewer>): string[] {
  const wanted = new Set<string>();
  for (const viewer of viewers) for (const rid of viewerWantedRids(layers, viewer)) wanted.add(rid);
  return sortLayersAscending(layers)
    .map((layer) => layer.rid)
    .filter((rid, i) => i === 0 || wanted.has(rid));
}

/** At the start every announced layer is on (a browser sends them all until told otherwise). */
export function createLayerDemand(layers: readonly PublishedLayer[], nowMs: number): LayerDemand {
  if (layers.length === 0) throw new RangeError('a layer demand needs at least one layer');
  const sorted = sortLayersAscending(layers);
  return { requested: sorted.map((l) => l.rid), lastWantedMs: Object.fromEntries(sorted.map((l) => [l.rid, nowMs])) };
}

/**
 * The demand after some viewers said what they want (`wantedRids`, any subset of the layers; RIDs the
 * publisher does not announce are ignored): those are on from now, others go off once nobody wanted them
 * for `holdMs`. Returns `demand` itself when nothing changed, so a caller can compare by reference.
 */
export function updateLayerDemand(
  demand: LayerDemand,
  layers: readonly PublishedLayer[],
  wantedRids: Iterable<string>,
  nowMs: number,
  holdMs: number = LAYER_PAUSE_HOLD_MS,
): LayerDemand {
  if (!(holdMs >= 0)) throw new RangeError(`holdMs must be >= 0, got ${holdMs}`);
  const sorted = sortLayersAscending(layers);
  if (sorted.length === 0) throw new RangeError('a layer demand needs at least one layer');
  let lastWantedMs = demand.lastWantedMs;
  for (const rid of wantedRids) {
    if (!sorted.some((l) => l.rid === rid) || lastWantedMs[rid] === nowMs) continue;
    if (lastWantedMs === demand.lastWantedMs) lastWantedMs = { ...lastWantedMs };
    (lastWantedMs as Record<string, number>)[rid] = nowMs;
  }
  const requested = sorted
    .map((l) => l.rid)
    .filter((rid, i) => i === 0 || (lastWantedMs[rid] !== undefined && nowMs - lastWantedMs[rid] < holdMs));
  const same = requested.length === demand.requested.length && requested.every((rid, i) => rid === demand.requested[i]);
  if (same && lastWantedMs === demand.lastWantedMs) return demand;
  return { requested: same ? demand.requested : requested, lastWantedMs };
}

/** An encoding of a simulcast sender, as RTCRtpSendParameters has it. */
export interface SenderEncoding {
  rid?: string;
  active?: boolean;
}

/**
 * The sender's encodings with exactly `rids` active: what a browser passes to setParameters when the
 * server asks for those layers. Refuses (RangeError, nothing changed) a request that names a RID the
 * sender does not have, names one twice, or names none: the server always keeps the smallest layer on,
 * so any of those means the two sides disagree about the layers.
 */
export function applyLayerRequest<E extends SenderEncoding>(encodings: readonly E[], rids: readonly string[]): E[] {
  if (rids.length === 0) throw new RangeError('a layer request must keep at least one layer on');
  if (new Set(rids).size !== rids.length) throw new RangeError(`a layer request names a layer twice: ${rids.join(', ')}`);
  const known = new Set(encodings.map((e) => e.rid));
  const unknown = rids.filter((rid) => !known.has(rid));
  if (unknown.length > 0) throw new RangeError(`a layer request names ${unknown.join(', ')}, which this sender does not send (it has ${[...known].join(', ')})`);
  return encodings.map((e) => ({ ...e, active: rids.includes(e.rid ?? '') }));
}
