import type { FleetNode, FleetSnapshot, NodeCapacityReport } from '@/lib/protocol/fleet';
import type { TableData } from '@/lib/table';
import { formatCount, formatPercent } from '@/lib/units';
import { pickLeastUtilised, type PlacementReport } from './region';

/**
 * The live fleet (server/fleet, `npm run fleet`): this site's own SFU nodes report their load to
 * Redis the way Discord's voice servers report to etcd, and a new room goes to the least-utilised
 * node by the chapter's own pickLeastUtilised. These functions are shared by the nodes that place
 * rooms and by the chapter's live figure, which shows the same pick.
 */

/** What one node measures about itself each heartbeat. */
export interface NodeLoad {
  rooms: number;
  /** People and bots in its rooms. */
  peers: number;
  /** RTP packets a second sent to subscribers. */
  forwardedPps: number;
  /** Its process's CPU time over wall time (1 = one core busy). */
  cpuShare: number;
}

export type NodeResource = 'rooms' | 'peers' | 'packets' | 'cpu';

function shares(load: NodeLoad, capacity: NodeCapacityReport): Record<NodeResource, number> {
  return {
    rooms: load.rooms / capacity.rooms,
    peers: load.peers / capacity.peers,
    packets: load.forwardedPps / capacity.forwardedPps,
    cpu: load.cpuShare,
  };
}

/**
 * A node is as full as its fullest resource: rooms and people against its limits, forwarded packets
 * against what one core forwards, and the CPU it measured. The largest share, 0..1.
 */
export function nodeUtilisation(load: NodeLoad, capacity: NodeCapacityReport): number {
  return Math.min(1, Math.max(0, ...Object.values(shares(load, capacity))));
}

/** Which resource sets a node's utilisation (the first of rooms, people, packets, CPU on a tie). */
export function busiestResource(load: NodeLoad, capacity: NodeCapacityReport): NodeResource {
  const entries = Object.entries(shares(load, capacity)) as [NodeResource, number][];
  return entries.reduce((best, entry) => (entry[1] > best[1] ? entry : best))[0];
}

/** Node ids in reading order: node-2 before node-10. */
export function compareNodeIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/**
 * A node's utilisation as placement sees it: its report's, with every room claimed for it counted, so
 * a room placed there a moment ago weighs on it before the node has opened and reported it.
 */
export function placementUtilisation(node: FleetNode): number {
  return Math.max(node.utilisation, nodeUtilisation({ ...node, rooms: Math.max(node.rooms, node.claimedRooms) }, node.capacity));
}

/** The nodes as the chapter's placement reads them, in id order; a draining node counts as unhealthy. */
export function fleetPlacementReports(nodes: readonly FleetNode[]): PlacementReport<string>[] {
  return [...nodes]
    .sort((a, b) => compareNodeIds(a.id, b.id))
    .map((node) => ({ serverId: node.id, healthy: !node.draining, voiceUsers: node.peers, utilisation: placementUtilisation(node) }));
}

/**
 * Where a new room goes: the least-utilised node that is not draining, lowest id on a tie, or null when
 * every node is draining or full. A room starts with one person. Each node's own rating is inside its
 * utilisation, which must be under 1; the people check uses the largest rating in the fleet.
 */
export function placeRoom(nodes: readonly FleetNode[]): string | null {
  const largest = Math.max(0, ...nodes.map((node) => node.capacity.peers));
  return pickLeastUtilised(fleetPlacementReports(nodes), 1, largest);
}

/**
 * The live figure's data table: one row per node the fleet reported. Null before the figure has read
 * the fleet (its still, rendered before any server is asked).
 */
export function fleetTable(snapshot: FleetSnapshot | null): TableData {
  const nodes = [...(snapshot?.nodes ?? [])].sort((a, b) => compareNodeIds(a.id, b.id));
  const next = placeRoom(nodes);
  return {
    caption: !snapshot
      ? 'Live SFU nodes, as they report their load to Redis: read from this page’s server when the figure loads'
      : snapshot.running
        ? `Live SFU nodes reporting their load to Redis: ${nodes.length} ${nodes.length === 1 ? 'node' : 'nodes'}; a new room goes to ${next ?? 'no node (all draining or full)'}`
        : 'No fleet is running: this server is a single process with no Redis, so there are no node reports to show',
    columns: ['Node', 'State', 'Rooms', 'People', 'Packets out/s', 'CPU', 'Utilisation'],
    rows: nodes.map((node) => [
      node.id,
      node.draining ? 'draining' : node.id === next ? 'next room goes here' : 'taking rooms',
      node.claimedRooms > node.rooms ? `${node.rooms} (+${node.claimedRooms - node.rooms} placed)` : node.rooms,
      node.peers,
      formatCount(node.forwardedPps),
      formatPercent(node.cpuShare),
      formatPercent(placementUtilisation(node), 1),
    ]),
  };
}
