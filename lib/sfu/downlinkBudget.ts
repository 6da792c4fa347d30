/**
 * How one viewer's downlink is shared between the tiles it watches.
 *
 * Audio goes first: it is small, it is never paused, and a voice call that drops words to keep a
 * picture sharp has its priorities backwards. A hidden tile gets no video at all
 * (lib/simulcast/selectLayer), so it takes no share. What is left goes to the visible video tiles in two
 * rounds, the way an SFU's stream allocator shares a subscriber's estimate (LiveKit's gives every track
 * its lowest layer before it upgrades any):
 *
 * 1. Each tile in turn gets what its smallest layer needs (its floor), as long as the floor fits in what
 *    is left. Tiles already receiving a layer go first, then the others in the order given, so a full link
 *    keeps the pictures it has instead of trading them for new ones. A tile whose floor does not fit gets
 *    no floor, and its layer policy pauses it with 'link-too-slow'.
 * 2. What the floors leave is split evenly between the tiles that got one, on top of their floors.
 *
 * Splitting evenly from the start, as this did before, paused every tile at once when the even share fell
 * under the smallest layer: 49 talking cameras at 8 Mbps got 83 kbps each after their audio (80 kbps
 * each), under the 240 kbps that starting the 180p layer needs, and the whole room went dark although
 * the link carried 17 of them.
 *
 * Each tile's layer then fits the smaller of its share and that stream's own loss-based estimate
 * (lib/bandwidth/lossEstimator), so several tiles never each assume the whole link.
 *
 * Pure: the SFU (server/sfu/SubscribeSession) passes in what it measured.
 */
import { DEFAULT_VOICE_STREAM } from '@/lib/bandwidth/stream';
import { simulcastFormatFor } from '@/lib/simulcast/publisher';
import { DEFAULT_UPGRADE_HEADROOM_RATIO } from '@/lib/simulcast/selectLayer';

/** The room the episode is about: 50 people, so each of them watches 49 others. */
export const TITLE_ROOM_PEOPLE = 50;

/**
 * What a 50-person room needs for every viewer to see every other camera at its smallest layer and hear
 * every voice: 49 x (the 180p layer's 200 kbps x the 1.2 upgrade headroom + an 80 kbps voice stream)
 * = 15,680 kbps.
 */
export const TITLE_ROOM_SMALLEST_DOWNLINK_KBPS =
  (TITLE_ROOM_PEOPLE - 1) * (simulcastFormatFor(320, 180).maxKbps * DEFAULT_UPGRADE_HEADROOM_RATIO + DEFAULT_VOICE_STREAM.wireKbps);

/**
 * The downlink assumed when the reader sets no cap: a LAN or loopback link, where the loss-based estimate,
 * not this number, is what limits a tile. Large enough that the title room fits at its smallest layers
 * (15,680 kbps, rounded up to whole Mbps: 16,000), so "no cap" never pauses a tile for a link it made up.
 */
export const DEFAULT_DOWNLINK_KBPS = Math.ceil(TITLE_ROOM_SMALLEST_DOWNLINK_KBPS / 1000) * 1000;

/** What the split needs to know about one subscription (one publisher's audio and video to this viewer). */
export interface DownlinkTile {
  /** The audio being forwarded to this viewer from this publisher now, measured. */
  audioKbps: number;
  /** The publisher sends video and this viewer has a video track for it. */
  hasVideo: boolean;
  /** The tile is on screen and the page visible (and its video not turned off). */
  visible: boolean;
  /**
   * What the smallest layer needs for this tile now (lib/simulcast/selectLayer smallestLayerKbps: its
   * bitrate to keep it, x the upgrade headroom to start it); 0 when the publisher sends no layer yet.
   * Omitted: 0, an even split.
   */
  floorKbps?: number;
  /** The tile receives a layer now (or waits for its keyframe): it keeps its floor before others start. */
  receiving?: boolean;
}

/**
 * Each tile's share of the downlink for its video, in kbps, in the order given: the cap (or
 * DEFAULT_DOWNLINK_KBPS when the reader set none) minus all the audio, floors first, the rest evenly (see
 * above). A visible tile whose floor did not fit gets only the even part, which is less than its floor.
 * A hidden tile or one without video gets what one more tile would get on top of a floor, so a tile that
 * appears is not starved before the next split; with no visible video tile that is the whole remainder.
 * Never negative.
 */
export function videoSharesKbps(capKbps: number | null, tiles: readonly DownlinkTile[]): number[] {
  const downlinkKbps = capKbps ?? DEFAULT_DOWNLINK_KBPS;
  const audioKbps = tiles.reduce((sum, tile) => sum + tile.audioKbps, 0);
  const videoKbps = Math.max(0, downlinkKbps - audioKbps);

  const watched = tiles.map((tile, index) => ({ tile, index })).filter(({ tile }) => tile.hasVideo && tile.visible);
  const inTurn = [...watched.filter(({ tile }) => tile.receiving), ...watched.filter(({ tile }) => !tile.receiving)];
  const floors = new Map<number, number>();
  let leftKbps = videoKbps;
  for (const { tile, index } of inTurn) {
    const floorKbps = Math.max(0, tile.floorKbps ?? 0);
    if (floorKbps > leftKbps) continue;
    floors.set(index, floorKbps);
    leftKbps -= floorKbps;
  }
  const evenKbps = leftKbps / Math.max(1, floors.size);
  return tiles.map((_, index) => (floors.get(index) ?? 0) + evenKbps);
}
