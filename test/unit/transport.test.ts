import { describe, expect, it } from 'vitest';
import {
  DUPACK_THRESHOLD,
  FRAME_MS,
  INITIAL_RTO_MS,
  JITTER_BUFFER_MAX_MS,
  JITTER_BUFFER_MIN_MS,
  LINUX_MIN_RTO_MS,
  MAX_RTO_MS,
  PACKETS_PER_SECOND,
  RFC6298_MIN_RTO_MS,
  TCP_CATCH_UP_RATE,
  backedOffRtoMs,
  createTransportState,
  frameAt,
  isRunComplete,
  jitterBufferTarget,
  packetFate,
  retransmissionTimeoutMs,
  simulateRun,
  stepTransport,
  summarizeLane,
  updateRtt,
  withDroppedPacket,
  withNextPacketDropped,
  type LinkParams,
  type TransportState,
} from '@/lib/transport';

const clean = (rttMs: number, rtoPolicy: LinkParams['rtoPolicy'] = 'linux'): LinkParams => ({
  rttMs,
  jitterMs: 0,
  lossFraction: 0,
  rtoPolicy,
});

/** Runs a finite stream in uneven steps, as a figure's frame loop would. */
function runInSteps(state: TransportState, link: LinkParams, dtMs: number): TransportState {
  let s = state;
  while (!isRunComplete(s)) s = stepTransport(s, link, dtMs);
  return s;
}

function mouthToEar(state: TransportState, lane: 'tcp' | 'udp', frame: number): number {
  const record = frameAt(state, frame)!;
  const playout = lane === 'tcp' ? record.tcp.playout! : record.udp.playout!;
  return playout.startMs - record.capturedMs;
}

describe('the voice stream', () => {
  it('sends one 20 ms Opus frame per packet, 50 packets a second', () => {
    expect(FRAME_MS).toBe(20);
    expect(PACKETS_PER_SECOND).toBe(50);
  });
});

describe('TCP retransmission timer (RFC 6298, Linux)', () => {
  it('starts at 1 s before any round trip is measured', () => {
    expect(INITIAL_RTO_MS).toBe(1000);
    expect(retransmissionTimeoutMs({ srttMs: null, rttvarMs: 0 }, 'linux')).toBe(1000);
  });

  it('takes the first sample as SRTT and half of it as RTTVAR, then smooths with 1/8 and 1/4', () => {
    const first = updateRtt({ srttMs: null, rttvarMs: 0 }, 100);
    expect(first).toEqual({ srttMs: 100, rttvarMs: 50 });
    expect(updateRtt(first, 140)).toEqual({ srttMs: 105, rttvarMs: 47.5 });
  });

  it('never goes below 1 s under RFC 6298, whatever the round trip', () => {
    expect(RFC6298_MIN_RTO_MS).toBe(1000);
    expect(retransmissionTimeoutMs({ srttMs: 100, rttvarMs: 5 }, 'rfc6298')).toBe(1000);
    expect(retransmissionTimeoutMs({ srttMs: 900, rttvarMs: 50 }, 'rfc6298')).toBe(1100);
  });

  it('on Linux waits the smoothed round trip plus at least 200 ms', () => {
    expect(LINUX_MIN_RTO_MS).toBe(200);
    expect(retransmissionTimeoutMs({ srttMs: 100, rttvarMs: 5 }, 'linux')).toBe(300);
    expect(retransmissionTimeoutMs({ srttMs: 100, rttvarMs: 80 }, 'linux')).toBe(420);
  });

  it('doubles after each timeout, up to 60 s', () => {
    expect(backedOffRtoMs(300)).toBe(600);
    expect(backedOffRtoMs(40_000)).toBe(MAX_RTO_MS);
  });
});

describe('the jitter buffer', () => {
  it('holds one frame when every packet takes the same time', () => {
    expect(JITTER_BUFFER_MIN_MS).toBe(20);
    expect(jitterBufferTarget([50, 50, 50])).toEqual({ minTransitMs: 50, bufferMs: 20 });
  });

  it('grows to cover the spread between the fastest and the slowest of the last 100 packets', () => {
    const transits = Array.from({ length: 100 }, (_, i) => 50 + i);
    expect(jitterBufferTarget(transits)).toEqual({ minTransitMs: 50, bufferMs: 99 });
  });

  it('stops growing at 200 ms', () => {
    expect(jitterBufferTarget([50, 900, 900, 900]).bufferMs).toBe(JITTER_BUFFER_MAX_MS);
  });
});

describe('a clean link (no loss, no jitter)', () => {
  it.each([
    [40, 60],
    [100, 90],
    [300, 190],
  ])('with a %i ms round trip, plays every frame on both paths at %i ms mouth to ear', (rttMs, expectedMs) => {
    // 20 ms to fill the frame + half the round trip + one frame of buffer.
    const run = simulateRun(clean(rttMs), 1, 100);
    for (const lane of ['tcp', 'udp'] as const) {
      const summary = summarizeLane(run, lane);
      expect(summary.frames).toBe(100);
      expect(summary.framesWithAudio).toBe(100);
      expect(summary.glitches).toBe(0);
      expect(summary.medianMouthToEarMs).toBe(expectedMs);
      expect(summary.worstMouthToEarMs).toBe(expectedMs);
    }
    expect(run.tcp.sender.retransmissions).toBe(0);
  });
});

