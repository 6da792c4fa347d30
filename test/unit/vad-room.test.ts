import { describe, expect, it } from 'vitest';
import { compareRoomPolicies, personUploadKbps, roomTraffic, talkShare, vadSavingBySize } from '../../lib/vad/room';
import { roomTable } from '../../lib/vad/tables';

describe('what VAD saves across a voice channel', () => {
  it('saves exactly half in a two-person call where one talks at a time', () => {
    const room = { people: 2, speakingAtOnce: 1, serverMuted: 0 };
    expect(talkShare(room)).toBe(0.5);
    expect(roomTraffic('vad', room).savingVsContinuous).toBe(0.5);
  });

  it('saves 98 % of the server egress in a 50-person channel where one person talks at a time', () => {
    const [continuous, vad] = compareRoomPolicies({ people: 50, speakingAtOnce: 1, serverMuted: 0 });
    // Continuous: 50 streams x 49 receivers x 80 kbps. VAD: one talker's stream x 49 receivers.
    expect(continuous.egressKbps).toBe(196_000);
    expect(vad.egressKbps).toBeCloseTo(3_920, 9);
    expect(vad.savingVsContinuous).toBeCloseTo(0.98, 12);
    expect(vad.perPersonDownloadKbps).toBeCloseTo(78.4, 9);
    expect(continuous.egressPacketsPerSecond).toBe(122_500);
    expect(vad.egressPacketsPerSecond).toBeCloseTo(2_450, 9);
  });

  it('grows the saving with room size: 50 %, 80 %, 90 %, 98 %, 99 % for 2, 5, 10, 50, 100 people', () => {
    expect(vadSavingBySize([2, 5, 10, 50, 100], 1).map((row) => Math.round(row.saving * 1000) / 1000)).toEqual([
      0.5, 0.8, 0.9, 0.98, 0.99,
    ]);
  });

  it('saves less with DTX, whose silent streams still carry a packet every 400 ms to every listener', () => {
    const dtx = roomTraffic('dtx', { people: 50, speakingAtOnce: 1, serverMuted: 0 });
    // Each person: 2 % of the time 80 kbps, 98 % of the time 4 kbps = 5.52 kbps; x 50 senders x 49 receivers.
    expect(personUploadKbps('dtx', 0.02)).toBeCloseTo(5.52, 12);
    expect(dtx.egressKbps).toBeCloseTo(13_524, 9);
    expect(dtx.savingVsContinuous).toBeCloseTo(0.931, 12);
  });

  it('lets the SFU drop what server-muted people send: 10 of 50 muted, continuous senders', () => {
    const continuous = roomTraffic('continuous', { people: 50, speakingAtOnce: 1, serverMuted: 10 });
    expect(continuous.ingressKbps).toBe(4_000);
    expect(continuous.droppedKbps).toBe(800);
    expect(continuous.egressKbps).toBe(156_800);
    expect(continuous.savingVsContinuous).toBeCloseTo(0.2, 12);
  });

  it('caps each person’s share of talk time at all of it', () => {
    expect(talkShare({ people: 3, speakingAtOnce: 4, serverMuted: 0 })).toBe(1);
    expect(roomTraffic('vad', { people: 3, speakingAtOnce: 4, serverMuted: 0 }).savingVsContinuous).toBe(0);
  });
});

describe('the room figure’s table', () => {
  it('lists upload, SFU ingress and egress, download and saving for each policy', () => {
    const table = roomTable({ people: 50, speakingAtOnce: 1, serverMuted: 0 });
    expect(table.rows).toEqual([
      ['Continuous', '80 kbps', '4,000 kbps', '196 Mbps', '3,920 kbps', '0.0 %'],
      ['VAD gating', '1.6 kbps', '80 kbps', '3,920 kbps', '78.4 kbps', '98.0 %'],
      ['Opus DTX', '5.5 kbps', '276 kbps', '13.5 Mbps', '270.5 kbps', '93.1 %'],
    ]);
  });
});
