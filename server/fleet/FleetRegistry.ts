import { createClient } from '@redis/client';
import { fleetNodeReport, type FleetNode, type FleetNodeReport } from '@/lib/protocol/fleet';
import { compareNodeIds } from '@/lib/voiceservers/fleet';
import { FLEET_EXPIRY_MS, FLEET_REDIS_TIMEOUT_MS } from '../limits';

/**
 * The fleet's registry in Redis: no consensus of our own, only Redis's atomic commands and scripts.
 *
 *   <prefix>node:<id>    a node's report (JSON), written every heartbeat with an expiry of FLEET_EXPIRY_MS
 *   <prefix>nodes        the set of node ids that have reported (dead ones are removed when read)
 *   <prefix>room:<id>    the id of the node a room lives on, with the same expiry, renewed by that node
 *                        while the room is open
 *   <prefix>claims:<id>  the rooms claimed for a node, each scored with its claim's expiry time: the
 *                        rooms placed on a node count against it at once, before it opens and reports
 *                        them, so a burst of new rooms does not all land on the node that looked
 *                        emptiest at its last heartbeat
 *
 * A room is claimed with one script that sets its key only if it is missing or still names the node
 * the caller saw there (a dead or draining one): of two nodes placing the same room at once, one wins
 * and the other reads the winner. A script runs atomically in Redis, so no other command interleaves.
 * The scripts build keys from the prefix and read Redis's clock (TIME), which a single Redis (not a
 * cluster) allows.
 */

const NOW_MS = `
local function nowMs()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end`;

/**
 * KEYS[1] room key; ARGV: node, expected node ('' for none), expiry ms, claims prefix, room id.
 * Sets the room's node if the key is missing or still names `expected`; replies with the room's node.
 */
const CLAIM = `${NOW_MS}
local current = redis.call('GET', KEYS[1])
if current == false or current == ARGV[2] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
  if current then redis.call('ZREM', ARGV[4] .. current, ARGV[5]) end
  redis.call('ZADD', ARGV[4] .. ARGV[1], nowMs() + tonumber(ARGV[3]), ARGV[5])
  return ARGV[1]
end
return current`;

/**
 * A node taking a join. KEYS[1] room key; ARGV: node, expiry ms, claims prefix, room id.
 * Claims the room if nobody has it, renews it if it is ours; replies with the room's node.
 */
const ADMIT = `${NOW_MS}
local current = redis.call('GET', KEYS[1])
if current == false or current == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  redis.call('ZADD', ARGV[3] .. ARGV[1], nowMs() + tonumber(ARGV[2]), ARGV[4])
  return ARGV[1]
end
return current`;

/**
 * A heartbeat's renewal. KEYS room keys; ARGV: node, expiry ms, claims prefix, then the room ids.
 * Renews (or re-claims) each room that is ours or free; replies with the rooms another node now has.
 */
const RENEW = `${NOW_MS}
local lost = {}
local expires = nowMs() + tonumber(ARGV[2])
for i, key in ipairs(KEYS) do
  local current = redis.call('GET', key)
  if current == false or current == ARGV[1] then
    redis.call('SET', key, ARGV[1], 'PX', ARGV[2])
    redis.call('ZADD', ARGV[3] .. ARGV[1], expires, ARGV[3 + i])
  else
    table.insert(lost, ARGV[3 + i])
  end
end
return lost`;

/** KEYS[1] room key; ARGV: node, claims prefix, room id. Gives up a room only if it is still ours. */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('ZREM', ARGV[2] .. ARGV[1], ARGV[3])
  return redis.call('DEL', KEYS[1])
end
return 0`;

/**
 * KEYS[1] the node set; ARGV: node key prefix, claims prefix. Replies report, claimed rooms, report,
 * claimed rooms, ... for every live node; drops expired claims, and dead nodes from the set.
 */
const READ_NODES = `${NOW_MS}
local out = {}
local now = nowMs()
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local report = redis.call('GET', ARGV[1] .. id)
  if report then
    redis.call('ZREMRANGEBYSCORE', ARGV[2] .. id, '-inf', now)
    table.insert(out, report)
    table.insert(out, redis.call('ZCARD', ARGV[2] .. id))
  else
    redis.call('SREM', KEYS[1], id)
    redis.call('DEL', ARGV[2] .. id)
  end
