'use client';
import { useEffect, useState } from 'react';
import { liveMemberBandwidth, sfuRoomMembers, type MeasuredTraffic, type SfuRoomPerson } from '@/lib/bandwidth';
import type { BotWeights, JoinRole, MemberStats, PeerInfo } from '@/lib/protocol/room';
import { BandwidthCheck } from './BandwidthCheck';
import { TrafficMeter, type Connections } from './trafficMeter';

export interface SfuBandwidthCheckProps {
  /** This page's publish and subscribe connections (RoomClient.connections). */
  connections: Connections;
  me: string;
  role: JoinRole;
  /** This page's camera, whose size gives its simulcast ladder. */
  camera: MediaStreamTrack | null;
  peers: readonly PeerInfo[];
  /** The latest stats: who talks, each camera's layers, which layer the server forwards this page. */
  stats: MemberStats;
  bots: BotWeights;
}

/** The largest layer a publisher sends: its camera's size as its simulcast ladder was cut. */
function cameraSize(stats: MemberStats, peerId: string): { width: number; height: number } | null {
  const layers = stats.publishers.find((p) => p.peerId === peerId)?.layers ?? [];
  return layers.reduce<{ width: number; height: number } | null>((top, l) => (!top || l.width * l.height > top.width * top.height ? { width: l.width, height: l.height } : top), null);
}

/**
 * The SFU room's "model beside your browser": what lib/bandwidth predicts this page sends and receives
 * with these people, talkers, cameras and forwarded layers (sfuRoomMembers + liveMemberBandwidth), beside
 * what its own getStats measures (TrafficMeter). The same panel the mesh room shows; loaded only once the
 * page has joined, so the room's first load does not carry it.
 */
export default function SfuBandwidthCheck({ connections, me, role, camera, peers, stats, bots }: SfuBandwidthCheckProps) {
  const [measured, setMeasured] = useState<MeasuredTraffic | null>(null);
  useEffect(() => {
    const meter = new TrafficMeter(connections, setMeasured);
    meter.start();
    return () => meter.stop();
  }, [connections]);

  const talking = new Map(stats.publishers.map((p) => [p.peerId, p.speaking]));
  // The layers the server asks each camera to send; the others are paused at the source (lib/simulcast/layerDemand).
  const requested = new Map(stats.publishers.map((p) => [p.peerId, p.layers.filter((l) => l.requested).map((l) => l.rid)]));
  const settings = camera?.getSettings();
  const people: SfuRoomPerson[] = [
    {
      id: me,
      role,
      talking: !!talking.get(me),
      camera: settings?.width && settings.height ? { width: settings.width, height: settings.height } : cameraSize(stats, me),
      requestedRids: requested.get(me),
    },
    ...peers.map((p) => ({ id: p.id, role: p.role, talking: !!talking.get(p.id), camera: cameraSize(stats, p.id), requestedRids: requested.get(p.id) })),
  ];
  const forwarded = new Map(stats.subscriptions.map((s) => [s.publisherId, s.rid]));
  const predicted = liveMemberBandwidth({
    topology: 'sfu',
    members: sfuRoomMembers(people, bots),
    me,
    forwardedRid: Object.fromEntries(peers.map((p) => [p.id, forwarded.get(p.id) ?? null])),
  });
  return <BandwidthCheck predicted={predicted} measured={measured} />;
}
