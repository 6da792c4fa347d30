/**
 * How late this process's event loop runs, between marks: a timer that should fire every 10 ms
 * (perf_hooks.monitorEventLoopDelay) and how late it was. While the loop is busy, nothing else
 * runs either: no ICE check is answered, no DTLS flight is read, no timer fires on time.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { LoopFigures } from './protocol';

const RESOLUTION_MS = 10;

export class LoopMonitor {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  private cpu = process.cpuUsage();

  constructor() {
    this.histogram.enable();
  }

  /** The figures since the last mark (or since construction), then starts afresh. */
  mark(): LoopFigures {
    const h = this.histogram;
    // The histogram counts in ns; with no sample yet its percentiles are 0.
    const ms = (ns: number) => Math.round(ns / 1e5) / 10;
    const cpu = process.cpuUsage(this.cpu);
    const figures: LoopFigures = {
      delayP50Ms: ms(h.percentile(50)),
      delayP99Ms: ms(h.percentile(99)),
      delayMaxMs: ms(h.max),
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    };
    h.reset();
    this.cpu = process.cpuUsage();
    return figures;
  }

  close(): void {
    this.histogram.disable();
  }
}
