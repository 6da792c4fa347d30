import { describe, expect, it } from 'vitest';
import { NO_FLEET, fleetNodeReport, type FleetNode } from '@/lib/protocol/fleet';
import {
  busiestResource,
  compareNodeIds,
  fleetPlacementReports,
  fleetTable,
  nodeUtilisation,
  pickLeastUtilised,
  placeRoom,
  placementUtilisation,
  type NodeLoad,
} from '@/lib/voiceservers';

const CAPACITY = { rooms: 20, peers: 500, forwardedPps: 12_000 };

function node(id: string, load: Partial<NodeLoad> & { draining?: boolean; claimedRooms?: number } = {}): FleetNode {
  const { draining = false, claimedRooms, ...measured } = load;
  const full: NodeLoad = { rooms: 0, peers: 0, forwardedPps: 0, cpuShare: 0, ...measured };
  return {
    id,
    origin: `http://localhost:${3000 + Number(id.replace(/\D/g, ''))}`,
    draining,
    ...full,
    capacity: CAPACITY,
    utilisation: nodeUtilisation(full, CAPACITY),
    roomIds: [],
    reportedAtMs: 0,
    startedAtMs: 0,
    claimedRooms: claimedRooms ?? full.rooms,
  };
}

describe('a live node’s utilisation: its fullest resource', () => {
  it('takes the largest of rooms, people, forwarded packets and CPU, each against its capacity', () => {
    const load = { rooms: 3, peers: 40, forwardedPps: 1200, cpuShare: 0.12 };
    // 3/20 = 0.15, 40/500 = 0.08, 1200/12000 = 0.1, CPU 0.12
    expect(nodeUtilisation(load, CAPACITY)).toBe(0.15);
    expect(busiestResource(load, CAPACITY)).toBe('rooms');
  });

  it('is set by the CPU when forwarding costs more than the counts say', () => {
    const load = { rooms: 1, peers: 12, forwardedPps: 3000, cpuShare: 0.37 };
    expect(nodeUtilisation(load, CAPACITY)).toBe(0.37);
    expect(busiestResource(load, CAPACITY)).toBe('cpu');
  });

  it('names the first resource on a tie, and never goes past 1 (a process can use more than one core)', () => {
    expect(busiestResource({ rooms: 2, peers: 50, forwardedPps: 0, cpuShare: 0 }, CAPACITY)).toBe('rooms');
    expect(nodeUtilisation({ rooms: 0, peers: 0, forwardedPps: 0, cpuShare: 1.6 }, CAPACITY)).toBe(1);
    expect(nodeUtilisation({ rooms: 0, peers: 0, forwardedPps: 0, cpuShare: 0 }, CAPACITY)).toBe(0);
  });
});

