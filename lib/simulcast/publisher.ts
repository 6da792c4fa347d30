/**
 * The publisher's side of simulcast: which layers a source is encoded into, at what bitrates, and
 * which of them are worth sending at all.
 *
 * The ladder follows libwebrtc's table in media/engine/simulcast.cc (source 'libwebrtc-simulcast'):
 * a source is encoded at full, half and quarter size, but only as many layers as its size allows.
 * A 720p source gets 720p/360p/180p; a 360p source gets at most two layers (360p/180p); a 180p
 * source gets one. So "simulcast is three streams" is true only for big enough sources.
 */
import type { TableData } from '../table';
import type { PublishedLayer } from './selectLayer';

/** One row of libwebrtc's kSimulcastFormats table (VP8/H.264), bitrates in kbps. */
export interface SimulcastFormat {
  width: number;
  height: number;
  /** How many simulcast layers a source of at least this many pixels may use. */
  maxLayers: number;
  /** The layer's bitrate when it is the highest layer being sent. */
  maxKbps: number;
  /** The layer's bitrate when a higher layer is also being sent. */
  targetKbps: number;
  /** Below this the layer is not worth encoding. */
  minKbps: number;
}

/**
 * libwebrtc's table, from high resolution to low (source 'libwebrtc-simulcast'). The last row stands
 * for anything smaller than 180p; libwebrtc gives it the 180p row's bitrates by default.
 */
export const LIBWEBRTC_SIMULCAST_FORMATS: readonly SimulcastFormat[] = [
  { width: 1920, height: 1080, maxLayers: 3, maxKbps: 5000, targetKbps: 4000, minKbps: 800 },
  { width: 1280, height: 720, maxLayers: 3, maxKbps: 2500, targetKbps: 2500, minKbps: 600 },
  { width: 960, height: 540, maxLayers: 3, maxKbps: 1200, targetKbps: 1200, minKbps: 350 },
  { width: 640, height: 360, maxLayers: 2, maxKbps: 700, targetKbps: 500, minKbps: 150 },
  { width: 480, height: 270, maxLayers: 2, maxKbps: 450, targetKbps: 350, minKbps: 150 },
  { width: 320, height: 180, maxLayers: 1, maxKbps: 200, targetKbps: 150, minKbps: 30 },
  { width: 0, height: 0, maxLayers: 1, maxKbps: 200, targetKbps: 150, minKbps: 30 },
];

/** Browsers ask for three layers when an app turns simulcast on; libwebrtc trims that by source size. */
export const REQUESTED_SIMULCAST_LAYERS = 3;

/** A layer of the ladder: a published layer plus the bitrates the encoder works between. */
export interface LadderLayer extends PublishedLayer {
  targetKbps: number;
  minKbps: number;
  /** Scale relative to the source: 1 for the full layer, 2 for half, 4 for quarter. */
  scaleDownBy: number;
}

/**
 * The table row for a size: the first row (from the top) whose pixel count the size reaches.
 * libwebrtc interpolates bitrates between rows for in-between sizes; at the ladder's own sizes
 * (1080p, 720p, 540p, 360p, 270p, 180p) the row is exact, and those are the sizes used here.
 */
export function simulcastFormatFor(width: number, height: number): SimulcastFormat {
  const pixels = width * height;
  const row = LIBWEBRTC_SIMULCAST_FORMATS.find((format) => pixels >= format.width * format.height);
  // The last row has 0 pixels, so find() always succeeds for sizes >= 0.
  return row ?? LIBWEBRTC_SIMULCAST_FORMATS[LIBWEBRTC_SIMULCAST_FORMATS.length - 1];
}

/** How many layers libwebrtc encodes a source of this size into. */
export function simulcastLayerCount(
  sourceWidth: number,
  sourceHeight: number,
  requestedLayers: number = REQUESTED_SIMULCAST_LAYERS,
): number {
  return Math.max(1, Math.min(requestedLayers, simulcastFormatFor(sourceWidth, sourceHeight).maxLayers));
}

