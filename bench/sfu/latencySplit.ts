/**
 * Where a packet's latency goes inside the forwarder: for every packet the forwarder takes in
 * during the window, the time from the publisher's send (the trailer's send time, on the clock
 * every process shares) to its arrival in the forwarder's JavaScript (`inMs`: the publisher's
 * sending, the kernel, the forwarder's receive path and whatever held its event loop), and to the
 * moment its last copy was handed to the kernel (`outMs`). The load's end-to-end figures minus
 * `outMs` are the receivers' share. Also how late the event loop ran (a 10 ms timer,
 * perf_hooks.monitorEventLoopDelay) and the longest GC pause, over the same window.
 */
import { PerformanceObserver, monitorEventLoopDelay } from 'node:perf_hooks';
import type { ForwarderSplit } from './protocol';
import { benchClockMs, readTrailer } from './stream';

const CAPACITY = 1 << 16;

export class LatencySplit {
  private readonly index = new Uint32Array(CAPACITY);
  private readonly inMs = new Float64Array(CAPACITY);
  private readonly outMs = new Float64Array(CAPACITY);
  private readonly sentAtMs = new Float64Array(CAPACITY);
  private count = 0;
  private recording = false;
  private readonly loop = monitorEventLoopDelay({ resolution: 10 });
  private gcMaxPauseMs = 0;
  private readonly gc = new PerformanceObserver((list) => {
    if (!this.recording) return;
    for (const entry of list.getEntries()) this.gcMaxPauseMs = Math.max(this.gcMaxPauseMs, entry.duration);
  });

  constructor() {
    this.gc.observe({ entryTypes: ['gc'] });
  }

  start(): void {
    this.count = 0;
    this.gcMaxPauseMs = 0;
    this.loop.reset();
    this.loop.enable();
    this.recording = true;
  }

  /**
   * Call when a packet (its plaintext payload, trailer at the end) reaches the forwarder's code; the
   * returned slot goes to `sent` once its copies have left.
   */
  arrived(payload: Uint8Array): number {
    if (!this.recording || this.count === CAPACITY) return -1;
    const { index, sentAtMs } = readTrailer(payload);
    const slot = this.count++;
    this.index[slot] = index;
    this.sentAtMs[slot] = sentAtMs;
    this.inMs[slot] = benchClockMs() - sentAtMs;
    this.outMs[slot] = NaN;
    return slot;
  }

  sent(slot: number): void {
    if (slot < 0) return;
    this.outMs[slot] = benchClockMs() - this.sentAtMs[slot];
  }

  stop(): ForwarderSplit {
    this.recording = false;
    this.loop.disable();
    const ms = (ns: number) => Math.round(ns / 1e4) / 100;
    return {
      index: Array.from(this.index.subarray(0, this.count)),
      inMs: Array.from(this.inMs.subarray(0, this.count)),
      outMs: Array.from(this.outMs.subarray(0, this.count)),
      loopDelayP99Ms: ms(this.loop.percentile(99)),
      loopDelayMaxMs: ms(this.loop.max),
      gcMaxPauseMs: this.gcMaxPauseMs,
    };
  }
}