describe('one lost packet', () => {
  const rttMs = 100;
  const baseMs = FRAME_MS + rttMs / 2 + FRAME_MS;
  const run = runInSteps(withDroppedPacket(createTransportState({ seed: 1, frameLimit: 80, historyMs: Infinity }), 20), clean(rttMs), 37);

  it('costs UDP exactly one concealed 20 ms frame and no delay', () => {
    const udp = summarizeLane(run, 'udp');
    expect(frameAt(run, 20)!.udp.playout!.kind).toBe('concealed');
    expect(udp.framesConcealed).toBe(1);
    expect(udp.concealedMs).toBe(20);
    expect(udp.freezes).toBe(0);
    expect(udp.worstMouthToEarMs).toBe(baseMs);
  });

  it('is resent by TCP after three duplicate ACKs, not by its timer', () => {
    expect(DUPACK_THRESHOLD).toBe(3);
    const causes = frameAt(run, 20)!.tcp.transmissions.map((t) => t.cause);
    expect(causes).toEqual(['first', 'fast-retransmit']);
    // Sent at 420 ms; the third duplicate ACK (from frame 23, sent at 480 ms) is back one RTT later.
    expect(frameAt(run, 20)!.tcp.transmissions[1].sentMs).toBe(480 + rttMs);
    expect(run.tcp.sender.timeouts).toBe(0);
  });

  it('freezes TCP for one round trip plus the three frames it waited for, less one frame of buffer', () => {
    const tcp = summarizeLane(run, 'tcp');
    expect(tcp.freezes).toBe(1);
    expect(tcp.frozenMs).toBe(rttMs + 3 * FRAME_MS - FRAME_MS);
    expect(tcp.framesWithAudio).toBe(80);
  });

  it('delays the frame and the next six behind it by at least one round trip (head-of-line blocking)', () => {
    const lateByMs = [20, 21, 22, 23, 24, 25, 26, 27].map((f) => mouthToEar(run, 'tcp', f) - baseMs);
    const catchUpPerFrameMs = FRAME_MS - FRAME_MS / TCP_CATCH_UP_RATE;
    lateByMs.forEach((late, i) => expect(late).toBeCloseTo(140 - i * catchUpPerFrameMs, 6));
    expect(lateByMs.slice(0, 7).every((late) => late >= rttMs - 1e-6)).toBe(true);
    expect(lateByMs[7]).toBeLessThan(rttMs);
  });

  it('then rushes through its backlog until it is within one frame of the clean delay', () => {
    expect(frameAt(run, 21)!.tcp.playout!.kind).toBe('rushed');
    expect(frameAt(run, 21)!.tcp.playout!.durationMs).toBeCloseTo(FRAME_MS / TCP_CATCH_UP_RATE, 9);
    const settled = mouthToEar(run, 'tcp', 70) - baseMs;
    expect(settled).toBeGreaterThanOrEqual(0);
    expect(settled).toBeLessThan(FRAME_MS);
    expect(frameAt(run, 70)!.tcp.playout!.kind).toBe('played');
  });

  it('can be dropped by the reader: the next packet sent is lost on both paths', () => {
    let s = createTransportState({ seed: 3, frameLimit: 40, historyMs: Infinity });
    s = stepTransport(s, clean(100), 200); // frames 0-9 are sent by 200 ms
    s = withNextPacketDropped(s);
    s = runInSteps(s, clean(100), 50);
    expect(frameAt(s, 10)!.udp.transmission.lost).toBe(true);
    expect(frameAt(s, 10)!.tcp.transmissions[0].lost).toBe(true);
    expect(summarizeLane(s, 'udp').framesConcealed).toBe(1);
  });
});

describe('a lost retransmission', () => {
  const dropBoth = (state: TransportState) => withDroppedPacket(withDroppedPacket(state, 20, 0), 20, 1);

  it('waits for the Linux timer: the ACK of frame 19 (500 ms) + 300 ms, then half a round trip', () => {
    const run = runInSteps(dropBoth(createTransportState({ seed: 1, frameLimit: 120, historyMs: Infinity })), clean(100, 'linux'), 50);
    expect(frameAt(run, 20)!.tcp.transmissions.map((t) => t.cause)).toEqual(['first', 'fast-retransmit', 'timeout']);
    expect(frameAt(run, 20)!.tcp.transmissions[2].sentMs).toBe(800);
    expect(summarizeLane(run, 'tcp').frozenMs).toBe(360);
    expect(mouthToEar(run, 'tcp', 20)).toBe(450);
  });

  it('freezes for over a second under RFC 6298’s 1 s floor', () => {
    const run = runInSteps(dropBoth(createTransportState({ seed: 1, frameLimit: 150, historyMs: Infinity })), clean(100, 'rfc6298'), 50);
    expect(frameAt(run, 20)!.tcp.transmissions[2].sentMs).toBe(1500);
    expect(summarizeLane(run, 'tcp').frozenMs).toBe(1060);
    expect(summarizeLane(run, 'udp').framesConcealed).toBe(1);
  });
});