/** RIDs by scale, the common convention: full, half, quarter. */
export function ridForScale(scaleDownBy: number): string {
  if (scaleDownBy === 1) return 'f';
  if (scaleDownBy === 2) return 'h';
  if (scaleDownBy === 4) return 'q';
  return `s${scaleDownBy}`;
}

/**
 * The ladder for a source, smallest layer first, every layer active. Each layer halves the one above;
 * libwebrtc first rounds the source down so every layer has whole pixels.
 */
export function simulcastLadder(
  sourceWidth: number,
  sourceHeight: number,
  requestedLayers: number = REQUESTED_SIMULCAST_LAYERS,
): LadderLayer[] {
  const count = simulcastLayerCount(sourceWidth, sourceHeight, requestedLayers);
  const unit = 2 ** (count - 1);
  const width = Math.floor(sourceWidth / unit) * unit;
  const height = Math.floor(sourceHeight / unit) * unit;
  const ladder: LadderLayer[] = [];
  for (let i = 0; i < count; i += 1) {
    const scaleDownBy = 2 ** (count - 1 - i);
    const layerWidth = width / scaleDownBy;
    const layerHeight = height / scaleDownBy;
    const format = simulcastFormatFor(layerWidth, layerHeight);
    ladder.push({
      rid: ridForScale(scaleDownBy),
      width: layerWidth,
      height: layerHeight,
      maxKbps: format.maxKbps,
      targetKbps: format.targetKbps,
      minKbps: format.minKbps,
      scaleDownBy,
      active: true,
    });
  }
  return ladder;
}

/**
 * Pause every layer no viewer is getting: an encoder that is not running costs the streamer no
 * upload and no CPU. Discord goes further for Go Live: nothing is sent while nobody watches
 * (source 'discord-go-live-2024'). Returns a new ladder; the input is not changed.
 */
export function pauseUnwatchedLayers<T extends PublishedLayer>(ladder: readonly T[], watchedRids: Iterable<string | null>): T[] {
  const watched = new Set(watchedRids);
  return ladder.map((layer) => ({ ...layer, active: watched.has(layer.rid) }));
}

/**
 * What one layer sends now. libwebrtc gives the highest active layer its max bitrate and every layer
 * below it its target bitrate (source 'libwebrtc-simulcast'); a paused layer sends nothing.
 * At full speed: the encoder's ceiling when the streamer's own uplink is not the limit.
 */
export function layerSendKbps(ladder: readonly LadderLayer[], rid: string): number {
  const layer = ladder.find((candidate) => candidate.rid === rid);
  if (!layer || !layer.active) return 0;
  const isHighestActive = !ladder.some((other) => other.active && other.height > layer.height);
  return isHighestActive ? layer.maxKbps : layer.targetKbps;
}

/** The streamer's total upload for the ladder: the sum of what each layer sends. */
export function publisherUploadKbps(ladder: readonly LadderLayer[]): number {
  return ladder.reduce((sum, layer) => sum + layerSendKbps(ladder, layer.rid), 0);
}

/** The ladder as a table: one row per layer, biggest first, with libwebrtc's bitrates. */
export function simulcastLadderTable(sourceLabel: string, sourceWidth: number, sourceHeight: number): TableData {
  const ladder = simulcastLadder(sourceWidth, sourceHeight);
  return {
    caption: `libwebrtc's simulcast layers for a ${sourceLabel} source (${sourceWidth}×${sourceHeight}): ${ladder.length} ${ladder.length === 1 ? 'layer' : 'layers'}`,
    columns: ['Layer', 'Size', 'Min kbps', 'Target kbps', 'Max kbps'],
    rows: [...ladder].reverse().map((layer) => [`${layer.height}p (rid "${layer.rid}")`, `${layer.width}×${layer.height}`, layer.minKbps, layer.targetKbps, layer.maxKbps]),
  };
}
