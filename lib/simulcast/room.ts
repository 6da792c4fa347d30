/**
 * A streamer and a few friends watching: the model behind the simulcast chapter's main figure.
 * For each friend it asks the same policy the live SFU uses (selectLayer) which layer to forward,
 * then adds up what that costs the streamer's uplink and the server's egress, and compares it with
 * two simpler designs: the top layer to everyone, and one stream no faster than the slowest viewer.
 */
import { indexBounds } from '../bounds';
import { booleanInput, choiceInput, defaultInputs, defineInputs, listInput, numberChoiceInput, type InputValues } from '../figures/inputSpec';
import type { TableData } from '../table';
import { formatKbps } from '../units';
import {
  layerSendKbps,
  pauseUnwatchedLayers,
  publisherUploadKbps,
  simulcastLadder,
  type LadderLayer,
} from './publisher';
import { layerCoversTile, selectLayer, sortLayersAscending } from './selectLayer';
import { layerLabel } from './layerLabel';

export type WindowSizeId = 'fullscreen' | 'window' | 'small' | 'thumbnail';

export interface WindowSize {
  label: string;
  widthPx: number;
  heightPx: number;
}

/** The sizes a friend's stream window can have, in CSS pixels (a 1x screen). */
export const WINDOW_SIZES: Record<WindowSizeId, WindowSize> = {
  fullscreen: { label: 'Full screen', widthPx: 1920, heightPx: 1080 },
  window: { label: 'Window', widthPx: 960, heightPx: 540 },
  small: { label: 'Small', widthPx: 560, heightPx: 315 },
  thumbnail: { label: 'Thumbnail', widthPx: 288, heightPx: 162 },
};

export const WINDOW_SIZE_IDS: readonly WindowSizeId[] = ['fullscreen', 'window', 'small', 'thumbnail'];

/** Link speeds a friend can be on, slowest first: a weak phone signal up to fibre. */
export const LINK_SPEEDS_KBPS: readonly number[] = [150, 300, 600, 1000, 2000, 3500, 10_000, 100_000];
/** A friend's link slider steps through LINK_SPEEDS_KBPS by index. */
export const LINK_SPEED_BOUNDS = indexBounds(LINK_SPEEDS_KBPS);

export type SourceSizeId = '1080p' | '720p' | '360p' | '180p';

/** What the streamer shares. The ladder, and so the layer count, depends on it. */
export const SOURCE_SIZES: Record<SourceSizeId, { label: string; widthPx: number; heightPx: number }> = {
  '1080p': { label: '1080p', widthPx: 1920, heightPx: 1080 },
  '720p': { label: '720p', widthPx: 1280, heightPx: 720 },
  '360p': { label: '360p', widthPx: 640, heightPx: 360 },
  '180p': { label: '180p', widthPx: 320, heightPx: 180 },
};

export const SOURCE_SIZE_IDS: readonly SourceSizeId[] = ['1080p', '720p', '360p', '180p'];

/** What a reader sets for one friend. */
export interface FriendSettings {
  linkKbps: number;
  window: WindowSizeId;
  minimized: boolean;
}

/** A friend as the model sees it: the reader's settings and a name, which comes from the friend's place. */
export interface FriendInputs extends FriendSettings {
  name: string;
}

/** The most friends the figure draws: its diagram has room for five. */
export const MAX_FRIENDS = 5;

/** "Friend A" for the first, "Friend B" for the second... */
export function friendName(index: number): string {
  return `Friend ${String.fromCharCode(65 + index)}`;
}

/** Settings in order, named by their place. */
export function nameFriends(settings: readonly FriendSettings[]): FriendInputs[] {
  return settings.map((friend, i) => ({ name: friendName(i), linkKbps: friend.linkKbps, window: friend.window, minimized: friend.minimized }));
}

export interface SimulcastRoomInputs {
  source: SourceSizeId;
  friends: FriendInputs[];
  /** Stop encoding layers no friend is getting. */
  pauseUnwatched: boolean;
}

/** Five friends, after the episode's story: fibre and full screen, a phone, a minimized window, ... */
const DEFAULT_FRIENDS: readonly FriendSettings[] = [
  { linkKbps: 100_000, window: 'fullscreen', minimized: false },
  { linkKbps: 300, window: 'small', minimized: false },
  { linkKbps: 10_000, window: 'window', minimized: true },
  { linkKbps: 1000, window: 'window', minimized: false },
  { linkKbps: 10_000, window: 'thumbnail', minimized: false },
];

