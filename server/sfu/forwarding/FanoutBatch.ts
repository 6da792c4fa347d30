import type { RtpPacket } from 'werift';
import { ROW_STATUS, type SrtpFanoutAddon } from './nativeAddon';

/**
 * The viewers' copies of one incoming packet, staged for the native fan-out and sent in one call.
 *
 * The room hands a packet to each of its viewers in turn (Publisher -> Subscriber -> FastRtpSender),
 * synchronously. Each FastRtpSender keeps werift's books for its copy (sequence number, timestamp,
 * rollover counter, sender-report counters, NACK history) and stages one row here; the rows go to
 * native code together, when the next packet is staged, when the batch is full, or in the microtask
 * that follows the packet's dispatch (before anything else on the event loop runs).
 */

/** Who staged a row: told when its datagram did not leave. */
export interface FanoutRowOwner {
  onNotSent(status: number): void;
}

/** Rows per native call; a bigger fan-out is sent in several. */
const CAPACITY = 256;

export class FanoutBatch {
  private readonly rows: Int32Array;
  private readonly rowInts: number;
  private readonly owners: (FanoutRowOwner | null)[] = new Array(CAPACITY).fill(null);
  private count = 0;
  private packet: RtpPacket | null = null;
  private flushQueued = false;
  private readonly flushTask = () => {
    this.flushQueued = false;
    this.flush();
  };

  constructor(private readonly addon: SrtpFanoutAddon) {
    this.rowInts = addon.ROW_INTS;
    this.rows = new Int32Array(CAPACITY * this.rowInts);
    addon.setRows(this.rows);
  }

  /** Stages one viewer's copy of `packet`. */
  stage(owner: FanoutRowOwner, packet: RtpPacket, routeId: number, sequenceNumber: number, timestamp: number, rolloverCounter: number): void {
    if (packet !== this.packet || this.count === CAPACITY) {
      this.flush();
      this.packet = packet;
    }
    const at = this.count * this.rowInts;
    const rows = this.rows;
    rows[at] = routeId;
    rows[at + 1] = sequenceNumber;
    rows[at + 2] = timestamp;
    rows[at + 3] = rolloverCounter;
    this.owners[this.count++] = owner;
    if (!this.flushQueued) {
      this.flushQueued = true;
      queueMicrotask(this.flushTask);
    }
  }

  /** Sends what is staged now. */
  flush(): void {
    const count = this.count;
    const packet = this.packet;
    if (count === 0 || !packet) return;
    this.count = 0;
    const header = packet.header;
    const padding = header.padding ? header.paddingSize : 0;
    const notSent = this.addon.fanout(packet.payload, padding, header.marker ? 1 : 0, count);
    if (notSent > 0) {
      for (let i = 0; i < count; i++) {
        const status = this.rows[i * this.rowInts + 4];
        if (status !== ROW_STATUS.sent) this.owners[i]?.onNotSent(status);
      }
    }
    this.owners.fill(null, 0, count);
  }
}