end
return out`;

export class FleetRegistry {
  private readonly client;
  private closed = false;

  constructor(
    url: string,
    private readonly prefix: string,
    onError: (error: Error) => void,
  ) {
    this.client = createClient({
      url,
      // Fail at once while disconnected instead of queueing: a join must not hang on a lost Redis.
      disableOfflineQueue: true,
      commandOptions: { timeout: FLEET_REDIS_TIMEOUT_MS },
      socket: { connectTimeout: FLEET_REDIS_TIMEOUT_MS, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2000) },
    });
    this.client.on('error', onError);
  }

  async connect(): Promise<void> {
    await this.client.connect();
  }

  private nodeKey(id: string): string {
    return `${this.prefix}node:${id}`;
  }

  private get claimsPrefix(): string {
    return `${this.prefix}claims:`;
  }

  private roomKey(roomId: string): string {
    return `${this.prefix}room:${roomId}`;
  }

  /** Writes a node's report with its expiry, and lists the node. */
  async report(report: FleetNodeReport): Promise<void> {
    await this.client
      .multi()
      .set(this.nodeKey(report.id), JSON.stringify(report), { expiration: { type: 'PX', value: FLEET_EXPIRY_MS } })
      .sAdd(`${this.prefix}nodes`, report.id)
      .exec();
  }

  /** Removes a node's report at once (a node that finished draining). */
  async forget(nodeId: string): Promise<void> {
    await this.client.multi().del([this.nodeKey(nodeId), `${this.claimsPrefix}${nodeId}`]).sRem(`${this.prefix}nodes`, nodeId).exec();
  }

  /** The live reports with each node's claimed rooms, by node id. A report that does not parse is left out. */
  async nodes(): Promise<FleetNode[]> {
    const raw = (await this.client.eval(READ_NODES, {
      keys: [`${this.prefix}nodes`],
      arguments: [`${this.prefix}node:`, this.claimsPrefix],
    })) as (string | number)[];
    const nodes: FleetNode[] = [];
    for (let i = 0; i + 1 < raw.length; i += 2) {
      try {
        const parsed = fleetNodeReport.safeParse(JSON.parse(String(raw[i])));
        if (parsed.success) nodes.push({ ...parsed.data, claimedRooms: Number(raw[i + 1]) });
      } catch {
        // Not JSON: something else wrote the key; it is not a node of ours.
      }
    }
    return nodes.sort((a, b) => compareNodeIds(a.id, b.id));
  }

  /** The node a room lives on, or null. */
  async roomNode(roomId: string): Promise<string | null> {
    return this.client.get(this.roomKey(roomId));
  }

  /**
   * Claims the room for `nodeId` if it has no node or still has `expected` (one the caller found dead or
   * draining). Resolves with the room's node afterwards: `nodeId` if the claim won.
   */
  async claim(roomId: string, nodeId: string, expected: string | null): Promise<string> {
    return (await this.client.eval(CLAIM, {
      keys: [this.roomKey(roomId)],
      arguments: [nodeId, expected ?? '', String(FLEET_EXPIRY_MS), this.claimsPrefix, roomId],
    })) as string;
  }

  /** A join on `nodeId`: takes the room if free, renews it if already ours. Resolves with the room's node. */
  async admit(roomId: string, nodeId: string): Promise<string> {
    return (await this.client.eval(ADMIT, {
      keys: [this.roomKey(roomId)],
      arguments: [nodeId, String(FLEET_EXPIRY_MS), this.claimsPrefix, roomId],
    })) as string;
  }

  /** Renews `nodeId`'s claims on its open rooms; resolves with the ones another node has taken. */
  async renew(nodeId: string, roomIds: readonly string[]): Promise<string[]> {
    if (roomIds.length === 0) return [];
    return (await this.client.eval(RENEW, {
      keys: roomIds.map((id) => this.roomKey(id)),
      arguments: [nodeId, String(FLEET_EXPIRY_MS), this.claimsPrefix, ...roomIds],
    })) as string[];
  }

  async release(roomId: string, nodeId: string): Promise<void> {
    await this.client.eval(RELEASE, { keys: [this.roomKey(roomId)], arguments: [nodeId, this.claimsPrefix, roomId] });
  }

  /** Idempotent: closes the connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.client.close();
    } catch {
      this.client.destroy();
    }
  }
}