/**
 * What a reader sets in the figure, declared for links, embeds and the classroom: the streamer's source, the
 * pause switch and the friends, one to five, each a link speed from LINK_SPEEDS_KBPS, a window and whether
 * it is minimized (`?five-friends.friends=100000,fullscreen,false;300,small,false`).
 */
export const fiveFriendsInputs = defineInputs({
  source: choiceInput(SOURCE_SIZE_IDS, '720p', 'Streamer shares'),
  pauseUnwatched: booleanInput(true, 'Pause layers nobody watches'),
  friends: listInput(
    {
      linkKbps: numberChoiceInput(LINK_SPEEDS_KBPS, 1000, 'Link speed (kbps)'),
      window: choiceInput(WINDOW_SIZE_IDS, 'window', 'Window'),
      minimized: booleanInput(false, 'Minimized'),
    },
    DEFAULT_FRIENDS,
    'Friends watching',
    { minLength: 1, maxLength: MAX_FRIENDS },
  ),
});

export type FiveFriendsInputs = InputValues<typeof fiveFriendsInputs>;

/** The model's inputs for what the figure holds: choices typed, friends named by their place. */
export function roomInputsOf(inputs: FiveFriendsInputs): SimulcastRoomInputs {
  return {
    source: inputs.source as SourceSizeId,
    pauseUnwatched: inputs.pauseUnwatched,
    friends: nameFriends(inputs.friends.map((friend) => ({ ...friend, window: friend.window as WindowSizeId }))),
  };
}

/** The figure's starting point, as the model takes it. */
export const DEFAULT_ROOM_INPUTS: SimulcastRoomInputs = roomInputsOf(defaultInputs(fiveFriendsInputs));

export type FriendReason = 'minimized' | 'link too slow' | 'fits the window' | 'limited by the link';

export interface FriendOutcome {
  name: string;
  rid: string | null;
  layer: LadderLayer | null;
  /** What this friend downloads: the chosen layer's current send rate, 0 when nothing. */
  receiveKbps: number;
  reason: FriendReason;
}

export interface LayerOutcome {
  layer: LadderLayer;
  /** What the streamer uploads for this layer (0 when paused). */
  sendKbps: number;
  /** Names of the friends getting this layer. */
  watchers: string[];
}

export interface SimulcastRoomOutcome {
  /** The ladder as the streamer encodes it, smallest first, with paused layers inactive. */
  ladder: LadderLayer[];
  friends: FriendOutcome[];
  layers: LayerOutcome[];
  uploadKbps: number;
  /** The server's egress for this stream: the sum of what every friend downloads. */
  egressKbps: number;
  /** The naive design: the top layer at its full bitrate to every friend, watching or not. */
  topLayerToAll: { perFriendKbps: number; egressKbps: number; friendsWhoseLinkIsTooSlow: number };
  /**
   * One stream, no simulcast: Go Live's streamer sends no more than the slowest watching connection
   * can take (source 'discord-go-live-2024'), capped by the top layer's bitrate.
   */
  singleStream: { kbps: number; egressKbps: number };
}

/** The ladder the streamer could send for this source, every layer available. */
export function roomLadder(source: SourceSizeId): LadderLayer[] {
  const size = SOURCE_SIZES[source];
  return simulcastLadder(size.widthPx, size.heightPx);
}

/** The tile a friend's window shows the stream in. */
export function friendViewer(friend: FriendInputs) {
  const size = WINDOW_SIZES[friend.window];
  return { availableKbps: friend.linkKbps, tileWidthPx: size.widthPx, tileHeightPx: size.heightPx, visible: !friend.minimized };
}

/**
 * The layer each friend gets, given what each had before (`previousRids`, for the policy's hysteresis;
 * omit for a fresh start). Decisions are made against every layer the source allows: the SFU asks the
 * streamer to resume a paused layer as soon as someone wants it.
 */
export function chooseFriendLayers(inputs: SimulcastRoomInputs, previousRids: readonly (string | null)[] = []): (string | null)[] {
  const ladder = roomLadder(inputs.source);
  return inputs.friends.map((friend, i) => selectLayer(ladder, friendViewer(friend), previousRids[i] ?? null));
}

