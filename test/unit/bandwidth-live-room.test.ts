import { describe, expect, it } from 'vitest';
import { meshComparison, meshComparisonTable } from '@/lib/bandwidth/liveRoom';
import { roomBandwidth } from '@/lib/bandwidth';
import type { MemberPublisherStats, MemberStats } from '@/lib/protocol/room';

function publisher(peerId: string, { speaking = false, audioKbps = 0, layerKbps = [] as number[] } = {}): MemberPublisherStats {
  return {
    peerId,
    speaking,
    audioKbps,
    layers: layerKbps.map((kbps, i) => ({ rid: ['q', 'h', 'f'][i], width: 320 * 2 ** i, height: 180 * 2 ** i, kbps, active: kbps > 0, requested: kbps > 0 })),
  };
}

function stats(publishers: MemberPublisherStats[], busiestViewerKbps: number, peers: number): MemberStats {
  return {
    roomId: 'test',
    peers,
    bots: 0,
    publishers,
    subscriptions: [],
    totals: { inKbps: 0, outKbps: 0, inPacketsPerSecond: 0, outPacketsPerSecond: 0, busiestViewerKbps },
  };
}

describe('the live room beside a mesh of the same room', () => {
  it('feeds the mesh model the room as it is now: head count, who talks, cameras on', () => {
    const room = stats(
      [
        publisher('a', { speaking: true, audioKbps: 32, layerKbps: [120, 340, 0] }),
        publisher('b', { speaking: false, audioKbps: 0, layerKbps: [] }),
      ],
      340 + 32,
      3,
    );
    const comparison = meshComparison(room);
    const model = roomBandwidth({ topology: 'mesh', people: 3, talkers: 1, video: { cameras: 1, layer: '360p' } });
    // Two copies of 360p video (700 kbps in 73 packets a second: 723.36 on the wire) and of 80 kbps voice.
    expect(comparison.meshMaxUploadKbps).toBeCloseTo(1606.72, 6);
    expect(comparison).toMatchObject({ people: 3, talkers: 1, cameras: 1 });
    expect(comparison.meshMaxUploadKbps).toBe(model.maxUploadKbps);
    expect(comparison.meshMaxDownloadKbps).toBe(model.maxDownloadKbps);
    expect(comparison.meshConnections).toBe(model.connections);
  });

  it('measures the SFU side: a publisher uploads every layer plus audio, the busiest viewer downloads what the server says', () => {
    const room = stats([publisher('a', { speaking: true, audioKbps: 32, layerKbps: [120, 340, 900] })], 340 + 32, 3);
    const comparison = meshComparison(room);
    expect(comparison.sfuMaxUploadKbps).toBe(32 + 120 + 340 + 900);
    expect(comparison.sfuMaxDownloadKbps).toBe(340 + 32);
  });

  it('counts an empty room as one person and writes its caption in words that agree with the numbers', () => {
    const comparison = meshComparison(stats([], 0, 0));
    expect(comparison).toMatchObject({ people: 1, talkers: 0, cameras: 0, sfuMaxUploadKbps: 0, sfuMaxDownloadKbps: 0 });
    expect(meshComparisonTable(comparison).caption).toBe(
      'This room (1 person, 0 talking, 0 cameras): a mesh modelled at 80 kbps per voice and 360p per camera (a mesh sends everyone the same layer), beside the SFU measured',
    );
  });
});
