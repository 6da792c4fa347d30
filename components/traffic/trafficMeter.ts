import { measureTraffic, rtpCounters, type MeasuredTraffic, type RtpCounter } from '@/lib/bandwidth/measured';

/**
 * This browser's own upload and download, measured: once a second it reads getStats() of every peer
 * connection `connections()` names (a mesh room's calls, or the SFU room's publish and subscribe
 * connections) and weighs the last few readings with lib/bandwidth/measured, as the model weighs streams.
 */

/** How often getStats is read, and over how many readings a measurement spans (smoother than one second). */
export const MEASURE_INTERVAL_MS = 1000;
export const MEASURE_WINDOW_READINGS = 3;

export type Connections = () => Iterable<[label: string, pc: RTCPeerConnection | null]>;

export class TrafficMeter {
  private readings: RtpCounter[][] = [];
  private timer: ReturnType<typeof setInterval> | null = null;
  private stopped = false;

  constructor(
    private readonly connections: Connections,
    private readonly onMeasured: (traffic: MeasuredTraffic) => void,
  ) {}

  start(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => void this.read(), MEASURE_INTERVAL_MS);
  }

  /** Idempotent. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async read(): Promise<void> {
    const reading: RtpCounter[] = [];
    for (const [label, pc] of this.connections()) {
      if (!pc || pc.connectionState === 'closed') continue;
      const report = await pc.getStats().catch(() => null);
      if (report) reading.push(...rtpCounters(label, report.values() as Iterable<Record<string, unknown>>));
    }
    if (this.stopped) return;
    this.readings = [...this.readings, reading].slice(-MEASURE_WINDOW_READINGS);
    const first = this.readings[0];
    if (this.readings.length < 2 || first.length === 0 || reading.length === 0) return;
    try {
      this.onMeasured(measureTraffic(first, reading));
    } catch {
      // Readings with no interval between them (a connection's stats not updated yet) say nothing.
    }
  }
}
