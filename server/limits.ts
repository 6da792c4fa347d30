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

/** Open /ws connections the whole server accepts. */
export const MAX_CONNECTIONS = 500;

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
