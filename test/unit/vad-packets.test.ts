import { describe, expect, it } from 'vitest';
import {
  DEFAULT_VOICE_STREAM,
  comparePolicies,
  continuousWireKbps,
  dtxSilenceWireKbps,
  initialLivePacketCounts,
  packetBytes,
  payloadBytesPerFrame,
  sentFrames,
  stepLivePacketCounts,
} from '../../lib/vad/packets';

const frames = (count: number, voice: boolean) => new Array<boolean>(count).fill(voice);
const sentIndexes = (sent: boolean[]) => sent.flatMap((s, i) => (s ? [i] : []));

describe('voice packets on the wire', () => {
  it('puts 160 bytes of Opus at 64 kbps in each 20 ms packet, 200 bytes with IPv4, UDP and RTP headers', () => {
    expect(payloadBytesPerFrame()).toBe(160);
    expect(packetBytes()).toBe(200);
  });

  it('sends a continuous stream at 50 packets per second and 80 kbps, of which 16 kbps are headers', () => {
    const [continuous] = comparePolicies(frames(50, false));
    expect(continuous).toEqual({ policy: 'continuous', packets: 50, bytes: 10_000, durationMs: 1000, packetsPerSecond: 50, kbps: 80 });
    expect(continuousWireKbps()).toBe(80);
    expect(continuousWireKbps({ ...DEFAULT_VOICE_STREAM, headerBytes: 0 })).toBe(64);
  });

  it('sends nothing at all during a second of silence with VAD gating', () => {
    expect(sentIndexes(sentFrames('vad', frames(50, false)))).toEqual([]);
  });

  it('sends the first silent frame and then one every 400 ms with Opus DTX', () => {
    expect(sentIndexes(sentFrames('dtx', frames(50, false)))).toEqual([0, 20, 40]);
    expect(dtxSilenceWireKbps()).toBe(4);
  });

  it('restarts the DTX rhythm after every talkspurt', () => {
    const voice = [...frames(3, true), ...frames(25, false), ...frames(2, true), ...frames(5, false)];
    expect(sentIndexes(sentFrames('dtx', voice))).toEqual([0, 1, 2, 3, 23, 28, 29, 30]);
  });

  it('sends every voice frame under every policy', () => {
    for (const summary of comparePolicies(frames(100, true))) {
      expect(summary.packets).toBe(100);
      expect(summary.kbps).toBe(80);
    }
  });

  it('averages 40 kbps with VAD and 42.4 kbps with DTX for one second of talk and one of silence', () => {
    const [continuous, vad, dtx] = comparePolicies([...frames(50, true), ...frames(50, false)]);
    expect([continuous.packets, vad.packets, dtx.packets]).toEqual([100, 50, 53]);
    expect([continuous.packetsPerSecond, vad.packetsPerSecond, dtx.packetsPerSecond]).toEqual([50, 25, 26.5]);
    expect(vad.kbps).toBe(40);
    expect(dtx.kbps).toBeCloseTo(42.4, 10);
  });

  it('counts a live microphone frame by frame exactly as the batch count does', () => {
    // DTX: 7 talk + 3 in the first silence (frames 0, 20, 40 of it) + 13 talk + 2 in the second silence.
    const voice = [...frames(7, true), ...frames(45, false), ...frames(13, true), ...frames(21, false)];
    const live = voice.reduce((counts, v) => stepLivePacketCounts(counts, v), initialLivePacketCounts());
    expect(live.frames).toBe(86);
    expect(live.voiceFrames).toBe(20);
    expect(live.packets).toEqual({
      continuous: comparePolicies(voice)[0].packets,
      vad: comparePolicies(voice)[1].packets,
      dtx: comparePolicies(voice)[2].packets,
    });
    expect(live.packets).toEqual({ continuous: 86, vad: 20, dtx: 25 });
  });
});
