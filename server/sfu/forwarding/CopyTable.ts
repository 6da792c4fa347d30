import type { SrtpFanoutAddon } from './nativeAddon';

/**
 * werift's books for each viewer's copy of a stream, in one table that the native fan-out updates
 * (native/srtp_fanout.c `fanoutStream`) and werift reads.
 *
 * werift's RTCRtpSender keeps, per sender, what its sender reports and its next packet need: the
 * sequence-number and timestamp offsets and the continuity flag `replaceRTP` sets, the last sequence
 * number and timestamp, packet and octet counts, the last packet's NTP and RTP times; its SRTP
 * context keeps the rollover counter per SSRC. Updating those fields from JavaScript for every viewer
 * of every packet was most of what the native fan-out left in JavaScript. Here each copy gets a row
 * of a Float64Array that native code updates for every viewer of a packet in one call, and the
 * sender's fields (and its SRTP state object) become accessors that read and write that row, so
 * werift's own code (sender reports, `replaceRTP`, its own `sendRtp` when the fast path hands it a
 * packet, getStats) sees exactly the books the native code keeps, and any path can send the next
 * packet.
 *
 * Reading or writing a field first flushes the copies staged for the current packet (`beforeAccess`),
 * so werift never sees books one packet behind.
 */

/** The fields of a copy's row (native/srtp_fanout.c `CopyField`). */
export const COPY = {
  route: 0,
  hasSequence: 1,
  pending: 2,
  timestampStep: 3,
  seqOffset: 4,
  timestampOffset: 5,
  sequenceNumber: 6,
  timestamp: 7,
  rolloverCounter: 8,
  rolloverLastSequence: 9,
  rolloverProcessed: 10,
  ntpSeconds: 11,
  ntpFraction: 12,
  rtpTimestamp: 13,
  octetCount: 14,
  packetCount: 15,
  headerBytesSent: 16,
  wireBytes: 17,
  wirePackets: 18,
  sent: 19,
  meterBytes: 20,
  meterPackets: 21,
} as const;

/** The history entry's ints (native/srtp_fanout.c HISTORY_INTS): sequence number, timestamp, rollover counter, stream id, packet index. */
export const HISTORY = { sequenceNumber: 0, timestamp: 1, rolloverCounter: 2, streamId: 3, packetIndex: 4 } as const;

const INITIAL_COPIES = 64;

/** werift's SRTP state for one SSRC (SrtpContext.getSrtpSsrcState). */
export interface RolloverState {
  rolloverCounter: number;
  lastSequenceNumber?: number;
  rolloverHasProcessed?: boolean;
}

export class CopyTable {
  readonly fields: number;
  readonly historySize: number;
  private readonly historyInts: number;
  table: Float64Array;
  history: Int32Array;
  statuses: Int32Array;
  private capacity = 0;
  private next = 0;
  private readonly free: number[] = [];
  /** Called before any accessor reads or writes a row: the staged packet's books are settled first. */
  beforeAccess: () => void = () => {};

  constructor(private readonly addon: SrtpFanoutAddon) {
    this.fields = addon.COPY_FIELDS;
    this.historySize = addon.HISTORY_SIZE;
    this.historyInts = addon.HISTORY_INTS;
    this.table = new Float64Array(0);
    this.history = new Int32Array(0);
    this.statuses = new Int32Array(0);
    this.grow(INITIAL_COPIES);
  }

  get liveCopies(): number {
    return this.next - this.free.length;
  }

  /** A fresh row: no sequence number yet, no route, counters at zero. */
  allocate(): number {
    let id = this.free.pop();
    if (id === undefined) {
      if (this.next === this.capacity) this.grow(this.capacity * 2);
      id = this.next++;
    }
    this.reset(id);
    return id;
  }

  release(id: number): void {
    this.reset(id);
    this.free.push(id);
  }

  get(id: number, field: number): number {
    this.beforeAccess();
    return this.table[id * this.fields + field];
  }

  set(id: number, field: number, value: number): void {
    this.beforeAccess();
    this.table[id * this.fields + field] = value;
  }

  /** Where copy `id`'s history entry for `sequenceNumber` starts in `history`. */
  historyAt(id: number, sequenceNumber: number): number {
    return (id * this.historySize + (sequenceNumber & (this.historySize - 1))) * this.historyInts;
  }

