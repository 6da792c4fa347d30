import '@/lib/zod';
import { z } from 'zod';
import { LAYER_PAUSE_REASONS } from '@/lib/simulcast/selectLayer';

/**
 * The demo room's messages on /ws (members of the unions in messages.ts) and the stats: each member's
 * socket gets its own share every second (`memberStats`), GET /api/rooms/<id>/stats the full detail.
 *
 * Each browser keeps two peer connections to the SFU: a "publish" one it offers (its camera as three
 * simulcast layers by RID, RFC 8853, and its microphone) and a "subscribe" one the server offers (one
 * audio and one video track per other publisher), renegotiated by the server as people come and go.
 * Who offers is fixed per connection, so the two sides can never offer at once (no glare).
 */

/** Room ids: 1-32 letters, digits or '-', so they are safe in a URL and a log line. */
export const ROOM_ID_PATTERN = /^[A-Za-z0-9-]{1,32}$/;
export const MAX_DISPLAY_NAME_CHARS = 32;
/**
 * Longest SDP accepted, in characters. A simulcast publish offer is about 6-10 kB, but a viewer's
 * subscribe answer has two m-sections per other publisher: in a 50-person room, 98 of them, about
 * 70 kB from werift's answerer (bench:sfu --scenario meeting stopped at 32 kB with 23 publishers).
 */
export const MAX_SDP_CHARS = 160 * 1024;
/** Longest ICE candidate line. */
export const MAX_CANDIDATE_CHARS = 1024;
/** Longest RID (RFC 8852 allows more; nobody needs it). */
export const MAX_RID_CHARS = 16;

export function isValidRoomId(id: string): boolean {
  return ROOM_ID_PATTERN.test(id);
}

/** A room id from a URL path segment: decoded, or null when the segment is not valid percent-encoding ("%ZZ"). */
export function decodeRoomIdSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

export const roomId = z.string().regex(ROOM_ID_PATTERN, 'a room id is 1-32 letters, digits or "-"');
const peerId = z.string().min(1).max(64);
const rid = z.string().min(1).max(MAX_RID_CHARS);
const sdp = z.string().min(1).max(MAX_SDP_CHARS);

/** How a person joins: camera and microphone, microphone only, or only watching and listening. */
export const joinRole = z.enum(['camera', 'mic', 'viewer']);
export type JoinRole = z.infer<typeof joinRole>;

export const peerConnectionLabel = z.enum(['publish', 'subscribe']);
export type PeerConnectionLabel = z.infer<typeof peerConnectionLabel>;

export const iceCandidate = z.object({
  candidate: z.string().max(MAX_CANDIDATE_CHARS),
  sdpMid: z.string().max(32).nullable().optional(),
  sdpMLineIndex: z.number().int().min(0).max(255).nullable().optional(),
  usernameFragment: z.string().max(256).nullable().optional(),
});
export type IceCandidate = z.infer<typeof iceCandidate>;

/** Most tiles one `tiles` report may carry: more than a room holds (server/limits.ts MAX_PEERS_PER_ROOM). */
export const MAX_TILES_PER_REPORT = 64;

/** One tile as the page shows it. */
export const tileView = z.object({
  publisherId: peerId,
  widthPx: z.number().min(0).max(16384),
  heightPx: z.number().min(0).max(16384),
  /** On screen, with the page visible. A tile nobody can see gets no video at all. */
  visible: z.boolean(),
  /** The reader turned this tile's video off. */
  videoOff: z.boolean(),
});
export type TileView = z.infer<typeof tileView>;

