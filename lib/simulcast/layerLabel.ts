/**
 * A layer's name as people say it. Its own module so the room page, which names layers on every tile, does
 * not load the simulcast figure's model and inputs (lib/simulcast/room.ts) with it.
 */

/** "720p", "360p", or "nothing". */
export function layerLabel(layer: { width: number; height: number } | null): string {
  // Named by the short side, as video sizes are ("720p"): a phone held upright sends 720x1280, still 720p.
  return layer === null ? 'nothing' : `${Math.min(layer.width, layer.height)}p`;
}
