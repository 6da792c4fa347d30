import type { FleetNode as FleetNodeView, FleetNodeReport, FleetSnapshot, RoomPlacement } from '@/lib/protocol/fleet';
import { nodeUtilisation, placeRoom, placementUtilisation } from '@/lib/voiceservers/fleet';
import type { ServerMessage } from '@/lib/protocol/messages';
import { FLEET_EXPIRY_MS, FLEET_HEARTBEAT_MS, FLEET_SNAPSHOT_CACHE_MS } from '../limits';
import type { Logger } from '../log';
import { RoomError } from '../sfu/Room';
import type { Rooms } from '../sfu/Rooms';
import type { FleetConfig } from './config';
import { CpuMeter } from './CpuMeter';
import type { FleetRegistry } from './FleetRegistry';

/** The registry operations a node uses (FleetRegistry on Redis; a stand-in in unit tests). */
export type Registry = Pick<FleetRegistry, 'connect' | 'report' | 'forget' | 'nodes' | 'roomNode' | 'claim' | 'admit' | 'renew' | 'release' | 'close'>;

/** A join is reported this soon after it is admitted, so placement sees it before the next heartbeat. */
const NUDGE_MS = 150;
/** How often a draining node checks whether its rooms have emptied. */
const DRAIN_POLL_MS = 100;
/** Placement retries when another node placed the same room between our read and our claim. */
const PLACE_ATTEMPTS = 3;

/**
 * This process as one node of a fleet of SFU nodes. Every heartbeat it writes its load to the
 * registry (Redis) and renews its claim on each room it has open; it admits a join only for a room
 * the registry says is its own (claiming it if nobody has it); it places new rooms on the
 * least-utilised node (the chapter's pickLeastUtilised, lib/voiceservers/fleet.ts), for browsers that
 * ask any node where a room lives; and on SIGTERM it drains: takes no new joins, tells its members,
 * lets the rooms run for the drain time (or until they empty), closes them and leaves the registry.
 */
export class FleetNode {
  private readonly cpu = new CpuMeter();
  private readonly startedAtMs: number;
  private heartbeat: NodeJS.Timeout | null = null;
  private nudgeTimer: NodeJS.Timeout | null = null;
  private reporting: Promise<void> | null = null;
  private draining = false;
  private drained: Promise<void> | null = null;
  private closed = false;
  private registryDown = false;
  /** CPU share over the last whole heartbeat interval; a nudged report between heartbeats repeats it. */
  private cpuShare = 0;
  private cache: { atMs: number; nodes: Promise<FleetNodeView[]> } | null = null;
  private knownOrigins = new Set<string>();

  constructor(
    readonly config: FleetConfig,
    private readonly registry: Registry,
    private readonly rooms: Rooms,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.startedAtMs = now();
    this.knownOrigins.add(config.origin);
  }

  get id(): string {
    return this.config.nodeId;
  }

  get isDraining(): boolean {
    return this.draining;
  }

  /** Connects to Redis. Rejects when it cannot be reached. */
  async connect(): Promise<void> {
    await this.registry.connect();
  }