export const roomClientMessages = [
  z.object({
    type: z.literal('join'),
    roomId,
    role: joinRole,
    name: z.string().trim().min(1).max(MAX_DISPLAY_NAME_CHARS),
  }),
  z.object({ type: z.literal('leave') }),
  /**
   * The browser's offer for its publish connection, with its camera's size: the server derives the
   * simulcast ladder (lib/simulcast/publisher.ts) the browser was asked to encode from it.
   */
  z.object({
    type: z.literal('publish-offer'),
    sdp,
    sourceWidth: z.number().int().min(0).max(7680).optional(),
    sourceHeight: z.number().int().min(0).max(4320).optional(),
  }),
  /** The browser's answer to the server's latest subscribe offer (`revision` says which). */
  z.object({ type: z.literal('subscribe-answer'), revision: z.number().int().nonnegative(), sdp }),
  z.object({ type: z.literal('candidate'), pc: peerConnectionLabel, candidate: iceCandidate }),
  /**
   * How the page shows the tiles whose view changed since its last report: size in CSS pixels, whether
   * each is on screen (and the page visible), whether the reader turned its video off. One message for
   * every tile that changed, so a page's reports do not grow with the room; the server picks each
   * tile's layer from it. Entries for someone the server no longer forwards are skipped (the room
   * changes under the page all the time), not refused.
   */
  z.object({
    type: z.literal('tiles'),
    devicePixelRatio: z.number().min(0.25).max(8),
    tiles: z.array(tileView).min(1).max(MAX_TILES_PER_REPORT),
  }),
  /** Force a layer for this tile (null: let the server choose). */
  z.object({ type: z.literal('force-layer'), publisherId: peerId, rid: rid.nullable() }),
  /** Pretend this browser's downlink carries at most `kbps` (null: no cap). A teaching control. */
  z.object({ type: z.literal('downlink-cap'), kbps: z.number().int().min(50).max(100_000).nullable() }),
  z.object({ type: z.literal('add-bot') }),
  /** Remove one bot: the given one, or the newest. */
  z.object({ type: z.literal('remove-bot'), botId: peerId.optional() }),
] as const;

export const peerInfo = z.object({
  id: peerId,
  name: z.string(),
  role: z.enum(['camera', 'mic', 'viewer', 'bot']),
  /** Publishes audio / video (bots and camera peers publish both). */
  audio: z.boolean(),
  video: z.boolean(),
});
export type PeerInfo = z.infer<typeof peerInfo>;

/** Which subscribe-connection track (by MID, RFC 8843) carries which publisher's media. */
export const trackMapping = z.object({ mid: z.string(), publisherId: peerId, kind: z.enum(['audio', 'video']) });
export type TrackMapping = z.infer<typeof trackMapping>;

export const layerStats = z.object({
  rid: z.string(),
  width: z.number(),
  height: z.number(),
  /** What the layer may send at most (the policy budgets for this). */
  maxKbps: z.number(),
  kbps: z.number(),
  packetsPerSecond: z.number(),
  /** Packets arrived in the last second. */
  active: z.boolean(),
  /** The server asks the publisher to send this layer: some viewer's policy selects it, or it is the smallest (lib/simulcast/layerDemand). */
  requested: z.boolean(),
});
export type LayerStats = z.infer<typeof layerStats>;

export const publisherStats = z.object({
  peerId,
  name: z.string(),
  bot: z.boolean(),
  speaking: z.boolean(),
  /** RFC 6464 level of the latest audio packet, in dBov (0 loudest, -127 silence); null before any audio. */
  audioLevelDbov: z.number().nullable(),
  audio: z.object({ kbps: z.number(), packetsPerSecond: z.number() }).nullable(),
  layers: z.array(layerStats),
});
export type PublisherStats = z.infer<typeof publisherStats>;

