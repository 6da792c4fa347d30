import type { RtpPacket } from 'werift';
import type { CopyTable } from './CopyTable';
import type { FanoutRowOwner } from './FanoutBatch';
import { ROW_STATUS, type SrtpFanoutAddon } from './nativeAddon';

/**
 * Every viewer's copy of one incoming packet, sent in one native call that also keeps werift's books
 * for each copy (native/srtp_fanout.c `fanoutStream`, the rows of CopyTable).
 *
 * The room hands a packet to each of its viewers in turn (Publisher -> Subscriber -> FastRtpSender),
 * synchronously. A FastRtpSender that can send natively stages only its copy's id here; the ids go
 * to native code together when the next packet is staged, or in the microtask that follows the
 * packet's dispatch (before anything else on the event loop runs), or before anything reads or
 * writes a copy's books (CopyTable.beforeAccess). Native code then does per copy what werift's
 * sender did (continuity across a layer switch, sequence number and timestamp rewrite, the SRTP
 * rollover counter, sender-report counters, a history entry), writes, encrypts and sends.
 *
 * NACKs are answered from a ring of the last source packets per incoming SSRC: a copy's history
 * entry names the stream (SSRC) and the packet's index in that ring.
 */

/** Source packets kept per incoming stream for retransmissions: twice a copy's history. */
const RING_SIZE = 256;
/** Rings of streams that sent nothing for this long are dropped when a new stream starts. */
const RING_IDLE_MS = 30_000;

interface SourceRing {
  packets: (RtpPacket | undefined)[];
  indexes: Int32Array;
  next: number;
  lastUsedMs: number;
}

export class StreamFanout {
  private copies = new Int32Array(64);
  private owners: (FanoutRowOwner | null)[] = new Array(64).fill(null);
  private count = 0;
  private packet: RtpPacket | null = null;
  private ntp = 0n;
  private flushQueued = false;
  private readonly rings = new Map<number, SourceRing>();
  private readonly flushTask = () => {
    this.flushQueued = false;
    this.flush();
  };

  constructor(
    private readonly addon: SrtpFanoutAddon,
    private readonly table: CopyTable,
  ) {
    table.beforeAccess = () => {
      if (this.count > 0) this.flush();
    };
  }

  /** Stages copy `copyId` of `packet`, forwarded at NTP time `ntp`. */
  stage(owner: FanoutRowOwner, packet: RtpPacket, copyId: number, ntp: bigint): void {
    if (packet !== this.packet) {
      if (this.count > 0) this.flush();
      this.packet = packet;
      this.ntp = ntp;
    }
    if (this.count === this.copies.length) this.growStaging();
    this.copies[this.count] = copyId;
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
    const ring = this.ringOf(header.ssrc);
    const index = ring.next;
    ring.next = (ring.next + 1) | 0;
    const slot = index & (RING_SIZE - 1);
    ring.packets[slot] = packet;
    ring.indexes[slot] = index;
    const ntp = this.ntp;
    const notSent = this.addon.fanoutStream(
      this.copies,
      count,
      packet.payload,
      header.padding ? header.paddingSize : 0,
      header.marker ? 1 : 0,
      header.sequenceNumber & 0xffff,
      header.timestamp >>> 0,
      Number((ntp >> 32n) & 0xffffffffn),
      Number(ntp & 0xffffffffn),
      0,
      header.ssrc | 0,
      index,
    );
    if (notSent > 0) {
      const statuses = this.table.statuses;
      for (let i = 0; i < count; i++) if (statuses[i] !== ROW_STATUS.sent) this.owners[i]?.onNotSent(statuses[i]);
    }
    this.owners.fill(null, 0, count);
  }

  /** The source packet a copy's history entry names, while the ring still holds it. */
  sourcePacket(streamId: number, packetIndex: number): RtpPacket | undefined {
    const ring = this.rings.get(streamId >>> 0);
    if (!ring) return undefined;
    const slot = packetIndex & (RING_SIZE - 1);
    return ring.indexes[slot] === packetIndex ? ring.packets[slot] : undefined;
  }

  private ringOf(ssrc: number): SourceRing {
    let ring = this.rings.get(ssrc);
    const nowMs = performance.now();
    if (!ring) {
      for (const [other, candidate] of this.rings) if (nowMs - candidate.lastUsedMs > RING_IDLE_MS) this.rings.delete(other);
      ring = { packets: new Array(RING_SIZE), indexes: new Int32Array(RING_SIZE).fill(-1), next: 0, lastUsedMs: nowMs };
      this.rings.set(ssrc, ring);
    }
    ring.lastUsedMs = nowMs;
    return ring;
  }

  private growStaging(): void {
    const copies = new Int32Array(this.copies.length * 2);
    copies.set(this.copies);
    this.copies = copies;
    this.owners.length = copies.length;
    this.owners.fill(null, this.count);
  }
}