/** Everything the figure shows, for these inputs and these chosen layers (from chooseFriendLayers). */
export function simulcastRoom(inputs: SimulcastRoomInputs, chosenRids: readonly (string | null)[] = chooseFriendLayers(inputs)): SimulcastRoomOutcome {
  const fullLadder = roomLadder(inputs.source);
  // A chosen rid the source no longer has (the reader switched source) counts as nothing.
  const rids = inputs.friends.map((_, i) => {
    const rid = chosenRids[i] ?? null;
    return fullLadder.some((layer) => layer.rid === rid) ? rid : null;
  });
  const ladder = inputs.pauseUnwatched ? pauseUnwatchedLayers(fullLadder, rids) : fullLadder;

  const friends: FriendOutcome[] = inputs.friends.map((friend, i) => {
    const rid = rids[i];
    const layer = ladder.find((candidate) => candidate.rid === rid) ?? null;
    return { name: friend.name, rid, layer, receiveKbps: rid === null ? 0 : layerSendKbps(ladder, rid), reason: reasonFor(friend, layer, fullLadder) };
  });

  const layers: LayerOutcome[] = ladder.map((layer) => ({
    layer,
    sendKbps: layerSendKbps(ladder, layer.rid),
    watchers: friends.filter((friend) => friend.rid === layer.rid).map((friend) => friend.name),
  }));

  const top = fullLadder[fullLadder.length - 1];
  const watching = inputs.friends.filter((friend) => !friend.minimized);
  const slowestWatchingKbps = Math.min(...watching.map((friend) => friend.linkKbps));
  const singleKbps = watching.length === 0 ? 0 : Math.min(top.maxKbps, slowestWatchingKbps);

  return {
    ladder,
    friends,
    layers,
    uploadKbps: publisherUploadKbps(ladder),
    egressKbps: friends.reduce((sum, friend) => sum + friend.receiveKbps, 0),
    topLayerToAll: {
      perFriendKbps: top.maxKbps,
      egressKbps: top.maxKbps * inputs.friends.length,
      friendsWhoseLinkIsTooSlow: inputs.friends.filter((friend) => friend.linkKbps < top.maxKbps).length,
    },
    singleStream: { kbps: singleKbps, egressKbps: singleKbps * watching.length },
  };
}

function reasonFor(friend: FriendInputs, layer: LadderLayer | null, fullLadder: readonly LadderLayer[]): FriendReason {
  if (friend.minimized) return 'minimized';
  if (layer === null) return 'link too slow';
  const viewer = friendViewer(friend);
  const sorted = sortLayersAscending(fullLadder);
  const wanted = sorted.find((candidate) => layerCoversTile(candidate, viewer)) ?? sorted[sorted.length - 1];
  return wanted.rid === layer.rid ? 'fits the window' : 'limited by the link';
}

export { layerLabel };

/** The figure's numbers as a table: one row per friend, one per layer, then the totals. */
export function simulcastRoomTable(inputs: SimulcastRoomInputs, outcome: SimulcastRoomOutcome = simulcastRoom(inputs)): TableData {
  const friendRows = inputs.friends.map((friend, i) => {
    const result = outcome.friends[i];
    return [
      friend.name,
      `${formatKbps(friend.linkKbps, { compact: true })} link, ${WINDOW_SIZES[friend.window].label.toLowerCase()}${friend.minimized ? ', minimized' : ''}`,
      `${layerLabel(result.layer)} (${result.reason})`,
      result.receiveKbps,
    ];
  });
  const layerRows = outcome.layers.map(({ layer, sendKbps, watchers }) => [
    `Streamer's ${layerLabel(layer)} layer`,
    `${layer.width}×${layer.height}`,
    layer.active ? (watchers.length > 0 ? `sent to ${watchers.join(', ')}` : 'encoded, nobody gets it') : 'paused',
    sendKbps,
  ]);
  const top = outcome.ladder[outcome.ladder.length - 1];
  return {
    caption: `A ${SOURCE_SIZES[inputs.source].label} stream with simulcast (${outcome.ladder.length} layers) and ${inputs.friends.length} friends watching: what each gets and what it costs`,
    columns: ['Who', 'Conditions', 'Gets', 'kbps'],
    rows: [
      ...friendRows,
      ...layerRows,
      ['Streamer upload', 'all layers being encoded', `${outcome.ladder.filter((layer) => layer.active).length} layers`, outcome.uploadKbps],
      ['Server egress', 'sum of what the friends download', 'with simulcast', outcome.egressKbps],
      ['Top layer to everyone', `${layerLabel(top)} at ${formatKbps(outcome.topLayerToAll.perFriendKbps)} to all ${inputs.friends.length}`, `${outcome.topLayerToAll.friendsWhoseLinkIsTooSlow} links too slow`, outcome.topLayerToAll.egressKbps],
      ['One stream for all (Go Live, as Discord documents it)', 'no faster than the slowest watching link', formatKbps(outcome.singleStream.kbps), outcome.singleStream.egressKbps],
    ],
  };
}
