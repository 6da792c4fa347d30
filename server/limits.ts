import { MESH_PEOPLE_CAP } from '@/lib/bandwidth/members';

/**
 * Every limit the server enforces, in one place. The SFU's own limits (peers per room, rooms)
 * live beside these once the room exists.
 */

/**
 * Largest /ws message accepted, in bytes: room for the longest SDP (MAX_SDP_CHARS, a 50-person room's
 * subscribe answer) once JSON has escaped its line breaks. A simulcast publish offer is ~6-10 kB.
 */
export const MAX_MESSAGE_BYTES = 256 * 1024;

/** Messages per second one socket may send before it is told to slow down. */
export const MAX_MESSAGES_PER_SECOND = 50;

/**
 * A socket that is still over the rate this many seconds after it was told to slow down, or that sends
 * MAX_REJECTED_MESSAGES bad messages within FLOOD_WINDOW_MS, is closed with 1008 (policy violation).
 * A page that behaves never comes near either (components/room sends a message per user action).
 */
export const RATE_LIMIT_WARNINGS_BEFORE_CLOSE = 3;
export const MAX_REJECTED_MESSAGES = 20;
export const FLOOD_WINDOW_MS = 10_000;

/** The log keeps at most this many lines of one kind per LOG_WINDOW_MS, then says how many it left out. */
export const LOG_LINES_PER_KIND = 10;
export const LOG_WINDOW_MS = 60_000;

/** Open /ws connections the whole server accepts. */
export const MAX_CONNECTIONS = 500;

/**
 * What one client address may hold, so that one client cannot lock everyone else out (IPv6 clients
 * count per /64, the block one subscriber gets). The defaults let a class behind one school NAT
 * address use the site together: 50 people in one room with a spare tab each, a few rooms for groups,
 * a room's worth of bots. On a LAN each student has an address of their own.
 * Deployments and tests override them with environment variables (README, "Limits"):
 * LIMIT_CONNECTIONS_PER_ADDRESS, LIMIT_ROOMS_PER_ADDRESS, LIMIT_BOTS_PER_ADDRESS.
 */
export interface AddressLimits {
  /** Open /ws connections. */
  connections: number;
  /** Rooms this address opened (was first into) that are still open. */
  roomsOpened: number;
  /** Bots this address added that are still in a room. */
  bots: number;
}

export const DEFAULT_ADDRESS_LIMITS: AddressLimits = { connections: 60, roomsOpened: 4, bots: 20 };

