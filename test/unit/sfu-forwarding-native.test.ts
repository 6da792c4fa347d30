/**
 * The native fan-out (native/srtp_fanout.c, loaded by server/sfu/forwarding/nativeAddon.ts) writes,
 * encrypts and sends every viewer's copy of a packet in one call. These tests hold what it puts on
 * the wire to RFC 3711's vectors (through libsrtp's known-answer packet), to werift's SRTP and to the
 * JavaScript fast path's protector byte for byte, over real UDP sockets; check that bad arguments
 * are refused without harm; and that a machine able to build the addon did build it, so the SFU
 * cannot fall back to the JavaScript path unnoticed.
 */
import { spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import { closeSync, existsSync, openSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProtectionProfileAes128CmHmacSha1_80, RtpHeader, RtpPacket, SrtcpSession, SrtpSession } from 'werift';
import { nativeFanout, ROW_STATUS, socketDescriptor, type NativeHandle, type SrtpFanoutAddon } from '@/server/sfu/forwarding/nativeAddon';
import { SRTP_AUTH_TAG_BYTES, SRTP_HEADROOM_BYTES, SrtpAesCmProtector } from '@/server/sfu/forwarding/SrtpAesCmProtector';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const LOOPBACK = '127.0.0.1';
/** RFC 3711 appendix B.3's master key and salt (libsrtp's test key). */
const MASTER_KEY = hex('E1F97A0D3E018BE0D64FA32C06DE4139');
const MASTER_SALT = hex('0EC675AD498AFEEBB6960B3AABE6');
const SESSION_KEYS = SrtpAesCmProtector.deriveSessionKeys(MASTER_KEY, MASTER_SALT);

const { addon, reason } = nativeFanout();

/** Whether this machine has what native/build.mjs needs: Linux, Node's headers beside Node, a C compiler. */
function canBuildHere(): boolean {
  if (process.platform !== 'linux' || ['off', '0'].includes(process.env.SFU_NATIVE_FANOUT ?? '')) return false;
  const include = path.resolve(path.dirname(process.execPath), '..', 'include', 'node');
  return existsSync(path.join(include, 'node_api.h')) && existsSync(path.join(include, 'openssl', 'evp.h')) && spawnSync('cc', ['--version']).status === 0;
}

describe('the native fan-out is there wherever it can be', () => {
  it('is loaded on a machine that can build it, and otherwise the reason is given', () => {
    if (canBuildHere()) expect(reason, 'npm ci builds native/srtp_fanout.c on this machine').toBeNull();
    else expect(reason).toMatch(/\w/);
  });
});

const sockets: dgram.Socket[] = [];
/**
 * The addon's sessions and sockets end when their JavaScript handles are collected (as the SFU's do when
 * their transport goes), so a test holds every handle it made until it is over: a garbage collection in
 * the middle of a long test would otherwise end its routes.
 */
const handles: unknown[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) await new Promise<void>((resolve) => socket.close(() => resolve()));
  handles.length = 0;
});

async function bound(): Promise<dgram.Socket> {
  // On loopback a datagram counts against its sender's buffer until the receiver reads it: room for
  // every burst here, or a busy machine makes the kernel refuse sends (EAGAIN) the test did not expect.
  const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: 4 << 20, sendBufferSize: 4 << 20 });
  sockets.push(socket);
  await new Promise<void>((resolve) => socket.bind(0, LOOPBACK, resolve));
  return socket;
}

