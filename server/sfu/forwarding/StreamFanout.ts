import { RtpHeader, RtpPacket } from 'werift';
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
 * entry names the stream (SSRC) and the packet's index in that ring. The ring keeps a copy of each
 * packet's bytes in slots it reuses, not werift's packet objects: those would live for seconds (256
 * packets of a 180p layer is 7 s), so every forwarded packet's objects were promoted to V8's old
 * generation, some 1.6 MB a second in the 50-camera meeting, and the major collections that
 * garbage brought, marking a 280 MB heap on the forwarder's one core, stalled forwarding for half a
 * second at a time (docs/sfu-performance.md, round 5).
 */

/** Source packets kept per incoming stream for retransmissions: twice a copy's history. */
const RING_SIZE = 256;
/** Rings of streams that sent nothing for this long are dropped when a new stream starts. */
const RING_IDLE_MS = 30_000;

/** A slot's bytes start at this size and grow to the largest payload it held (audio stays small). */
const SLOT_MIN_BYTES = 256;

interface SourceRing {
  /** Per slot: the payload's bytes (reused; grown when a payload does not fit) and the header fields a resend needs. */
  payloads: Buffer[];
  lengths: Int32Array;
  sequenceNumbers: Uint16Array;
  timestamps: Uint32Array;
  payloadTypes: Uint8Array;
  markers: Uint8Array;
  paddingSizes: Uint8Array;
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
    if (packet !== this.packet) this.begin(packet, ntp);
    this.push(owner, copyId);
  }

  /** Makes `packet` the one staged copies are of (sending those of the previous packet first). */
  begin(packet: RtpPacket, ntp: bigint): void {
    if (packet === this.packet) return;
    if (this.count > 0) this.flush();
    this.packet = packet;
    this.ntp = ntp;
  }

  /** Stages copy `copyId` of the packet `begin` named. */
  push(owner: FanoutRowOwner, copyId: number): void {
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
    keep(ring, index & (RING_SIZE - 1), packet, index);
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

  /**
   * The source packet a copy's history entry names, while the ring still holds it: a new packet over the
   * slot's bytes, to be sent before the ring takes another packet (a NACK is answered at once).
   */
  sourcePacket(streamId: number, packetIndex: number): RtpPacket | undefined {
    const ssrc = streamId >>> 0;
    const ring = this.rings.get(ssrc);
    if (!ring) return undefined;
    const slot = packetIndex & (RING_SIZE - 1);
    if (ring.indexes[slot] !== packetIndex) return undefined;
    const paddingSize = ring.paddingSizes[slot];
    const header = new RtpHeader({
      payloadType: ring.payloadTypes[slot],
      sequenceNumber: ring.sequenceNumbers[slot],
      timestamp: ring.timestamps[slot],
      ssrc,
      marker: ring.markers[slot] === 1,
      padding: paddingSize > 0,
      paddingSize,
    });
    return new RtpPacket(header, ring.payloads[slot].subarray(0, ring.lengths[slot]));
  }

  private ringOf(ssrc: number): SourceRing {
    let ring = this.rings.get(ssrc);
    const nowMs = performance.now();
    if (!ring) {
      for (const [other, candidate] of this.rings) if (nowMs - candidate.lastUsedMs > RING_IDLE_MS) this.rings.delete(other);
      ring = {
        payloads: new Array<Buffer>(RING_SIZE),
        lengths: new Int32Array(RING_SIZE),
        sequenceNumbers: new Uint16Array(RING_SIZE),
        timestamps: new Uint32Array(RING_SIZE),
        payloadTypes: new Uint8Array(RING_SIZE),
        markers: new Uint8Array(RING_SIZE),
        paddingSizes: new Uint8Array(RING_SIZE),
        indexes: new Int32Array(RING_SIZE).fill(-1),
        next: 0,
        lastUsedMs: nowMs,
      };
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

/** Copies what a resend of `packet` needs into `slot` of `ring`. */
function keep(ring: SourceRing, slot: number, packet: RtpPacket, index: number): void {
  const { payload, header } = packet;
  let bytes = ring.payloads[slot];
  if (!bytes || bytes.length < payload.length) ring.payloads[slot] = bytes = Buffer.alloc(Math.max(SLOT_MIN_BYTES, payload.length));
  bytes.set(payload, 0);
  ring.lengths[slot] = payload.length;
  ring.sequenceNumbers[slot] = header.sequenceNumber;
  ring.timestamps[slot] = header.timestamp >>> 0;
  ring.payloadTypes[slot] = header.payloadType;
  ring.markers[slot] = header.marker ? 1 : 0;
  ring.paddingSizes[slot] = header.padding ? header.paddingSize : 0;
  ring.indexes[slot] = index;
}
