import type { Logger } from '../log';
import type { Rooms } from '../sfu/Rooms';
import type { FleetConfig } from './config';
import { FleetNode } from './FleetNode';
import { FleetRegistry } from './FleetRegistry';

/** How long a starting node waits for Redis before it gives up and says so. */
const FIRST_CONNECT_MS = 5000;
/** Redis client errors repeat on every reconnect attempt; one line per this long is enough. */
const ERROR_LOG_INTERVAL_MS = 10_000;

/**
 * The one entry to the fleet that loads a Redis client: server/index.ts imports this file only when
 * REDIS_URL is set. Resolves once Redis answers; rejects (the caller exits) when it cannot be reached.
 */
export async function connectFleetNode(config: FleetConfig, rooms: Rooms, log: Logger): Promise<FleetNode> {
  let lastLoggedMs = -Infinity;
  const registry = new FleetRegistry(config.redisUrl, config.prefix, (error) => {
    const nowMs = Date.now();
    if (nowMs - lastLoggedMs < ERROR_LOG_INTERVAL_MS) return;
    lastLoggedMs = nowMs;
    log.warn('fleet: Redis connection problem', { node: config.nodeId, error: String(error) });
  });
  const node = new FleetNode(config, registry, rooms, log);
  let timer: NodeJS.Timeout | undefined;
  // The client retries a refused connection for ever; at startup a wrong REDIS_URL should say so.
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${FIRST_CONNECT_MS / 1000} s`)), FIRST_CONNECT_MS);
  });
  try {
    await Promise.race([node.connect(), deadline]);
  } catch (error) {
    await registry.close();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return node;
}
