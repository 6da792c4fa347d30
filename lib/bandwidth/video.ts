/**
 * Camera video layers, with bitrates from libwebrtc's simulcast table for a 720p source
 * (media/engine/simulcast.cc, [libwebrtc-simulcast]): max kbps 200 (180p), 700 (360p), 2500 (720p).
 * A camera sending a single layer is its own highest layer, which libwebrtc gives the row's max bitrate;
 * on the wire add packet headers. Video packets are large, so headers are a few percent of video,
 * not the fifth they are of voice.
 */
import type { SourceId } from '@/lib/sources';
import { packetsToKbps } from '@/lib/units';
import { simulcastFormatFor } from '@/lib/simulcast/publisher';
import { PACKET_HEADER_BYTES } from './stream';

export type VideoLayerId = '180p' | '360p' | '720p';

export interface VideoLayer {
  id: VideoLayerId;
  width: number;
  height: number;
  minKbps: number;
  targetKbps: number;
  maxKbps: number;
}

const LAYER_SIZES: Record<VideoLayerId, { width: number; height: number }> = {
  '180p': { width: 320, height: 180 },
  '360p': { width: 640, height: 360 },
  '720p': { width: 1280, height: 720 },
};

/** The three camera layers, with bitrates from the simulcast model's copy of libwebrtc's table. */
export const VIDEO_LAYERS = Object.fromEntries(
  Object.entries(LAYER_SIZES).map(([id, { width, height }]) => {
    const { minKbps, targetKbps, maxKbps } = simulcastFormatFor(width, height);
    return [id, { id, width, height, minKbps, targetKbps, maxKbps }];
  }),
) as Record<VideoLayerId, VideoLayer>;

/**
 * The layer a mesh peer sends each of the others. A mesh has no server to pick a smaller layer per viewer,
 * so everyone gets the same one; 360p keeps seven copies (eight people) at about 5 Mbps and seven
 * encoders within a laptop's reach, where 720p would need 18 Mbps up.
 */
export const MESH_SEND_LAYER: VideoLayerId = '360p';

export const VIDEO_LAYER_IDS: readonly VideoLayerId[] = ['180p', '360p', '720p'];

export const VIDEO_LAYER_SOURCES: readonly SourceId[] = ['libwebrtc-simulcast'];

/**
 * RTP payload bytes per video packet. libwebrtc keeps RTP packets near 1200 bytes so they fit a
 * 1500-byte Ethernet MTU with room for tunnels; this is a modelling assumption, shown as such.
 */
export const VIDEO_PAYLOAD_BYTES_PER_PACKET = 1200;

/** Packets per second and wire bitrate of a video encoding sending `kbps` of payload in ~1200-byte packets. */
export function videoOnWire(kbps: number): { packetsPerSecond: number; wireKbps: number } {
  if (!(kbps >= 0)) throw new RangeError(`kbps must be 0 or more, got ${kbps}`);
  const packetsPerSecond = Math.ceil((kbps * 1000) / 8 / VIDEO_PAYLOAD_BYTES_PER_PACKET);
  return { packetsPerSecond, wireKbps: kbps + packetsToKbps(PACKET_HEADER_BYTES, packetsPerSecond) };
}

/** Packets per second and wire bitrate of one camera sending only this layer (at the layer's max bitrate). */
export function videoLayerOnWire(layer: VideoLayerId): { packetsPerSecond: number; wireKbps: number } {
  return videoOnWire(VIDEO_LAYERS[layer].maxKbps);
}