/** A sending socket for the addon and a receiver that collects what arrives, in order. */
async function link(native: SrtpFanoutAddon) {
  const sender = await bound();
  const receiver = await bound();
  const wire: Buffer[] = [];
  receiver.on('message', (data) => wire.push(data));
  const socket = native.openSocket(socketDescriptor(sender)!);
  handles.push(socket);
  const arrived = async (count: number) => {
    for (let waited = 0; wire.length < count && waited < 5000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(wire.length).toBe(count);
  };
  return { socket, port: receiver.address().port, wire, arrived };
}

/** The staging rows fanout() reads: route, sequence number, timestamp, rollover counter, status. */
function stager(native: SrtpFanoutAddon, capacity = 64) {
  const rows = new Int32Array(capacity * native.ROW_INTS);
  native.setRows(rows);
  let count = 0;
  return {
    rows,
    add(route: number, sequenceNumber: number, timestamp: number, rolloverCounter: number) {
      rows.set([route, sequenceNumber, timestamp | 0, rolloverCounter, -1], count++ * native.ROW_INTS);
    },
    send(payload: Uint8Array, paddingBytes = 0, marker = 0): number {
      const notSent = native.fanout(payload, paddingBytes, marker, count);
      count = 0;
      return notSent;
    },
    status: (row: number) => rows[row * native.ROW_INTS + 4],
    /**
     * Sends the staged rows; rows the kernel had no room for (the status a full socket buffer gets,
     * which a loaded machine's loopback can produce) are sent again after a pause, as a sender that
     * waits would. Any other refusal fails the test.
     */
    async sendAll(payload: Uint8Array, paddingBytes = 0, marker = 0): Promise<void> {
      const staged = count;
      let notSent = this.send(payload, paddingBytes, marker);
      for (let attempt = 0; notSent > 0 && attempt < 20; attempt++) {
        const again: number[][] = [];
        for (let row = 0; row < staged; row++) {
          const status = this.status(row);
          if (status === ROW_STATUS.sent) continue;
          expect(status, `row ${row}: ${JSON.stringify(native.stats())}`).toBe(ROW_STATUS.busy);
          again.push(Array.from(rows.subarray(row * native.ROW_INTS, row * native.ROW_INTS + 4)));
        }
        console.warn(`the kernel refused ${again.length} datagram(s) for want of room; sending them again`);
        await new Promise((resolve) => setTimeout(resolve, 20));
        again.forEach(([route, sequenceNumber, timestamp, rolloverCounter]) => this.add(route, sequenceNumber, timestamp, rolloverCounter));
        notSent = this.send(payload, paddingBytes, marker);
      }
      expect(notSent).toBe(0);
    },
  };
}

/** Plain RTP as werift serializes it: version 2, the extension block (if any), payload, padding. */
function plainRtp(ssrc: number, payloadType: number, sequenceNumber: number, timestamp: number, marker: boolean, extension: Buffer | null, payload: Buffer, padding: number): Buffer {
  const header = Buffer.alloc(12);
  header[0] = 0x80 | (padding ? 0x20 : 0) | (extension ? 0x10 : 0);
  header[1] = (marker ? 0x80 : 0) | payloadType;
  header.writeUInt16BE(sequenceNumber, 2);
  header.writeUInt32BE(timestamp >>> 0, 4);
  header.writeUInt32BE(ssrc >>> 0, 8);
  const pad = Buffer.alloc(padding);
  if (padding) pad[padding - 1] = padding;
  return Buffer.concat([header, extension ?? Buffer.alloc(0), payload, pad]);
}

/** The JavaScript fast path's SRTP of the same plain packet (held to werift in sfu-forwarding-srtp). */
function javascriptSrtp(rtp: Buffer, headerLength: number, rolloverCounter: number): Buffer {
  const protector = new SrtpAesCmProtector(SESSION_KEYS);
  const buf = Buffer.alloc(SRTP_HEADROOM_BYTES + rtp.length + SRTP_AUTH_TAG_BYTES);
  buf.set(rtp, SRTP_HEADROOM_BYTES);
  const at = SRTP_HEADROOM_BYTES;
  const length = protector.protect(buf, at, headerLength, buf.subarray(at + headerLength, at + rtp.length), rtp.length - headerLength, rolloverCounter);
  return Buffer.from(buf.subarray(at, at + length));
}

/** A one-byte-header extension block holding mid "3" at id 4, as the SFU's senders write it. */
const MID_EXTENSION = hex('bede0001' + '40' + '33' + '0000');

describe.skipIf(!addon)('native SRTP fan-out, on the wire', () => {
  const native = addon!;
  const session = () => {
    const handle = native.createSession(SESSION_KEYS.encryptionKey, SESSION_KEYS.salt, SESSION_KEYS.authKey);
    handles.push(handle);
    return handle;
  };

  it("sends libsrtp's known-answer packet (RFC 3711 B.3 keys, SSRC cafebabe, sequence 0x1234) as the published bytes", async () => {
    const { socket, port, wire, arrived } = await link(native);
    const route = native.createRoute(session(), socket, LOOPBACK, port, 0xcafebabe, 15, null);
    const rows = stager(native);
    rows.add(route, 0x1234, 0xdecafbad, 0);
    expect(rows.send(hex('ab'.repeat(16)))).toBe(0);
    expect(rows.status(0)).toBe(ROW_STATUS.sent);
    await arrived(1);
    expect(wire[0].toString('hex')).toBe('800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb');
    native.releaseRoute(route);
  });

  it('writes what werift writes, to two viewers per call, for 1500 packets of every size across a sequence wrap and a rollover', async () => {
    const werift = new SrtpSession({
      keys: { localMasterKey: MASTER_KEY, localMasterSalt: MASTER_SALT, remoteMasterKey: Buffer.alloc(16), remoteMasterSalt: Buffer.alloc(14) },
      profile: ProtectionProfileAes128CmHmacSha1_80,
    });
    const { socket, port, wire, arrived } = await link(native);
    const keys = session();
    const withMid = native.createRoute(keys, socket, LOOPBACK, port, 0x1234abcd, 96, MID_EXTENSION);
    const plain = native.createRoute(keys, socket, LOOPBACK, port, 0x0badcafe, 111, null);
    const rows = stager(native);
    const expected: Buffer[] = [];
    let rolloverCounter = 0;
    for (let i = 0; i < 1500; i++) {
      const sequenceNumber = (64_800 + i) & 0xffff;
      if (sequenceNumber === 0) rolloverCounter++;
      const timestamp = (4_294_000_000 + i * 3000) >>> 0;
      const marker = i % 7 === 0;
      // Sizes from 0 to 1399 bytes, a pattern the cipher cannot hide behind.
      const payload = Buffer.alloc((i * 13) % 1400);
      for (let at = 0; at < payload.length; at++) payload[at] = (i + at * 31) & 0xff;
      for (const [ssrc, payloadType, extension] of [
        [0x1234abcd, 96, [{ id: 4, payload: Buffer.from('3') }]],
        [0x0badcafe, 111, []],
      ] as const) {
        const header = new RtpHeader({ payloadType, sequenceNumber, timestamp, ssrc, marker, extensions: [...extension] });
        // werift keeps its own rollover count per SSRC from the sequence numbers it sees, as the SFU's senders do.
        expected.push(werift.encrypt(payload, header));
      }
      rows.add(withMid, sequenceNumber, timestamp, rolloverCounter);
      rows.add(plain, sequenceNumber, timestamp, rolloverCounter);
      await rows.sendAll(payload, 0, marker ? 1 : 0);
      if (i % 25 === 24) await arrived(expected.length);
    }
    await arrived(expected.length);
    // In order, unless a datagram the kernel refused had to be sent again after its packet's other copy.
    const asHex = (datagrams: Buffer[]) => datagrams.map((d) => d.toString('hex'));
    expect(asHex(wire).sort()).toEqual(asHex(expected).sort());
    expect(rolloverCounter).toBe(1);
    native.releaseRoute(withMid);
    native.releaseRoute(plain);
  });

  it('writes RTP padding as the JavaScript fast path does (zeros, then the count), encrypted and authenticated', async () => {
    const { socket, port, wire, arrived } = await link(native);
    const route = native.createRoute(session(), socket, LOOPBACK, port, 7, 96, MID_EXTENSION);
    const rows = stager(native);
    const expected: Buffer[] = [];
    for (const [size, padding] of [
      [0, 1],
      [1, 3],
      [255, 4],
      [1100, 255],
    ]) {
      const payload = Buffer.alloc(size, 0x5a);
      rows.add(route, 500 + size, 90_000, 2);
      expect(rows.send(payload, padding, 1)).toBe(0);
      expected.push(javascriptSrtp(plainRtp(7, 96, 500 + size, 90_000, true, MID_EXTENSION, payload, padding), 12 + MID_EXTENSION.length, 2));
    }
    await arrived(expected.length);
    expect(wire.map((d) => d.toString('hex'))).toEqual(expected.map((d) => d.toString('hex')));
  });

  it('is decrypted by werift', async () => {
    const viewer = new SrtpSession({
      keys: { localMasterKey: Buffer.alloc(16), localMasterSalt: Buffer.alloc(14), remoteMasterKey: MASTER_KEY, remoteMasterSalt: MASTER_SALT },
      profile: ProtectionProfileAes128CmHmacSha1_80,
    });
    const { socket, port, wire, arrived } = await link(native);
    const route = native.createRoute(session(), socket, LOOPBACK, port, 42, 96, MID_EXTENSION);
    const rows = stager(native);
    const payloads: Buffer[] = [];
    for (let sequenceNumber = 1; sequenceNumber <= 40; sequenceNumber++) {
      payloads.push(Buffer.alloc(sequenceNumber * 27, sequenceNumber));
      rows.add(route, sequenceNumber, sequenceNumber * 3000, 0);
      rows.send(payloads.at(-1)!);
    }
    await arrived(40);
    wire.forEach((datagram, i) => {
      const packet = RtpPacket.deSerialize(viewer.decrypt(datagram));
      expect(packet.header.sequenceNumber).toBe(i + 1);
      expect(packet.header.extensions).toEqual([{ id: 4, payload: Buffer.from('3') }]);
      expect(packet.payload.equals(payloads[i])).toBe(true);
    });
  });
});

describe.skipIf(!addon)('native SRTP fan-out, refusing bad input without harm', () => {
  const native = addon!;
  let keys: NativeHandle;
  const session = () => (keys ??= native.createSession(SESSION_KEYS.encryptionKey, SESSION_KEYS.salt, SESSION_KEYS.authKey));

  it('refuses keys of the wrong size, descriptors that are not UDP sockets and destinations that are not IP addresses', async () => {
    expect(() => native.createSession(Buffer.alloc(15), Buffer.alloc(14), Buffer.alloc(20))).toThrow(RangeError);
    expect(() => native.createSession('key' as never, Buffer.alloc(14), Buffer.alloc(20))).toThrow(TypeError);
    const file = openSync(__filename, 'r');
    try {
      expect(() => native.openSocket(file)).toThrow(/not a datagram socket/);
    } finally {
      closeSync(file);
    }
    expect(() => native.openSocket(-1)).toThrow(TypeError);
    const { socket } = await link(native);
    expect(() => native.createRoute(session(), socket, 'localhost', 9, 1, 96, null)).toThrow(/IP address/);
    expect(() => native.createRoute(session(), socket, '::1', 9, 1, 96, null)).toThrow(/IP address/);
    expect(() => native.createRoute(session(), socket, LOOPBACK, 0, 1, 96, null)).toThrow(RangeError);
    expect(() => native.createRoute(session(), socket, LOOPBACK, 9, 2 ** 32, 96, null)).toThrow(RangeError);
    expect(() => native.createRoute(session(), socket, LOOPBACK, 9, 1, 128, null)).toThrow(RangeError);
    // An extension block whose length word does not match its size.
    expect(() => native.createRoute(session(), socket, LOOPBACK, 9, 1, 96, hex('bede0002400000'))).toThrow(RangeError);
    expect(() => native.createRoute({} as never, socket, LOOPBACK, 9, 1, 96, null)).toThrow(TypeError);
  });

  it('refuses a row count beyond the staging area and payloads that do not fit a datagram', async () => {
    const { socket, port, wire } = await link(native);
    const route = native.createRoute(session(), socket, LOOPBACK, port, 1, 96, null);
    const rows = stager(native, 2);
    expect(() => native.fanout(Buffer.alloc(10), 0, 0, 3)).toThrow(RangeError);
    expect(() => native.fanout(Buffer.alloc(10), 256, 0, 0)).toThrow(RangeError);
    rows.add(route, 1, 1, 0);
    expect(rows.send(Buffer.alloc(2040))).toBe(1);
    expect(rows.status(0)).toBe(ROW_STATUS.tooBig);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(wire).toHaveLength(0);
    native.releaseRoute(route);
  });

  it('skips rows whose route was released or whose socket was closed, and reports them', async () => {
    const { socket, port, wire, arrived } = await link(native);
    const released = native.createRoute(session(), socket, LOOPBACK, port, 1, 96, null);
    native.releaseRoute(released);
    native.releaseRoute(released);
    const live = native.createRoute(session(), socket, LOOPBACK, port, 2, 96, null);
    expect(live).not.toBe(released);
    const rows = stager(native);
    rows.add(released, 1, 1, 0);
    rows.add(12345, 1, 1, 0);
    rows.add(live, 1, 1, 0);
    expect(rows.send(Buffer.alloc(100))).toBe(2);
    expect([rows.status(0), rows.status(1), rows.status(2)]).toEqual([ROW_STATUS.noRoute, ROW_STATUS.noRoute, ROW_STATUS.sent]);
    await arrived(1);
    native.closeSocket(socket);
    native.closeSocket(socket);
    rows.add(live, 2, 2, 0);
    expect(rows.send(Buffer.alloc(100))).toBe(1);
    expect(rows.status(0)).toBe(ROW_STATUS.noRoute);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(wire).toHaveLength(1);
    native.releaseRoute(live);
  });
});

/**
 * fanoutStream: one call per incoming packet that keeps werift's books for every copy (the rows of
 * server/sfu/forwarding/CopyTable.ts) and then writes, encrypts and sends each copy. The books must
 * be werift's: dispatchRtp's continuity rule and offsets, updateRolloverCount's rollover counter,
 * the sender-report counters; the bytes must be werift's SRTP.
 */
describe.skipIf(!addon)('native stream fan-out, keeping werift\'s books per copy', () => {
  const native = addon!;
  const F = addon?.COPY_FIELDS ?? 0;
  const field = {
    route: 0, hasSequence: 1, pending: 2, step: 3, seqOffset: 4, timestampOffset: 5, sequenceNumber: 6, timestamp: 7,
    rolloverCounter: 8, rolloverLast: 9, rolloverProcessed: 10, ntpSeconds: 11, ntpFraction: 12, rtpTimestamp: 13,
    octetCount: 14, packetCount: 15, headerBytesSent: 16, wireBytes: 17, wirePackets: 18, sent: 19,
  };
  function tables(copies: number) {
    const table = new Float64Array(copies * F);
    for (let id = 0; id < copies; id++) table[id * F + field.step] = 1;
    const history = new Int32Array(copies * native.HISTORY_SIZE * native.HISTORY_INTS).fill(-1);
    const statuses = new Int32Array(copies);
    native.setCopyTables(table, history, statuses);
    handles.push(table, history, statuses);
    return { table, history, statuses, at: (id: number, f: number) => table[id * F + f] };
  }

  it("rewrites, counts and encrypts two viewers' copies as werift's sender would, a layer switch and a rollover included", async () => {
    const werift = new SrtpSession({
      keys: { localMasterKey: MASTER_KEY, localMasterSalt: MASTER_SALT, remoteMasterKey: Buffer.alloc(16), remoteMasterSalt: Buffer.alloc(14) },
      profile: ProtectionProfileAes128CmHmacSha1_80,
    });
    const { socket, port, wire, arrived } = await link(native);
    const keys = native.createSession(SESSION_KEYS.encryptionKey, SESSION_KEYS.salt, SESSION_KEYS.authKey);
    handles.push(keys);
    const t = tables(3);
    // Copy 0 starts fresh with the source's numbers; copy 1 already sent sequence 100 at timestamp 5000
    // from another layer and continues from there (werift's replaceRTP: the continuity flag is set).
    t.table[0 * F + field.route] = native.createRoute(keys, socket, LOOPBACK, port, 0x1234abcd, 96, MID_EXTENSION);
    t.table[1 * F + field.route] = native.createRoute(keys, socket, LOOPBACK, port, 0x0badcafe, 111, null);
    Object.assign(t.table, { [1 * F + field.hasSequence]: 1, [1 * F + field.sequenceNumber]: 100, [1 * F + field.timestamp]: 5000, [1 * F + field.pending]: 1 });
    // Copy 2 has no route: it is left alone and reported, for JavaScript to send.
    const copies = Int32Array.from([0, 1, 2]);
    const expected: Buffer[] = [];
    let octets = 0;
    for (let i = 0; i < 300; i++) {
      const sequenceNumber = (65_400 + i) & 0xffff;
      const timestamp = (4_294_900_000 + i * 3000) >>> 0;
      const payload = Buffer.alloc(100 + ((i * 37) % 1000), i & 0xff);
      octets += payload.length;
      const notSent = native.fanoutStream(copies, 3, payload, 0, i % 3 === 0 ? 1 : 0, sequenceNumber, timestamp, 3_900_000_000, 12345, 0, 777, i);
      expect(notSent).toBe(1);
      expect(Array.from(t.statuses.subarray(0, 3))).toEqual([ROW_STATUS.sent, ROW_STATUS.sent, ROW_STATUS.unarmed]);
      expected.push(werift.encrypt(payload, new RtpHeader({ payloadType: 96, sequenceNumber, timestamp, ssrc: 0x1234abcd, marker: i % 3 === 0, extensions: [{ id: 4, payload: Buffer.from('3') }] })));
      expected.push(
        werift.encrypt(payload, new RtpHeader({ payloadType: 111, sequenceNumber: 101 + i, timestamp: (5001 + i * 3000) >>> 0, ssrc: 0x0badcafe, marker: i % 3 === 0 })),
      );
      if (i % 25 === 24) await arrived(expected.length);
    }
    await arrived(expected.length);
    const asHex = (datagrams: Buffer[]) => datagrams.map((d) => d.toString('hex'));
    expect(asHex(wire).sort()).toEqual(asHex(expected).sort());
    // werift's books: copy 0 wrapped (rollover counter 1), copy 1 did not; counts for the sender reports.
    expect([t.at(0, field.rolloverCounter), t.at(1, field.rolloverCounter)]).toEqual([1, 0]);
    expect([t.at(0, field.packetCount), t.at(1, field.packetCount), t.at(2, field.packetCount)]).toEqual([300, 300, 0]);
    expect([t.at(0, field.octetCount), t.at(1, field.octetCount)]).toEqual([octets, octets]);
    expect([t.at(0, field.headerBytesSent), t.at(1, field.headerBytesSent)]).toEqual([300 * (12 + MID_EXTENSION.length), 300 * 12]);
    expect(t.at(1, field.sequenceNumber)).toBe(400);
    expect(t.at(1, field.rtpTimestamp)).toBe((5001 + 299 * 3000) >>> 0);
    expect([t.at(0, field.ntpSeconds), t.at(0, field.ntpFraction)]).toEqual([3_900_000_000, 12345]);
    expect([t.at(0, field.sent), t.at(1, field.sent), t.at(2, field.sent)]).toEqual([300, 300, 0]);
    // The history answers a NACK: copy 1's sequence 390 was source packet 289 of stream 777.
    const entry = (1 * native.HISTORY_SIZE + (390 & (native.HISTORY_SIZE - 1))) * native.HISTORY_INTS;
    expect(Array.from(t.history.subarray(entry, entry + 5))).toEqual([390, (5001 + 289 * 3000) | 0, 0, 777, 289]);
  });

  it('refuses copies that are not an Int32Array and counts beyond them', () => {
    tables(2);
    expect(() => native.fanoutStream(new Float64Array(2) as never, 1, Buffer.alloc(1), 0, 0, 1, 1, 0, 0, 0, 0, 0)).toThrow(TypeError);
    expect(() => native.fanoutStream(new Int32Array(2), 3, Buffer.alloc(1), 0, 0, 1, 1, 0, 0, 0, 0, 0)).toThrow(RangeError);
    expect(() => native.fanoutStream(new Int32Array(2), 1, Buffer.alloc(1), 0, 0, 70_000, 1, 0, 0, 0, 0, 0)).toThrow(RangeError);
    expect(() => native.setCopyTables(new Float64Array(F * 2), new Int32Array(1), new Int32Array(2))).toThrow(RangeError);
    // A copy id outside the table is reported, not followed.
    expect(native.fanoutStream(Int32Array.from([5]), 1, Buffer.alloc(1), 0, 0, 1, 1, 0, 0, 0, 0, 0)).toBe(1);
  });
});

describe.skipIf(!addon)('native SRTCP for the sender reports', () => {
  const native = addon!;

  it("encrypts and authenticates a compound RTCP packet as werift's SrtcpSession does, and sends it on the route", async () => {
    const keys = { localMasterKey: MASTER_KEY, localMasterSalt: MASTER_SALT, remoteMasterKey: Buffer.alloc(16), remoteMasterSalt: Buffer.alloc(14) };
    const werift = new SrtcpSession({ keys, profile: ProtectionProfileAes128CmHmacSha1_80 });
    const context = werift.localContext as unknown as { srtcpSessionKey: Buffer; srtcpSessionSalt: Buffer; srtcpSessionAuthTag: Buffer };
    const session = native.createSession(context.srtcpSessionKey, context.srtcpSessionSalt, context.srtcpSessionAuthTag);
    handles.push(session);
    const { socket, port, wire, arrived } = await link(native);
    const route = native.createRoute(native.createSession(SESSION_KEYS.encryptionKey, SESSION_KEYS.salt, SESSION_KEYS.authKey), socket, LOOPBACK, port, 1, 96, null);
    // An SR and an SDES (what SenderReports writes), sent twice: werift's index counts 1, 2.
    const compound = hex('80c80006 deadbeef e8b10b2a 00003039 000f4240 00000050 00013880' + '81ca0003 deadbeef 0103616263000000');
    for (const index of [1, 2]) expect(native.sendRtcp(route, session, compound, index)).toBe(ROW_STATUS.sent);
    await arrived(2);
    expect(wire.map((d) => d.toString('hex'))).toEqual([werift.encrypt(compound), werift.encrypt(compound)].map((d) => d.toString('hex')));
    expect(native.sendRtcp(route, session, hex('80c8'), 3)).toBe(ROW_STATUS.tooBig);
    expect(() => native.sendRtcp(route, session, compound, 2 ** 31)).toThrow(RangeError);
    native.releaseRoute(route);
    expect(native.sendRtcp(route, session, compound, 4)).toBe(ROW_STATUS.noRoute);
  });
});