export const subscriptionStats = z.object({
  /** Who receives. */
  peerId,
  /** Whose video it is. */
  publisherId: peerId,
  /** The layer being forwarded; null when none is (paused, or nothing fits the link). */
  rid: z.string().nullable(),
  /** A switch waiting for the target layer's keyframe (also the first layer, before any is forwarded). */
  pendingRid: z.string().nullable(),
  forcedRid: z.string().nullable(),
  /** Nothing is forwarded now (rid is null). */
  paused: z.boolean(),
  /**
   * Why the layer policy (lib/simulcast/selectLayer decideLayer) forwards nothing; null while it wants a
   * layer, even if that layer's keyframe has not come yet (then `pendingRid` says which).
   */
  pausedBecause: z.enum(LAYER_PAUSE_REASONS).nullable(),
  visible: z.boolean(),
  videoOff: z.boolean(),
  tileWidthPx: z.number(),
  tileHeightPx: z.number(),
  /**
   * The downlink estimate the layer choice used: the loss-based estimate from this viewer's RTCP receiver
   * reports (lib/bandwidth/lossEstimator, GCC), capped by this tile's share of the reader's pretend downlink.
   */
  availableKbps: z.number(),
  kbps: z.number(),
  packetsPerSecond: z.number(),
  audioKbps: z.number(),
  keyframeRequests: z.number(),
});
export type SubscriptionStats = z.infer<typeof subscriptionStats>;

export const roomTotals = z.object({
  inKbps: z.number(),
  outKbps: z.number(),
  inPacketsPerSecond: z.number(),
  outPacketsPerSecond: z.number(),
  /** What the server sends its busiest viewer (video and audio), for the mesh comparison. */
  busiestViewerKbps: z.number(),
});
export type RoomTotals = z.infer<typeof roomTotals>;

/** The room's full detail: every member's every subscription. GET /api/rooms/<id>/stats serves it. */
export const roomStats = z.object({
  roomId: z.string(),
  peers: z.number(),
  bots: z.number(),
  publishers: z.array(publisherStats),
  subscriptions: z.array(subscriptionStats),
  totals: roomTotals,
  /**
   * Packets forwarded to the people in the room now, since they joined, by the path they left on:
   * the SFU's fast path (of which `nativePackets` went through the native fan-out), werift's own
   * sender (when the fast path could not take them), dropped because the viewer's connection could
   * not send yet, or refused by the kernel (a full socket buffer). `path` is the one this server
   * forwards on: 'native' where the native fan-out loaded, else 'js' (server/sfu/forwarding).
   * `nativeDecryptedPackets`: RTP from the publishers' browsers that the native addon decrypted.
   */
  forwarding: z.object({
    path: z.enum(['native', 'js', 'werift']),
    fastPackets: z.number(),
    nativePackets: z.number(),
    weriftPackets: z.number(),
    droppedPackets: z.number(),
    refusedPackets: z.number(),
    nativeDecryptedPackets: z.number(),
  }),
});
export type RoomStats = z.infer<typeof roomStats>;

/**
 * One publisher as every member's page shows it: the live panel's senders table and chart, and the
 * tiles' layer names ("180p", from the layer's size). Rates in whole kbps. Names come from the peer
 * list the page already has.
 */
export const memberLayerStats = z.object({ rid: z.string(), width: z.number(), height: z.number(), kbps: z.number(), active: z.boolean(), requested: z.boolean() });
export type MemberLayerStats = z.infer<typeof memberLayerStats>;

export const memberPublisherStats = z.object({
  peerId,
  speaking: z.boolean(),
  /** Audio arriving, in kbps; null for a publisher without a microphone. */
  audioKbps: z.number().nullable(),
  layers: z.array(memberLayerStats),
});
export type MemberPublisherStats = z.infer<typeof memberPublisherStats>;

/** One subscription as its own viewer's page shows it (tile status, the "Coming to you" table). */
export const ownSubscriptionStats = subscriptionStats.pick({
  publisherId: true,
  rid: true,
  pendingRid: true,
  forcedRid: true,
  pausedBecause: true,
  tileWidthPx: true,
  tileHeightPx: true,
  availableKbps: true,
  kbps: true,
  audioKbps: true,
});
export type OwnSubscriptionStats = z.infer<typeof ownSubscriptionStats>;

/**
 * What one member's socket gets each stats tick: what its page shows. The publishers and the totals
 * are the same for everyone (the server serializes them once per tick); the subscriptions are only this
 * member's own. So a member's feed grows with the number of publishers, not with the square of the
 * room. The full detail, every field of every member's every subscription, is at GET
 * /api/rooms/<id>/stats.
 */
