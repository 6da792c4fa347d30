/**
 * Counts bytes and packets of one stream and turns them into rates once per tick. The room calls
 * `roll(nowMs)` every second; `kbps` and `packetsPerSecond` then describe the tick that just ended,
 * so every number in one stats snapshot covers the same interval.
 */
export class StatsMeter {
  private bytes = 0;
  private packets = 0;
  private lastRollMs: number;
  totalBytes = 0;
  totalPackets = 0;
  kbps = 0;
  packetsPerSecond = 0;
  /** When the last packet was recorded (ms on the room's clock), or null before any. */
  lastPacketAtMs: number | null = null;

  constructor(nowMs: number) {
    this.lastRollMs = nowMs;
  }

  record(bytes: number, nowMs: number): void {
    this.bytes += bytes;
    this.packets += 1;
    this.totalBytes += bytes;
    this.totalPackets += 1;
    this.lastPacketAtMs = nowMs;
  }

  /** Adds packets counted elsewhere (the native fan-out's members, StreamRoute) to the current interval. */
  add(bytes: number, packets: number, nowMs: number): void {
    if (packets === 0) return;
    this.bytes += bytes;
    this.packets += packets;
    this.totalBytes += bytes;
    this.totalPackets += packets;
    this.lastPacketAtMs = nowMs;
  }

  /** Closes the current interval and computes its rates. */
  roll(nowMs: number): void {
    const elapsedMs = nowMs - this.lastRollMs;
    if (elapsedMs > 0) {
      this.kbps = (this.bytes * 8) / elapsedMs; // bits per ms = kbit/s
      this.packetsPerSecond = (this.packets * 1000) / elapsedMs;
    }
    this.bytes = 0;
    this.packets = 0;
    this.lastRollMs = nowMs;
  }

  /** True if a packet arrived within `windowMs` before `nowMs`. */
  activeWithin(nowMs: number, windowMs: number): boolean {
    return this.lastPacketAtMs !== null && nowMs - this.lastPacketAtMs <= windowMs;
  }
}
