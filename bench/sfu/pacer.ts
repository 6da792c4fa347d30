/**
 * A send pacer for the benchmark's publishers, after libwebrtc's (modules/pacing/pacing_controller.cc),
 * so a forwarder is measured against what a browser puts on the wire and not against a whole frame
 * written to the socket in one go:
 *
 * - video leaves at a pacing rate of `factor` times the sender's target bitrate (goog_cc's
 *   `kDefaultPaceMultiplier` = 2.5, `GetPacingRates`: max(min allocated, target) x pacing factor);
 * - a leaky bucket with a debt: each packet sent adds its size to the debt, which drains at the pacing
 *   rate; the next video packet may leave while the debt drains in less than the burst interval
 *   (`send_burst_interval`, `NextSendTime`: with debt under rate x interval a packet goes at once). libwebrtc
 *   defaults it to 40 ms (`kDefaultBurstInterval`), capped so a burst stays under 63 kB (`kMaxBurstSize`);
 *   before that setting existed its pacer ran every 5 ms (`kDefaultMinPacketLimit`, "time limit between
 *   packet bursts") with a budget for 5 ms: `burstMs: 5` models that one;
 * - audio goes first and at once, outside the budget (`SetAccountForAudioPackets` is off by default and
 *   the packet queue puts audio ahead of video, modules/pacing/g3doc/index.md);
 * - the debt is capped at 500 ms of sending (`kMaxDebtInTime`).
 *
 * Pure: the caller passes the time, so a test can drive it. Packets of one sender stay in order.
 */

export interface PacerShape {
  /** Pacing rate as a multiple of the target bitrate. */
  factor: number;
  /** The debt (in ms of sending at the pacing rate) below which a video packet leaves at once. */
  burstMs: number;
}

/** Chrome's pacer as libwebrtc ships it: 2.5 x the target, bursts of up to 40 ms of sending. */
export const LIBWEBRTC_PACER: PacerShape = { factor: 2.5, burstMs: 40 };

const MAX_BURST_BYTES = 63_000;
const MAX_DEBT_MS = 500;

/** `off`, or `<factor>x<burst ms>` (e.g. 2.5x40, 2.5x5); undefined is libwebrtc's default. */
export function parsePacerShape(text: string | undefined): PacerShape | null {
  if (text === undefined) return LIBWEBRTC_PACER;
  if (text === 'off') return null;
  const match = /^(\d+(?:\.\d+)?)x(\d+(?:\.\d+)?)$/.exec(text);
  if (!match || Number(match[1]) <= 0) throw new Error(`--pacer takes off or <factor>x<burst ms> (e.g. 2.5x40), not ${text}`);
  return { factor: Number(match[1]), burstMs: Number(match[2]) };
}

export function pacerText(shape: PacerShape | null): string {
  return shape ? `paced as libwebrtc paces (${shape.factor} x the target bitrate, bursts of up to ${shape.burstMs} ms)` : 'not paced (each frame written at once)';
}

export class Pacer<T> {
  private readonly video: { packet: T; bytes: number }[] = [];
  private head = 0;
  private debtBytes = 0;
  private lastMs = Number.NEGATIVE_INFINITY;
  private bytesPerMs = 0;

  constructor(
    targetKbps: number,
    private readonly shape: PacerShape,
  ) {
    this.setTarget(targetKbps);
  }

  /** A new target bitrate (e.g. simulcast layers paused or resumed). */
  setTarget(targetKbps: number): void {
    this.bytesPerMs = (targetKbps * this.shape.factor) / 8;
  }

  /** Video packets waiting. */
  get queued(): number {
    return this.video.length - this.head;
  }

  /**
   * Takes the packets that became due at `nowMs` (audio at once), appends to `out` those the pacer lets
   * go at `nowMs`, in the order they leave.
   */
  push(nowMs: number, packets: Iterable<{ packet: T; bytes: number; audio: boolean }>, out: T[]): void {
    this.drain(nowMs);
    for (const { packet, bytes, audio } of packets) {
      if (audio) out.push(packet);
      else this.video.push({ packet, bytes });
    }
    this.release(out);
  }

  /** Appends to `out` the video packets the pacer lets go at `nowMs`. */
  poll(nowMs: number, out: T[]): void {
    this.drain(nowMs);
    this.release(out);
  }

  private drain(nowMs: number): void {
    if (nowMs > this.lastMs) {
      if (Number.isFinite(this.lastMs)) this.debtBytes = Math.max(0, this.debtBytes - (nowMs - this.lastMs) * this.bytesPerMs);
      this.lastMs = nowMs;
    }
  }

  private release(out: T[]): void {
    if (this.bytesPerMs <= 0) return;
    const burstMs = Math.min(this.shape.burstMs, MAX_BURST_BYTES / this.bytesPerMs);
    while (this.head < this.video.length) {
      // libwebrtc: the next packet goes at once while the debt drains in less than the burst interval;
      // with no burst allowance, once the debt is gone.
      const drainMs = this.debtBytes / this.bytesPerMs;
      if (burstMs > 0 ? drainMs >= burstMs : drainMs > 0) break;
      const { packet, bytes } = this.video[this.head++];
      out.push(packet);
      this.debtBytes = Math.min(this.debtBytes + bytes, MAX_DEBT_MS * this.bytesPerMs);
    }
    if (this.head > 1024 && this.head * 2 > this.video.length) {
      this.video.splice(0, this.head);
      this.head = 0;
    }
  }
}
