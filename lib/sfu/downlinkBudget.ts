/**
 * How one viewer's downlink is shared between the tiles it watches.
 *
 * Audio goes first: it is small, it is never paused, and a voice call that drops words to keep a
 * picture sharp has its priorities backwards. What is left is split evenly between the video tiles that
 * are on screen; a hidden tile gets no video at all (lib/simulcast/selectLayer), so it takes no share.
 * Each tile's layer then fits the smaller of this share and that stream's own loss-based estimate
 * (lib/bandwidth/lossEstimator), so several tiles never each assume the whole link.
 *
 * Pure: the SFU (server/sfu/SubscribeSession) passes in what it measured.
 */

/**
 * The downlink assumed when the reader sets no cap: a LAN or loopback link, where the loss-based
 * estimate, not this number, is what limits a tile.
 */
export const DEFAULT_DOWNLINK_KBPS = 8000;

/** What the split needs to know about one subscription (one publisher's audio and video to this viewer). */
export interface DownlinkTile {
  /** The audio being forwarded to this viewer from this publisher now, measured. */
  audioKbps: number;
  /** The publisher sends video and this viewer has a video track for it. */
  hasVideo: boolean;
  /** The tile is on screen and the page visible. */
  visible: boolean;
}

/**
 * Each visible video tile's share of the downlink, in kbps: the cap (or DEFAULT_DOWNLINK_KBPS when the
 * reader set none) minus all the audio, divided by the number of visible video tiles. Never negative;
 * with no visible video tile the whole remainder is the share, so the first tile to appear is not
 * starved before the next split.
 */
export function videoShareKbps(capKbps: number | null, tiles: readonly DownlinkTile[]): number {
  const downlinkKbps = capKbps ?? DEFAULT_DOWNLINK_KBPS;
  const audioKbps = tiles.reduce((sum, tile) => sum + tile.audioKbps, 0);
  const visibleVideo = tiles.filter((tile) => tile.hasVideo && tile.visible).length;
  return Math.max(0, downlinkKbps - audioKbps) / Math.max(1, visibleVideo);
}
