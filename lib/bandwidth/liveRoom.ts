import { roomBandwidth } from './room';
import { DEFAULT_VOICE_WIRE_KBPS } from './stream';
import { MESH_SEND_LAYER } from './video';
import type { MemberStats } from '@/lib/protocol/room';
import type { TableData } from '@/lib/table';
import { formatKbps } from '@/lib/units';

/**
 * "What would a mesh of this room cost?" beside what the SFU costs now. The mesh side is lib's model
 * (lib/bandwidth, RFC 7667 topologies) fed with this room's head count, who is talking right now and
 * how many cameras are on; the SFU side is measured, from the room's stats. A mesh camera is modelled as
 * the mesh rooms send it (MESH_SEND_LAYER, 360p): one assumption for the model, the mesh room and this table.
 */

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export interface MeshComparison {
  people: number;
  talkers: number;
  cameras: number;
  /** Mesh: what the busiest person (a talker with a camera) would upload, from the model. */
  meshMaxUploadKbps: number;
  meshMaxDownloadKbps: number;
  /** SFU: the most any one publisher uploads now (all its simulcast layers and audio), measured. */
  sfuMaxUploadKbps: number;
  /** SFU: the most the server sends any one viewer now, measured. */
  sfuMaxDownloadKbps: number;
  meshConnections: number;
}

/** Reads only what every member's stats carry (lib/protocol/room.ts MemberStats), so the page can show it. */
export function meshComparison(stats: Pick<MemberStats, 'peers' | 'publishers' | 'totals'>): MeshComparison {
  const people = Math.max(1, stats.peers);
  const talkers = Math.min(people, stats.publishers.filter((p) => p.speaking).length);
  const cameras = Math.min(people, stats.publishers.filter((p) => p.layers.some((l) => l.active)).length);
  const mesh = roomBandwidth({
    topology: 'mesh',
    people,
    talkers,
    streamKbps: DEFAULT_VOICE_WIRE_KBPS,
    video: cameras > 0 ? { cameras, layer: MESH_SEND_LAYER } : null,
  });
  const sfuMaxUploadKbps = Math.max(0, ...stats.publishers.map((p) => (p.audioKbps ?? 0) + p.layers.reduce((s, l) => s + l.kbps, 0)));
  return {
    people,
    talkers,
    cameras,
    meshMaxUploadKbps: mesh.maxUploadKbps,
    meshMaxDownloadKbps: mesh.maxDownloadKbps,
    sfuMaxUploadKbps: Math.round(sfuMaxUploadKbps),
    sfuMaxDownloadKbps: Math.round(stats.totals.busiestViewerKbps),
    meshConnections: mesh.connections,
  };
}

export function meshComparisonTable(c: MeshComparison): TableData {
  return {
    caption: `This room (${plural(c.people, 'person', 'people')}, ${c.talkers} talking, ${plural(c.cameras, 'camera', 'cameras')}): a mesh modelled at ${formatKbps(DEFAULT_VOICE_WIRE_KBPS)} per voice and ${MESH_SEND_LAYER} per camera (a mesh sends everyone the same layer), beside the SFU measured`,
    columns: ['', 'Mesh (model)', 'SFU (measured now)'],
    rows: [
      ['Busiest upload', formatKbps(c.meshMaxUploadKbps), formatKbps(c.sfuMaxUploadKbps)],
      ['Busiest download', formatKbps(c.meshMaxDownloadKbps), formatKbps(c.sfuMaxDownloadKbps)],
      ['Media connections', c.meshConnections, c.people],
    ],
  };
}