/** The per-address limits, with any environment overrides (whole numbers of at least 1). */
export function addressLimitsFromEnv(env: Record<string, string | undefined> = process.env): AddressLimits {
  const read = (name: string, fallback: number) => {
    const value = env[name];
    if (value === undefined || value === '') return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number of at least 1, not "${value}"`);
    return n;
  };
  return {
    connections: read('LIMIT_CONNECTIONS_PER_ADDRESS', DEFAULT_ADDRESS_LIMITS.connections),
    roomsOpened: read('LIMIT_ROOMS_PER_ADDRESS', DEFAULT_ADDRESS_LIMITS.roomsOpened),
    bots: read('LIMIT_BOTS_PER_ADDRESS', DEFAULT_ADDRESS_LIMITS.bots),
  };
}

/** How long a clean shutdown may take before the process exits anyway. */
export const SHUTDOWN_GRACE_MS = 5000;

/** Interval of the server's WebSocket keep-alive ping; a socket that misses two is closed. */
export const HEARTBEAT_INTERVAL_MS = 15_000;

// The demo room's SFU (server/sfu). Wire-format limits (room id, SDP size) are in lib/protocol/room.ts.

/** People (browsers and bots) in one room. Discord's own channels go far beyond this; one Node core does not. */
export const MAX_PEERS_PER_ROOM = 50;

/** Rooms open at once on this server; each costs a UDP socket per peer and CPU per forwarded packet. */
export const MAX_ROOMS = 20;

/** Bots one room may hold (they count toward MAX_PEERS_PER_ROOM too). */
export const MAX_BOTS_PER_ROOM = 20;

/** A negotiation that gets no answer within this long is abandoned and the peer is told. */
export const NEGOTIATION_TIMEOUT_MS = 15_000;

/** How often the room pushes its live stats to every member, and how often it re-runs layer selection. */
export const STATS_INTERVAL_MS = 1000;

/**
 * UDP sockets the SFU's connections may hold in this process. Each connection costs one socket per host
 * address (two on a laptop: its LAN address and loopback); a full server (MAX_ROOMS rooms of
 * MAX_PEERS_PER_ROOM, two connections each) needs 4,000 on such a machine. Past this, new connections
 * are refused (`server-busy`) before werift opens anything, far below the descriptor limit
 * (ulimit -n, 20,000 here), so pages and /ws keep working.
 */
export const MAX_UDP_SOCKETS = 4096;

/** A connection that has not connected this long after its offer and answer crossed is given up. */
export const CONNECT_TIMEOUT_MS = 20_000;

/**
 * A connected browser that sends no connectivity check for this long has withdrawn its consent to
 * receive (RFC 7675 section 5.1: 30 s); the SFU stops sending to it and drops the connection. The SFU
 * is ICE-lite and sends no checks of its own, so the browser's checks (a full agent sends one every
 * few seconds on the selected pair) are its only proof that someone still wants the packets at that
 * address: a closed laptop, a page killed without a goodbye, or a NAT that gave the port to somebody
 * else would otherwise keep receiving a room's media until the socket closed.
 */
export const ICE_CONSENT_TIMEOUT_MS = 30_000;

// The fleet (server/fleet, only with REDIS_URL): SFU nodes reporting to Redis.

/** How often a node writes its load report to Redis. */
export const FLEET_HEARTBEAT_MS = 2000;

/** A report (and a room's claim) lives this long unless renewed: three missed heartbeats and the node is gone. */
export const FLEET_EXPIRY_MS = 3 * FLEET_HEARTBEAT_MS;

/** After SIGTERM, how long a draining node lets its rooms run (members told) before it closes them. */
export const FLEET_DRAIN_MS = 10_000;

/** GET /api/fleet reads Redis at most this often per node; requests in between share the last read. */
export const FLEET_SNAPSHOT_CACHE_MS = 500;

/** A Redis command that takes longer than this fails (placement and joins answer with an error). */
export const FLEET_REDIS_TIMEOUT_MS = 2000;

/**
 * Packets a second one node is rated to forward: the SFU used one CPU-second per 11,900-17,200
 * forwarded packets with 20-50 subscribers in `npm run bench:sfu` (docs/sfu-performance.md); the low
 * end, so a node counts as full before its core is.
 */
export const NODE_FORWARDED_PPS_CAPACITY = 12_000;

/** People (and bots) one node is rated for: as many as it accepts sockets. */
export const NODE_PEERS_CAPACITY = MAX_CONNECTIONS;

/**
 * New rooms one address may have placed on the fleet: this many at once, then one every
 * FLEET_PLACEMENT_REFILL_MS. A placed room counts against its node until it opens or its claim
 * expires, so without a limit one stranger could make every node look full for a few seconds.
 * Asking where an existing room lives is not limited.
 */
export const FLEET_PLACEMENT_BURST = 5;
export const FLEET_PLACEMENT_REFILL_MS = 2000;

// The class follow service (server/follow): one guild process per class, one session process per follower.

/** Classes (guilds) open at once. */
export const MAX_CLASSES = 20;

/** Follower sessions one guild holds; the bench drives a class with 200. */
export const MAX_SESSIONS_PER_GUILD = 300;

/** Gateway heartbeat interval sent in Hello (Discord's is about 41 s; a class wants to notice a lost phone sooner). */
export const GATEWAY_HEARTBEAT_INTERVAL_MS = 10_000;

/** How long a session whose connection dropped waits for the follower to resume before it is gone. */
export const RESUME_WINDOW_MS = 60_000;

/** Events a guild keeps for resuming; a session further behind gets a fresh snapshot. */
export const GUILD_LOG_CAPACITY = 256;

/** Events an instructor may publish a second (the presenter sends slider drags at 10 a second). */
export const CLASS_EVENTS_PER_SECOND = 25;

/** A class whose instructor has been gone this long ends by itself. */
export const INSTRUCTOR_ABSENT_MS = 30 * 60_000;

/** Ended class codes remembered, so a late follower is told "ended" rather than "no such class". */
export const ENDED_CODES_REMEMBERED = 500;

/** Bytes queued on a follower's socket before its session is dropped as too slow (it resumes when it can). */
export const MAX_SESSION_BUFFERED_BYTES = 1024 * 1024;

/** A session process that crashes more often than this is not restarted again; its follower resumes. */
export const SUPERVISOR_MAX_RESTARTS = 3;
export const SUPERVISOR_RESTART_WINDOW_MS = 5000;

/** How often the follow service checks heartbeats and expiries, and sends the site's live numbers. */
export const FOLLOW_TICK_MS = 1000;
export const SITE_STATS_INTERVAL_MS = 2000;

/** Waves to the site guild: one per connection every this long, and at most this many a second in all. */
export const WAVE_INTERVAL_MS = 2000;
export const SITE_WAVES_PER_SECOND = 10;

// Mesh rooms (server/mesh): browsers send their media straight to each other; this server only introduces
// them, through the PeerServer at /peerjs, and runs the mesh rooms' bots.

/**
 * People (browsers and bots) in one mesh room. Each sends its own copy of its camera and voice to each of
 * the others, so at 8 everyone uploads 7 copies (about 5.6 Mbps at the room's 360p) and runs 7 encoders;
 * far past that no home uplink or phone keeps up, which is the mesh-vs-SFU chapter's point. The number is
 * lib's (the chapter's table and the room page say it too).
 */
export const MAX_MESH_PEERS = MESH_PEOPLE_CAP;

/** Mesh rooms open at once (beside the SFU's MAX_ROOMS). */
export const MAX_MESH_ROOMS = 20;

/** Largest PeerServer message: an offer or answer with an audio and a video section is 4-8 kB. */
export const MAX_PEERJS_MESSAGE_BYTES = 32 * 1024;

/**
 * PeerServer messages one client may send a second. Joining a full mesh sends an offer and a handful of
 * ICE candidates to each of 7 peers at once, about 50 messages; the rest of a second's are dropped.
 */
export const PEERJS_MESSAGES_PER_SECOND = 100;

/** A PeerServer client that sends this many refused messages within the window is closed (1008). */
export const MAX_PEERJS_REJECTED_MESSAGES = 20;
export const FLOOD_WINDOW_MS_PEERJS = 10_000;

/** PeerServer clients (peer ids connected) the whole server holds, and one client address may hold. */
export const MAX_PEERJS_CLIENTS = 500;
export const PEERJS_CLIENTS_PER_ADDRESS = 60;

/** A PeerServer client that sends no heartbeat for this long is dropped (peerjs clients send one every 5 s). */
export const PEERJS_ALIVE_TIMEOUT_MS = 30_000;
