import '@/lib/zod';
import { z } from 'zod';
import { roomId } from './room';

/**
 * The fleet of SFU nodes (server/fleet), as Redis holds it and as GET /api/fleet and
 * GET /api/fleet/rooms/<id> serve it. Each node writes its report under its own key with an expiry
 * and renews it every heartbeat, like Discord's voice servers reporting to etcd; a report that is
 * not renewed expires, and the node drops out of placement. Validated with zod wherever it is read:
 * from Redis on the server, from the API in the browser.
 */

/** Node ids: 1-64 letters, digits, '.', '_' or '-', safe in a Redis key, a URL and a log line. */
export const NODE_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
export const MAX_ORIGIN_CHARS = 200;

export const nodeId = z.string().regex(NODE_ID_PATTERN, 'a node id is 1-64 letters, digits, ".", "_" or "-"');

/** An http(s) origin with no path: where browsers reach a node's pages, API and /ws. */
export const nodeOrigin = z
  .string()
  .max(MAX_ORIGIN_CHARS)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
    } catch {
      return false;
    }
  }, 'an origin is http(s)://host[:port] with no path or trailing slash');

const count = z.number().int().min(0);
const rate = z.number().min(0).finite();

/** What a node is rated for: the most rooms, people and forwarded packets a second it should carry. */
export const nodeCapacity = z.object({ rooms: count.min(1), peers: count.min(1), forwardedPps: rate.gt(0) });

/** One node's heartbeat: who it is, where browsers reach it, and how loaded it is. */
export const fleetNodeReport = z.object({
  id: nodeId,
  origin: nodeOrigin,
  /** Shutting down: it finishes its rooms and takes no new ones. */
  draining: z.boolean(),
  rooms: count,
  /** People and bots in its rooms. */
  peers: count,
  /** RTP packets a second it sends to subscribers, all rooms together. */
  forwardedPps: rate,
  /** CPU time its process used over the last heartbeat interval, over that interval (1 = one core). */
  cpuShare: rate,
  capacity: nodeCapacity,
  /** Its busiest resource's share of capacity, 0..1 (lib/voiceservers/fleet.ts nodeUtilisation). */
  utilisation: z.number().min(0).max(1),
  roomIds: z.array(roomId).max(1000),
  reportedAtMs: z.number().finite(),
  startedAtMs: z.number().finite(),
});
export type FleetNodeReport = z.infer<typeof fleetNodeReport>;

/**
 * A node as the registry shows it: its report, and the rooms claimed for it right now. Claims include
 * rooms just placed there that it has not opened (and so not reported) yet.
 */
export const fleetNode = fleetNodeReport.extend({ claimedRooms: count });
export type FleetNode = z.infer<typeof fleetNode>;
export type NodeCapacityReport = z.infer<typeof nodeCapacity>;

/** GET /api/fleet: the live reports, sorted by node id; running is false on a server without Redis. */
export const fleetSnapshot = z.object({
  running: z.boolean(),
  /** How often nodes report, and how long a report lives without renewal. */
  heartbeatMs: z.number().int().positive().nullable(),
  expiryMs: z.number().int().positive().nullable(),
  nodes: z.array(fleetNode),
});
export type FleetSnapshot = z.infer<typeof fleetSnapshot>;

export const NO_FLEET: FleetSnapshot = { running: false, heartbeatMs: null, expiryMs: null, nodes: [] };

/**
 * GET /api/fleet/rooms/<id>: the node the room lives on, placed there now if it had none (or its node
 * died or is draining). `node` is null on a server without a fleet: join this server itself.
 */
export const roomPlacement = z.object({
  roomId,
  node: z.object({ id: nodeId, origin: nodeOrigin }).nullable(),
  /** existing: it already lived there; new: placed now; moved: its node was gone or draining; single: no fleet. */
  placed: z.enum(['existing', 'new', 'moved', 'single']),
  /** The reports the decision was made from (empty when it was not made now). */
  reports: z.array(fleetNode),
});
export type RoomPlacement = z.infer<typeof roomPlacement>;
