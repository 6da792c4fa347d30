import { describe, expect, it } from 'vitest';
import { LIBWEBRTC_PACER, Pacer, parsePacerShape } from '../../bench/sfu/pacer';

/** Runs a pacer on a 1 ms clock from 0 to `untilMs`, returning when each packet left. */
function run(pacer: Pacer<number>, arrivals: Map<number, { packet: number; bytes: number; audio: boolean }[]>, untilMs: number): Map<number, number> {
  const leftAt = new Map<number, number>();
  for (let t = 0; t <= untilMs; t++) {
    const out: number[] = [];
    pacer.push(t, arrivals.get(t) ?? [], out);
    for (const packet of out) leftAt.set(packet, t);
  }
  return leftAt;
}

const keyframe = (count: number, bytes = 1100) => Array.from({ length: count }, (_, i) => ({ packet: i, bytes, audio: false }));

describe('the benchmark publishers\' pacer (after libwebrtc\'s PacingController)', () => {
  it('sends a keyframe written at once over time: a 40 ms burst at 2.5 x 1500 kbps, then one packet per 2.35 ms', () => {
    const pacer = new Pacer<number>(1500, LIBWEBRTC_PACER);
    const leftAt = run(pacer, new Map([[0, keyframe(35)]]), 200);
    const rateBytesPerMs = (1500 * 2.5) / 8;
    const atOnce = [...leftAt.values()].filter((t) => t === 0).length;
    // Packets leave at once while the debt drains in under 40 ms: 40 x 468.75 = 18 750 bytes, so 18 of 1100.
    expect(atOnce).toBe(Math.ceil((40 * rateBytesPerMs) / 1100));
    expect(leftAt.size).toBe(35);
    // The rest no faster than the pacing rate: by time t at most the burst and t ms of sending (plus the packet that crosses).
    for (let t = 0; t <= 200; t++) {
      const sentBytes = [...leftAt.values()].filter((at) => at <= t).length * 1100;
      expect(sentBytes).toBeLessThanOrEqual(40 * rateBytesPerMs + t * rateBytesPerMs + 1100);
    }
    // The other 17 one at a time as the debt drains below 40 ms again: about 40 ms for the frame, not 0.
    const last = Math.max(...leftAt.values());
    expect(last).toBeGreaterThanOrEqual(Math.floor((17 * 1100) / rateBytesPerMs) - 1);
    expect(last).toBeLessThanOrEqual(Math.ceil((18 * 1100) / rateBytesPerMs) + 1);
  });

  it('with 5 ms bursts (libwebrtc before its burst interval) sends a few packets at a time', () => {
    const pacer = new Pacer<number>(1500, { factor: 2.5, burstMs: 5 });
    const leftAt = run(pacer, new Map([[0, keyframe(35)]]), 200);
    const perMs = new Map<number, number>();
    for (const t of leftAt.values()) perMs.set(t, (perMs.get(t) ?? 0) + 1);
    expect(Math.max(...perMs.values())).toBeLessThanOrEqual(3);
    expect(leftAt.size).toBe(35);
  });

  it('keeps a sender\'s packets in order and lets audio through at once, ahead of queued video', () => {
    const pacer = new Pacer<number>(150, LIBWEBRTC_PACER);
    const out: number[] = [];
    pacer.push(0, keyframe(6, 1000), out);
    pacer.push(1, [{ packet: 100, bytes: 100, audio: true }], out);
    expect(out).toContain(100);
    expect(out.indexOf(100)).toBeLessThan(out.length);
    for (let t = 2; t < 1000; t++) pacer.poll(t, out);
    expect(out.filter((p) => p !== 100)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(pacer.queued).toBe(0);
  });

  it('sends a backlog at the pacing rate, and a lower target slows it', () => {
    const leftAtFull = run(new Pacer<number>(1500, LIBWEBRTC_PACER), new Map([[0, keyframe(400)]]), 2000);
    const lastFull = Math.max(...leftAtFull.values());
    // 400 x 1100 bytes at 468.75 bytes/ms, the first 40 ms of it at once.
    expect(lastFull).toBeGreaterThan(850);
    expect(lastFull).toBeLessThan(900);
    const slow = new Pacer<number>(1500, LIBWEBRTC_PACER);
    slow.setTarget(750);
    const lastSlow = Math.max(...run(slow, new Map([[0, keyframe(400)]]), 4000).values());
    expect(lastSlow).toBeGreaterThan(1.9 * lastFull);
  });

  it('reads --pacer: off, <factor>x<burst ms>, libwebrtc\'s by default; refuses anything else', () => {
    expect(parsePacerShape(undefined)).toEqual({ factor: 2.5, burstMs: 40 });
    expect(parsePacerShape('off')).toBeNull();
    expect(parsePacerShape('2.5x5')).toEqual({ factor: 2.5, burstMs: 5 });
    expect(() => parsePacerShape('fast')).toThrow(/--pacer/);
    expect(() => parsePacerShape('0x5')).toThrow(/--pacer/);
  });
});