export const memberStats = z.object({
  roomId: z.string(),
  peers: z.number(),
  bots: z.number(),
  publishers: z.array(memberPublisherStats),
  totals: roomTotals,
  subscriptions: z.array(ownSubscriptionStats),
});
export type MemberStats = z.infer<typeof memberStats>;

export const roomSummary = z.object({ id: z.string(), peers: z.number(), bots: z.number(), publishers: z.number() });
export type RoomSummary = z.infer<typeof roomSummary>;

/**
 * What every bot in the room sends, weighed from its clips (lib/bandwidth/recorded): each simulcast layer
 * and its voice while it talks, wire kbps. The page's model of its own traffic needs it (bots are not
 * cameras with a known encoder ladder).
 */
export const botWeights = z.object({
  layers: z.array(z.object({ rid: z.string(), wireKbps: z.number() })),
  voiceWireKbps: z.number(),
});
export type BotWeights = z.infer<typeof botWeights>;

export const roomServerMessages = [
  z.object({
    type: z.literal('joined'),
    roomId: z.string(),
    peerId,
    role: joinRole,
    peers: z.array(peerInfo),
    maxPeers: z.number(),
    bots: botWeights,
  }),
  z.object({ type: z.literal('left'), roomId: z.string() }),
  /**
   * The server removed this member (its connection failed, or a negotiation could not finish). The page
   * says so and offers to join again; nothing it sends for this room is accepted any more.
   */
  z.object({ type: z.literal('dropped'), roomId: z.string(), message: z.string() }),
  z.object({ type: z.literal('peer-joined'), peer: peerInfo }),
  z.object({ type: z.literal('peer-left'), peerId, reason: z.enum(['left', 'disconnected', 'removed']) }),
  z.object({ type: z.literal('publish-answer'), sdp }),
  z.object({ type: z.literal('subscribe-offer'), revision: z.number().int().nonnegative(), sdp, tracks: z.array(trackMapping) }),
  z.object({ type: z.literal('candidate'), pc: peerConnectionLabel, candidate: iceCandidate }),
  /**
   * The simulcast layers this page's camera should send now, smallest first (never empty; the smallest is
   * always among them): the others are layers no viewer's policy selects. The page sets its sender's
   * encodings active accordingly (RTCRtpSender.setParameters; lib/simulcast/layerDemand).
   */
  z.object({ type: z.literal('publish-layers'), rids: z.array(rid).min(1).max(8) }),
  /** Sent when someone starts or stops talking (from RFC 6464 audio levels), so rings react faster than stats. */
  z.object({ type: z.literal('speaking'), peerId, speaking: z.boolean() }),
  z.object({ type: z.literal('stats'), stats: memberStats }),
] as const;

/** Error codes of the room. */
export const roomErrorCodes = [
  'bad-room-id',
  'room-full',
  'too-many-rooms',
  'not-in-room',
  'already-in-room',
  'not-publishing',
  'unknown-publisher',
  'unknown-layer',
  'negotiation-failed',
  'stale-answer',
  'bot-limit',
  'no-bot',
  /** An SDP the server will not build anything for (lib/protocol/sdp.ts says why). */
  'bad-sdp',
  /** A second publish offer while one is being answered or is live. */
  'already-publishing',
  /** The server is at its UDP socket ceiling (server/limits.ts); try again later. */
  'server-busy',
  /** This address has opened as many rooms as it may; join one of them or close one. */
  'rooms-per-address',
  /** This address has added as many bots as it may. */
  'bots-per-address',
  // A fleet of SFU nodes (server/fleet): the room lives on another node (ask /api/fleet/rooms/<id> again),
  // this node is shutting down (takes no joins; members are told), the room ended here (its node drained
  // or it moved), or the registry cannot be reached.
  'wrong-node',
  'server-draining',
  'room-closed',
  'fleet-unavailable',
] as const;