  /** Reports once, and keeps reporting every FLEET_HEARTBEAT_MS. */
  async start(): Promise<void> {
    this.cpu.read();
    await this.report();
    this.heartbeat = setInterval(() => {
      this.cpuShare = this.cpu.read();
      void this.report();
    }, FLEET_HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  private stopReporting(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.nudgeTimer) clearTimeout(this.nudgeTimer);
    this.heartbeat = null;
    this.nudgeTimer = null;
  }

  /** This node's report as it would write it now. */
  currentReport(): FleetNodeReport {
    const summaries = this.rooms.list();
    const forwardedPps = summaries.reduce((sum, s) => sum + (this.rooms.get(s.id)?.stats.totals.outPacketsPerSecond ?? 0), 0);
    const load = {
      rooms: summaries.length,
      peers: summaries.reduce((sum, s) => sum + s.peers, 0),
      forwardedPps: Math.round(forwardedPps * 10) / 10,
      cpuShare: Math.round(this.cpuShare * 1000) / 1000,
    };
    return {
      id: this.config.nodeId,
      origin: this.config.origin,
      draining: this.draining,
      ...load,
      capacity: this.config.capacity,
      utilisation: nodeUtilisation(load, this.config.capacity),
      roomIds: summaries.map((s) => s.id),
      reportedAtMs: this.now(),
      startedAtMs: this.startedAtMs,
    };
  }

  /** One heartbeat: write the report, renew the room claims, end any room another node has taken. */
  private report(): Promise<void> {
    // One write at a time: a slow Redis must not pile up heartbeats.
    this.reporting ??= (async () => {
      try {
        const report = this.currentReport();
        await this.registry.report(report);
        const lost = await this.registry.renew(report.id, report.roomIds);
        for (const roomId of lost) {
          this.log.warn('fleet: another node has this room now; ending it here', { node: report.id, room: roomId });
          this.rooms.end(roomId, closedMessage('This room moved to another server. Join again to follow it there.'));
        }
        // Keep the other nodes' origins current: their pages open /ws here (origins()).
        await this.nodes();
        if (this.registryDown) this.log.info('fleet: registry reachable again', { node: report.id });
        this.registryDown = false;
      } catch (error) {
        if (!this.registryDown) this.log.error('fleet: cannot write to the registry', { node: this.id, error: String(error) });
        this.registryDown = true;
      } finally {
        this.reporting = null;
      }
    })();
    return this.reporting;
  }

  /** Reports soon, so a join shows up in placement before the next heartbeat. */
  private nudge(): void {
    if (this.nudgeTimer || !this.heartbeat) return;
    this.nudgeTimer = setTimeout(() => {
      this.nudgeTimer = null;
      if (this.heartbeat) void this.report();
    }, NUDGE_MS);
    this.nudgeTimer.unref();
  }

  /**
   * Called before a join opens or enters a room: refuses if this node is draining or the room lives on
   * another node; otherwise claims (or renews) the room for this node. Throws RoomError.
   */
  async admit(roomId: string): Promise<void> {
    if (this.draining || this.closed) {
      throw new RoomError('server-draining', 'This server is shutting down and takes no new joins; ask where the room lives again.');
    }
    let owner: string;
    try {
      owner = await this.registry.admit(roomId, this.id);
    } catch (error) {
      this.log.warn('fleet: registry unreachable for a join', { node: this.id, room: roomId, error: String(error) });
      throw new RoomError('fleet-unavailable', 'The server cannot reach the fleet registry right now; try again in a moment.');
    }
    if (owner !== this.id) throw new RoomError('wrong-node', `Room "${roomId}" lives on another server (${owner}); ask where it lives and join there.`);
    this.nudge();
  }

  /** The live reports, read from Redis at most once per FLEET_SNAPSHOT_CACHE_MS. */
  private nodes(): Promise<FleetNodeView[]> {
    const nowMs = this.now();
    if (!this.cache || nowMs - this.cache.atMs >= FLEET_SNAPSHOT_CACHE_MS) {
      const nodes = this.registry.nodes();
      this.cache = { atMs: nowMs, nodes };
      nodes.then(
        (list) => list.forEach((node) => this.knownOrigins.add(node.origin)),
        () => {
          if (this.cache?.nodes === nodes) this.cache = null;
        },
      );
    }
    return this.cache.nodes;
  }

  /** GET /api/fleet. Throws RoomError('fleet-unavailable') when Redis cannot be reached. */
  async snapshot(): Promise<FleetSnapshot> {
    try {
      return { running: true, heartbeatMs: FLEET_HEARTBEAT_MS, expiryMs: FLEET_EXPIRY_MS, nodes: await this.nodes() };
    } catch {
      throw new RoomError('fleet-unavailable', 'The server cannot reach the fleet registry right now.');
    }
  }

  /**
   * Where a room lives: its node if that node is alive and not draining; otherwise the least-utilised
   * node, claimed atomically (replacing a dead or draining node's claim only if it is still that one's).
   * Throws RoomError('fleet-unavailable') when no node can take it or Redis cannot be reached.
   * Resolves null, placing nothing, when the room needs placing and `mayPlace` says no (a rate limit).
   */
  async place(roomId: string, mayPlace: () => boolean = () => true): Promise<RoomPlacement | null> {
    try {
      for (let attempt = 0; attempt < PLACE_ATTEMPTS; attempt += 1) {
        const [nodes, owner] = await Promise.all([this.nodes(), this.registry.roomNode(roomId)]);
        const ownerNode = owner ? nodes.find((node) => node.id === owner) : undefined;
        if (ownerNode && !ownerNode.draining) {
          return { roomId, node: { id: ownerNode.id, origin: ownerNode.origin }, placed: 'existing', reports: [] };
        }
        const target = placeRoom(nodes);
        if (target === null) {
          throw new RoomError('fleet-unavailable', 'Every server is full or shutting down; try again in a minute.');
        }
        if (attempt === 0 && !mayPlace()) return null;
        const winner = await this.registry.claim(roomId, target, owner);
        // The claim changed the fleet's load (or lost to another's): the next placement reads afresh.
        this.cache = null;
        const targetNode = nodes.find((node) => node.id === target)!;
        if (winner === target) {
          this.log.info('fleet: placed room', {
            room: roomId,
            on: target,
            ...(owner ? { movedFrom: owner } : {}),
            utilisation: Object.fromEntries(nodes.map((node) => [node.id, Math.round(placementUtilisation(node) * 1000) / 1000])),
          });
          return { roomId, node: { id: target, origin: targetNode.origin }, placed: owner ? 'moved' : 'new', reports: nodes };
        }
        // Another node placed it between our read and our claim: read again and follow the winner.
      }
      throw new RoomError('fleet-unavailable', 'The room’s placement kept changing; try again.');
    } catch (error) {
      if (error instanceof RoomError) throw error;
      this.log.warn('fleet: placement failed', { node: this.id, room: roomId, error: String(error) });
      throw new RoomError('fleet-unavailable', 'The server cannot reach the fleet registry right now; try again in a moment.');
    }
  }

  /**
   * Every origin the fleet has reported since this node started (its own first), refreshed each
   * heartbeat: a page served by one node opens /ws on another, so the /ws Origin check and the CSP's
   * connect-src must accept them all.
   */
  origins(): string[] {
    return [...this.knownOrigins];
  }

  /**
   * The same, read from the registry first (at most once per FLEET_SNAPSHOT_CACHE_MS), so a page served
   * now may connect to a node that joined a moment ago. What was known stays known if Redis blinks.
   */
  async currentOrigins(): Promise<string[]> {
    await this.nodes().catch(() => {});
    return this.origins();
  }

  /**
   * SIGTERM: stop taking joins and new rooms at once (the report says draining), tell every member,
   * let the rooms run until they empty or the drain time is up, close what is left, give up the claims
   * and leave the registry. Idempotent; resolves when done.
   */
  drain(): Promise<void> {
    this.drained ??= (async () => {
      this.draining = true;
      this.cache = null;
      const seconds = Math.round(this.config.drainMs / 1000);
      const roomIds = this.rooms.list().map((s) => s.id);
      this.log.info('fleet: draining', { node: this.id, rooms: roomIds.length, drainMs: this.config.drainMs });
      for (const roomId of roomIds) {
        this.rooms.tell(roomId, {
          type: 'error',
          code: 'server-draining',
          message: `This server is shutting down: the room closes here in ${seconds} s. Join again then and it moves to another server.`,
        });
      }
      // Placement stops choosing this node as soon as the registry reads this report.
      await this.report();
      const deadline = this.now() + this.config.drainMs;
      while (this.rooms.list().length > 0 && this.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
      }
      const left = this.rooms.list().map((s) => s.id);
      for (const roomId of left) {
        this.rooms.end(roomId, closedMessage('The room closed because its server shut down. Join again to continue it on another server.'));
      }
      this.stopReporting();
      await this.reporting;
      await Promise.allSettled([...roomIds.map((roomId) => this.registry.release(roomId, this.id)), this.registry.forget(this.id)]);
      this.log.info('fleet: drained', { node: this.id, closedRooms: left.length });
    })();
    return this.drained;
  }

  /** Idempotent: stops reporting and closes the Redis connection (the report expires on its own). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopReporting();
    await this.reporting;
    await this.registry.close();
  }
}

function closedMessage(message: string): ServerMessage {
  return { type: 'error', code: 'room-closed', message };
}