describe('the network’s dice', () => {
  const lossy: LinkParams = { rttMs: 80, jitterMs: 15, lossFraction: 0.08, rtoPolicy: 'linux' };

  it('give both paths the same fate for every first transmission', () => {
    const run = simulateRun(lossy, 42, 300);
    for (const record of run.frames) {
      expect(record.tcp.transmissions[0].lost).toBe(record.udp.transmission.lost);
    }
  });

  it('do not depend on how time is sliced into steps', () => {
    const coarse = simulateRun(lossy, 42, 300);
    const fine = runInSteps(createTransportState({ seed: 42, frameLimit: 300, historyMs: Infinity }), lossy, 16.7);
    expect(summarizeLane(fine, 'tcp')).toEqual(summarizeLane(coarse, 'tcp'));
    expect(summarizeLane(fine, 'udp')).toEqual(summarizeLane(coarse, 'udp'));
  });

  it('lose at 10 % every packet they lose at 5 %, and more', () => {
    const at = (lossFraction: number) =>
      Array.from({ length: 500 }, (_, frame) => packetFate(7, frame, 0, { ...lossy, lossFraction }).lost);
    const five = at(0.05);
    const ten = at(0.1);
    five.forEach((lost, frame) => {
      if (lost) expect(ten[frame]).toBe(true);
    });
    expect(ten.filter(Boolean).length).toBeGreaterThan(five.filter(Boolean).length);
  });

  it('add no queueing delay when jitter is zero', () => {
    expect(packetFate(1, 5, 0, clean(100)).queueingMs).toBe(0);
  });
});

describe('a lossy, jittery link (5 % loss, 100 ms RTT, 20 ms jitter, seed 7, 10 s)', () => {
  const run = simulateRun({ rttMs: 100, jitterMs: 20, lossFraction: 0.05, rtoPolicy: 'linux' }, 7, 500);
  const tcp = summarizeLane(run, 'tcp');
  const udp = summarizeLane(run, 'udp');
  // Pinned from this seed: a change to the model that moves them should be a deliberate one.
  const EXPECTED = { tcpFreezes: 21, tcpFrozenMs: 1555, tcpWorstMs: 298, udpConcealed: 28, udpWorstMs: 147 };

  it('TCP plays every frame, but freezes and drifts late', () => {
    expect(tcp.framesWithAudio).toBe(500);
    expect(tcp.framesConcealed).toBe(0);
    expect(tcp.freezes).toBe(EXPECTED.tcpFreezes);
    expect(Math.round(tcp.frozenMs)).toBe(EXPECTED.tcpFrozenMs);
    expect(Math.round(tcp.worstMouthToEarMs)).toBe(EXPECTED.tcpWorstMs);
  });

  it('UDP never freezes; it conceals short gaps and keeps the delay low', () => {
    expect(udp.freezes).toBe(0);
    expect(udp.framesConcealed).toBe(EXPECTED.udpConcealed);
    expect(udp.concealedMs).toBe(EXPECTED.udpConcealed * 20);
    expect(Math.round(udp.worstMouthToEarMs)).toBe(EXPECTED.udpWorstMs);
    expect(udp.worstMouthToEarMs).toBeLessThan(tcp.worstMouthToEarMs);
  });
});

describe('an endless stream (the figure)', () => {
  it('forgets frames older than its history, so memory stays bounded', () => {
    let s = createTransportState({ seed: 1, historyMs: 2000 });
    for (let i = 0; i < 600; i++) s = stepTransport(s, { rttMs: 100, jitterMs: 10, lossFraction: 0.05, rtoPolicy: 'linux' }, 16);
    expect(s.nowMs).toBe(9600);
    expect(s.frames.length).toBeLessThanOrEqual(2000 / FRAME_MS + 30);
    expect(s.tcp.totals.framesPlayed + s.udp.totals.framesPlayed).toBeGreaterThan(800);
  });
});

describe('a finite run (the "hear it" figure)', () => {
  it('ends in exactly the state the same 1 s steps of stepTransport reach, though it copies nothing between them', () => {
    for (const link of [
      clean(80),
      { rttMs: 400, jitterMs: 60, lossFraction: 0.2, rtoPolicy: 'linux' },
      { rttMs: 150, jitterMs: 30, lossFraction: 0.05, rtoPolicy: 'rfc6298' },
    ] satisfies LinkParams[]) {
      for (const seed of [1, 7]) {
        const stepped = runInSteps(createTransportState({ seed, frameLimit: 200, historyMs: Infinity }), link, 1000);
        expect(simulateRun(link, seed, 200)).toEqual(stepped);
      }
    }
  });
});
