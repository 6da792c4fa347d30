import { describe, expect, it } from 'vitest';
import {
  CONCEALMENT_DECAY,
  COUNTING_CLIP,
  COUNTING_CLIP_FRAMES,
  DEFAULT_UDP_TCP_INPUTS,
  createTransportState,
  framesInClip,
  isRunComplete,
  laneSlices,
  renderPlayout,
  simulateRun,
  stepTransport,
  summarizeInputs,
  udpTcpTable,
  withDroppedPacket,
  type LinkParams,
  type PlayoutSlice,
} from '@/lib/transport';

const RATE = 8000; // 160 samples per 20 ms frame
const FRAME_SAMPLES = 160;
/** A "clip" whose every sample says which frame it belongs to: frame k holds the value k + 1. */
const clip = Float32Array.from({ length: 10 * FRAME_SAMPLES }, (_, i) => Math.floor(i / FRAME_SAMPLES) + 1);
const slice = (frame: number, startMs: number, durationMs = 20, kind: PlayoutSlice['kind'] = 'played'): PlayoutSlice => ({
  frame,
  startMs,
  durationMs,
  kind,
});

describe('hearing a playout schedule', () => {
  it('plays a clean schedule back as the clip itself', () => {
    const out = renderPlayout(clip, RATE, Array.from({ length: 10 }, (_, f) => slice(f, 90 + f * 20)));
    expect(out.length).toBe(clip.length);
    // Away from the fade-in and fade-out at the ends, every sample is the original.
    expect(Array.from(out.subarray(20, out.length - 20))).toEqual(Array.from(clip.subarray(20, clip.length - 20)));
  });

  it('fills a concealed frame from the last good frame, quieter', () => {
    const out = renderPlayout(clip, RATE, [slice(0, 0), slice(1, 20), slice(2, 40, 20, 'concealed'), slice(3, 60)]);
    // Middle of the concealed frame: frame 1's value (2) at the concealment gain.
    expect(out[2 * FRAME_SAMPLES + 80]).toBeCloseTo(2 * CONCEALMENT_DECAY, 6);
    expect(out[3 * FRAME_SAMPLES + 80]).toBe(4);
  });

  it('is silent during a freeze, then plays the waiting frame', () => {
    const out = renderPlayout(clip, RATE, [slice(0, 0), slice(1, 140)]);
    expect(out.length).toBe(160 * RATE / 1000);
    expect(Array.from(out.subarray(FRAME_SAMPLES + 10, 7 * FRAME_SAMPLES - 10)).every((v) => v === 0)).toBe(true);
    expect(out[7 * FRAME_SAMPLES + 80]).toBe(2);
  });

  it('squeezes a rushed frame into two thirds of the time', () => {
    const out = renderPlayout(clip, RATE, [slice(0, 0), slice(1, 20, 20 / 1.5, 'rushed'), slice(2, 20 + 20 / 1.5)]);
    expect(out.length).toBe(Math.round(((40 + 20 / 1.5) * RATE) / 1000));
    expect(out[FRAME_SAMPLES + 50]).toBe(2);
  });

  it('counts the whole frames in a clip', () => {
    expect(framesInClip(clip.length, RATE)).toBe(10);
    expect(framesInClip(16000 * 4.51, 16000)).toBe(225);
  });
});

describe('from the model to the speaker', () => {
  const link: LinkParams = { rttMs: 100, jitterMs: 0, lossFraction: 0, rtoPolicy: 'linux' };

  it('renders one lost packet as a 20 ms patch on UDP and a freeze on TCP', () => {
    let s = withDroppedPacket(createTransportState({ seed: 1, frameLimit: 10, historyMs: Infinity }), 4);
    while (!isRunComplete(s)) s = stepTransport(s, link, 25);
    const udp = laneSlices(s, 'udp');
    const tcp = laneSlices(s, 'tcp');
    expect(udp.map((x) => x.kind)).toEqual(['played', 'played', 'played', 'played', 'concealed', 'played', 'played', 'played', 'played', 'played']);
    // UDP keeps the clip's length; TCP is longer by the freeze, less what the rush won back.
    expect(renderPlayout(clip, RATE, udp).length).toBe(clip.length);
    const tcpOut = renderPlayout(clip, RATE, tcp);
    expect(tcpOut.length).toBeGreaterThan(clip.length);
    const freezeStart = Math.round(((tcp[3].startMs + 20 - tcp[0].startMs) * RATE) / 1000);
    expect(tcpOut[freezeStart + 40]).toBe(0);
  });

  it('plays every frame of a clean run on both lanes, none concealed', () => {
    const s = simulateRun(link, 1, 10);
    expect(laneSlices(s, 'tcp').every((x) => x.kind === 'played')).toBe(true);
    expect(laneSlices(s, 'udp').every((x) => x.kind === 'played')).toBe(true);
  });
});

describe('the figure’s data table', () => {
  it('has one row per path with the summary of 10 s at the reader’s inputs', () => {
    const table = udpTcpTable(DEFAULT_UDP_TCP_INPUTS);
    const summary = summarizeInputs(DEFAULT_UDP_TCP_INPUTS);
    expect(table.columns).toEqual([
      'Path',
      'Typical mouth-to-ear delay',
      'Worst mouth-to-ear delay',
      'Freezes',
      'Time frozen',
      'Longest freeze',
      'Frames concealed',
      'Audio concealed',
    ]);
    expect(table.rows.map((r) => r[0])).toEqual(['TCP', 'UDP/RTP']);
    expect(table.rows[0][3]).toBe(String(summary.tcp.freezes));
    expect(table.rows[1][3]).toBe('0');
    expect(table.rows[1][6]).toBe(String(summary.udp.framesConcealed));
    expect(table.caption).toContain('3 % loss, 100 ms round trip, 10 ms jitter');
  });

  it('pins the default scenario: TCP freezes, UDP conceals', () => {
    expect(udpTcpTable(DEFAULT_UDP_TCP_INPUTS).rows).toEqual(PINNED_DEFAULT_ROWS);
  });
});

const PINNED_DEFAULT_ROWS: string[][] = [
  ['TCP', '108 ms', '484 ms', '13', '1,693 ms', '378 ms', '0', '0 ms'],
  ['UDP/RTP', '95 ms', '102 ms', '0', '0 ms', '0 ms', '19', '380 ms'],
];

describe('the counting clip', () => {
  it('is the 16 kHz mono file the page plays, 374 frames of 20 ms', async () => {
    const { readFileSync } = await import('node:fs');
    const { parseWav } = await import('@/lib/audio/wav');
    const wav = parseWav(new Uint8Array(readFileSync(`media${COUNTING_CLIP.src}`)));
    expect(wav.sampleRateHz).toBe(COUNTING_CLIP.sampleRateHz);
    expect(wav.channels).toBe(1);
    expect(wav.samples.length).toBe(COUNTING_CLIP.sampleCount);
    expect(COUNTING_CLIP_FRAMES).toBe(374);
  });
});