  /**
   * Moves werift's per-sender books into row `id`: the fields become accessors on the sender object,
   * initialised from their current values. For the sender's life (the row is released with it).
   */
  adoptSender(sender: object, id: number): void {
    const s = sender as Record<string, unknown>;
    const number = (field: number) => ({
      get: () => this.get(id, field),
      set: (value: number) => this.set(id, field, value),
    });
    const initial = {
      sequenceNumber: s.sequenceNumber as number | undefined,
      timestamp: s.timestamp as number | undefined,
      seqOffset: Number(s.seqOffset ?? 0),
      timestampOffset: Number(s.timestampOffset ?? 0),
      rtpContinuityPending: s.rtpContinuityPending === true,
      pendingTimestampStep: Number(s.pendingTimestampStep ?? 1),
      ntpTimestamp: typeof s.ntpTimestamp === 'bigint' ? s.ntpTimestamp : 0n,
      rtpTimestamp: Number(s.rtpTimestamp ?? 0),
      octetCount: Number(s.octetCount ?? 0),
      packetCount: Number(s.packetCount ?? 0),
      headerBytesSent: Number(s.headerBytesSent ?? 0),
    };
    const t = this.table;
    const base = id * this.fields;
    t[base + COPY.hasSequence] = initial.sequenceNumber !== undefined && initial.timestamp !== undefined ? 1 : 0;
    t[base + COPY.sequenceNumber] = initial.sequenceNumber ?? 0;
    t[base + COPY.timestamp] = initial.timestamp ?? 0;
    t[base + COPY.seqOffset] = initial.seqOffset;
    t[base + COPY.timestampOffset] = initial.timestampOffset;
    t[base + COPY.pending] = initial.rtpContinuityPending ? 1 : 0;
    t[base + COPY.timestampStep] = initial.pendingTimestampStep;
    t[base + COPY.ntpSeconds] = Number(initial.ntpTimestamp >> 32n);
    t[base + COPY.ntpFraction] = Number(initial.ntpTimestamp & 0xffffffffn);
    t[base + COPY.rtpTimestamp] = initial.rtpTimestamp;
    t[base + COPY.octetCount] = initial.octetCount;
    t[base + COPY.packetCount] = initial.packetCount;
    t[base + COPY.headerBytesSent] = initial.headerBytesSent;
    const sequenceField = (field: number) => ({
      get: () => (this.get(id, COPY.hasSequence) ? this.get(id, field) : undefined),
      set: (value: number | undefined) => {
        if (value === undefined) this.set(id, COPY.hasSequence, 0);
        else {
          this.set(id, field, value);
          this.set(id, COPY.hasSequence, 1);
        }
      },
    });
    const accessors: PropertyDescriptorMap = {
      sequenceNumber: sequenceField(COPY.sequenceNumber),
      timestamp: sequenceField(COPY.timestamp),
      seqOffset: number(COPY.seqOffset),
      timestampOffset: number(COPY.timestampOffset),
      pendingTimestampStep: number(COPY.timestampStep),
      rtpContinuityPending: {
        get: () => this.get(id, COPY.pending) !== 0,
        set: (value: boolean) => this.set(id, COPY.pending, value ? 1 : 0),
      },
      ntpTimestamp: {
        get: () => (BigInt(this.get(id, COPY.ntpSeconds)) << 32n) | BigInt(this.get(id, COPY.ntpFraction)),
        set: (value: bigint) => {
          this.set(id, COPY.ntpSeconds, Number((value >> 32n) & 0xffffffffn));
          this.set(id, COPY.ntpFraction, Number(value & 0xffffffffn));
        },
      },
      rtpTimestamp: number(COPY.rtpTimestamp),
      octetCount: number(COPY.octetCount),
      packetCount: number(COPY.packetCount),
      headerBytesSent: number(COPY.headerBytesSent),
    };
    for (const descriptor of Object.values(accessors)) Object.assign(descriptor, { configurable: true, enumerable: true });
    Object.defineProperties(sender, accessors);
  }

  /** Moves werift's SRTP state for the copy's SSRC into row `id` (accessors, as for the sender). */
  adoptRolloverState(state: RolloverState, id: number): void {
    const base = id * this.fields;
    this.table[base + COPY.rolloverCounter] = state.rolloverCounter;
    this.table[base + COPY.rolloverLastSequence] = state.lastSequenceNumber ?? 0;
    this.table[base + COPY.rolloverProcessed] = state.rolloverHasProcessed ? 1 : 0;
    Object.defineProperties(state, {
      rolloverCounter: { configurable: true, enumerable: true, get: () => this.get(id, COPY.rolloverCounter), set: (v: number) => this.set(id, COPY.rolloverCounter, v) },
      lastSequenceNumber: { configurable: true, enumerable: true, get: () => this.get(id, COPY.rolloverLastSequence), set: (v: number) => this.set(id, COPY.rolloverLastSequence, v) },
      rolloverHasProcessed: {
        configurable: true,
        enumerable: true,
        get: () => this.get(id, COPY.rolloverProcessed) !== 0,
        set: (v: boolean) => this.set(id, COPY.rolloverProcessed, v ? 1 : 0),
      },
    });
  }

  /** Gives werift's SRTP state object its fields back, with the values row `id` holds now. */
  releaseRolloverState(state: RolloverState, id: number): void {
    const base = id * this.fields;
    this.beforeAccess();
    const values = {
      rolloverCounter: this.table[base + COPY.rolloverCounter],
      lastSequenceNumber: this.table[base + COPY.rolloverLastSequence],
      rolloverHasProcessed: this.table[base + COPY.rolloverProcessed] !== 0,
    };
    for (const [key, value] of Object.entries(values)) {
      Object.defineProperty(state, key, { configurable: true, enumerable: true, writable: true, value });
    }
  }

  private reset(id: number): void {
    const base = id * this.fields;
    this.table.fill(0, base, base + this.fields);
    this.table[base + COPY.timestampStep] = 1;
    const h = id * this.historySize * this.historyInts;
    for (let i = 0; i < this.historySize; i++) this.history[h + i * this.historyInts + HISTORY.sequenceNumber] = -1;
  }

  private grow(capacity: number): void {
    const table = new Float64Array(capacity * this.fields);
    table.set(this.table);
    const history = new Int32Array(capacity * this.historySize * this.historyInts).fill(-1);
    history.set(this.history);
    this.table = table;
    this.history = history;
    this.statuses = new Int32Array(capacity);
    this.capacity = capacity;
    this.addon.setCopyTables(table, history, this.statuses);
  }
}
