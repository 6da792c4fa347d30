import { NODE_ID_PATTERN, nodeOrigin } from '@/lib/protocol/fleet';
import { FLEET_DRAIN_MS, MAX_ROOMS, NODE_FORWARDED_PPS_CAPACITY, NODE_PEERS_CAPACITY } from '../limits';

/**
 * A fleet node's settings, from the environment. Without REDIS_URL there is no fleet: this returns
 * null and the server stays one process that never loads a Redis client.
 *
 * REDIS_URL          redis://host:port of the registry (required for a fleet)
 * ROOM_NODE_ID       this node's name in the registry (default node-<port>)
 * ROOM_NODE_ORIGIN   where browsers reach this node's pages and /ws (default http://localhost:<port>);
 *                    the node-side counterpart of NEXT_PUBLIC_ROOM_ORIGIN, which exported pages use
 *                    to reach any node of the fleet
 * ROOM_NODE_RATED_PEERS  people this node is rated for in its utilisation (default NODE_PEERS_CAPACITY)
 * FLEET_DRAIN_MS     how long a draining node lets its rooms run before closing them (default FLEET_DRAIN_MS)
 * FLEET_PREFIX       prefix of the registry's keys, so one Redis can hold several fleets (default "fleet:")
 */
export interface FleetConfig {
  redisUrl: string;
  nodeId: string;
  origin: string;
  prefix: string;
  drainMs: number;
  capacity: { rooms: number; peers: number; forwardedPps: number };
}

export class FleetConfigError extends Error {}

type Environment = Readonly<Record<string, string | undefined>>;

const PREFIX_PATTERN = /^[A-Za-z0-9:._-]{1,32}$/;

function wholeNumber(env: Environment, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new FleetConfigError(`${name} must be a whole number from ${min} to ${max}, not "${raw}"`);
  }
  return value;
}

/** The fleet settings for a node listening on `port`, or null without REDIS_URL. Throws FleetConfigError on a bad value. */
export function readFleetConfig(env: Environment, port: number): FleetConfig | null {
  const redisUrl = env.REDIS_URL;
  if (!redisUrl) return null;
  try {
    const url = new URL(redisUrl);
    if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new Error('not redis');
  } catch {
    throw new FleetConfigError(`REDIS_URL must look like redis://127.0.0.1:6379, not "${redisUrl}"`);
  }
  const nodeId = env.ROOM_NODE_ID || `node-${port}`;
  if (!NODE_ID_PATTERN.test(nodeId)) {
    throw new FleetConfigError(`ROOM_NODE_ID must be 1-64 letters, digits, ".", "_" or "-", not "${nodeId}"`);
  }
  const origin = env.ROOM_NODE_ORIGIN || `http://localhost:${port}`;
  const parsed = nodeOrigin.safeParse(origin);
  if (!parsed.success) {
    throw new FleetConfigError(`ROOM_NODE_ORIGIN must be an origin such as https://sfu-2.example.org, not "${origin}"`);
  }
  const prefix = env.FLEET_PREFIX || 'fleet:';
  if (!PREFIX_PATTERN.test(prefix)) throw new FleetConfigError(`FLEET_PREFIX must be 1-32 letters, digits or ":._-", not "${prefix}"`);
  return {
    redisUrl,
    nodeId,
    origin,
    prefix,
    drainMs: wholeNumber(env, 'FLEET_DRAIN_MS', FLEET_DRAIN_MS, 0, 10 * 60_000),
    capacity: {
      rooms: MAX_ROOMS,
      peers: wholeNumber(env, 'ROOM_NODE_RATED_PEERS', NODE_PEERS_CAPACITY, 1, 100_000),
      forwardedPps: NODE_FORWARDED_PPS_CAPACITY,
    },
  };
}