describe('placing a room on the fleet with the chapter’s pickLeastUtilised', () => {
  it('picks the least-utilised node, the lowest id on a tie', () => {
    const nodes = [node('node-1', { rooms: 6 }), node('node-3', { rooms: 2 }), node('node-2', { rooms: 2 })];
    expect(nodes.map((n) => n.utilisation)).toEqual([0.3, 0.1, 0.1]);
    expect(placeRoom(nodes)).toBe('node-2');
  });

  it('orders ids as a reader does: node-9 comes before node-10', () => {
    expect(['node-10', 'node-9', 'node-1'].sort(compareNodeIds)).toEqual(['node-1', 'node-9', 'node-10']);
    expect(placeRoom([node('node-10'), node('node-9')])).toBe('node-9');
  });

  it('never picks a draining node, however idle, and gives null when every node drains', () => {
    const nodes = [node('node-1', { draining: true }), node('node-2', { peers: 100 })];
    expect(fleetPlacementReports(nodes).map((r) => r.healthy)).toEqual([false, true]);
    expect(placeRoom(nodes)).toBe('node-2');
    expect(placeRoom([node('node-1', { draining: true })])).toBeNull();
    expect(placeRoom([])).toBeNull();
  });

  it('gives null when the least-utilised node is full by any measure', () => {
    expect(placeRoom([node('node-1', { cpuShare: 1 }), node('node-2', { rooms: 20 })])).toBeNull();
    expect(placeRoom([node('node-1', { peers: 499 })])).toBe('node-1');
    expect(placeRoom([node('node-1', { peers: 500 })])).toBeNull();
  });

  it('counts rooms placed on a node but not opened there yet, so a burst of new rooms spreads', () => {
    // node-1 reported no rooms, but three were claimed for it since; node-2 has one open.
    const placedThere = node('node-1', { rooms: 0, claimedRooms: 3 });
    expect(placedThere.utilisation).toBe(0);
    expect(placementUtilisation(placedThere)).toBe(0.15);
    expect(placeRoom([placedThere, node('node-2', { rooms: 1 })])).toBe('node-2');
    // A node's own measure stays when it is higher than the claims say.
    expect(placementUtilisation(node('node-3', { cpuShare: 0.4, claimedRooms: 1 }))).toBe(0.4);
  });

  it('is the chapter’s function: the same reports with numbers for ids give the same pick', () => {
    const named = fleetPlacementReports([node('node-1', { rooms: 4 }), node('node-2', { rooms: 1 }), node('node-3', { rooms: 3 })]);
    const numbered = named.map((r, i) => ({ ...r, serverId: i }));
    expect(pickLeastUtilised(named, 1, 500)).toBe('node-2');
    expect(pickLeastUtilised(numbered, 1, 500)).toBe(1);
  });
});

describe('the live fleet figure’s table', () => {
  it('lists every node with its state, load and utilisation, and names where the next room goes', () => {
    const table = fleetTable({
      running: true,
      heartbeatMs: 2000,
      expiryMs: 6000,
      nodes: [
        node('node-2', { rooms: 1, peers: 2, forwardedPps: 96.4, cpuShare: 0.031 }),
        node('node-1', { rooms: 2, peers: 5, forwardedPps: 1520, cpuShare: 0.184 }),
        node('node-3', { draining: true }),
        node('node-4', { rooms: 1, claimedRooms: 3, peers: 1 }),
      ],
    });
    expect(table.caption).toBe('Live SFU nodes reporting their load to Redis: 4 nodes; a new room goes to node-2');
    expect(table.rows).toEqual([
      ['node-1', 'taking rooms', 2, 5, '1,520', '18 %', '18.4 %'],
      ['node-2', 'next room goes here', 1, 2, '96', '3 %', '5.0 %'],
      ['node-3', 'draining', 0, 0, '0', '0 %', '0.0 %'],
      ['node-4', 'taking rooms', '1 (+2 placed)', 1, '0', '0 %', '15.0 %'],
    ]);
  });

  it('says plainly that no fleet is running, with no rows, on a server without Redis', () => {
    const table = fleetTable(NO_FLEET);
    expect(table.caption).toBe('No fleet is running: this server is a single process with no Redis, so there are no node reports to show');
    expect(table.rows).toEqual([]);
  });

  it('has a still that promises nothing about a fleet before the server is asked', () => {
    expect(fleetTable(null)).toEqual({
      caption: 'Live SFU nodes, as they report their load to Redis: read from this page’s server when the figure loads',
      columns: ['Node', 'State', 'Rooms', 'People', 'Packets out/s', 'CPU', 'Utilisation'],
      rows: [],
    });
  });
});

describe('a node report as Redis holds it', () => {
  it('accepts a well-formed report and refuses an origin with a path or a bad node id', () => {
    expect(fleetNodeReport.safeParse(node('node-1')).success).toBe(true);
    expect(fleetNodeReport.safeParse({ ...node('node-1'), origin: 'http://localhost:3001/room' }).success).toBe(false);
    expect(fleetNodeReport.safeParse({ ...node('node-1'), origin: 'javascript:alert(1)' }).success).toBe(false);
    expect(fleetNodeReport.safeParse({ ...node('node-1'), id: 'node 1' }).success).toBe(false);
  });
});
