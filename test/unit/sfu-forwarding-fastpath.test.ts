/**
 * The forwarding fast path (server/sfu/forwarding/FastRtpSender) must put on the wire exactly what
 * werift's own RTCRtpSender.sendRtp would: the same header (SSRC, sequence number, timestamp,
 * marker, payload type, mid extension), the same SRTP bytes, the same sequence and timestamp
 * continuity across a layer switch, and the same counters in werift's sender reports. Here one
 * werift sender sends through werift and a twin sender (same SSRC, keys and negotiated parameters)
 * through the fast path, over a real UDP socket, and the datagrams are compared byte for byte. Both
 * fast paths are held to it: the JavaScript one and, where it is built, the native fan-out
 * (FanoutBatch and native/srtp_fanout.c).
 */
import dgram from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ProtectionProfileAeadAes128Gcm,
  ProtectionProfileAes128CmHmacSha1_80,
  RTCRtpCodecParameters,
  RTCRtpSender,
  RTP_EXTENSION_URI,
  RtpHeader,
  RtcpPacketConverter,
  RtcpSrPacket,
  RtpPacket,
  SrtpSession,
  type RtcpPacket,
  UdpTransport,
} from 'werift';
import { FastRtpSender } from '@/server/sfu/forwarding/FastRtpSender';
import { ForwardingCounters } from '@/server/sfu/forwarding/ForwardingCounters';
import { nativeFanout } from '@/server/sfu/forwarding/nativeAddon';

const LOOPBACK = '127.0.0.1';
const SSRC = 0x0badcafe;
const keys = {
  localMasterKey: Buffer.from('E1F97A0D3E018BE0D64FA32C06DE4139', 'hex'),
  localMasterSalt: Buffer.from('0EC675AD498AFEEBB6960B3AABE6', 'hex'),
  remoteMasterKey: Buffer.from('00112233445566778899AABBCCDDEEFF', 'hex'),
  remoteMasterSalt: Buffer.from('FFEEDDCCBBAA9988776655443322', 'hex'),
};

interface Twin {
  sender: RTCRtpSender;
  /** What left through this sender, in order. */
  wire: Buffer[];
  /** The RTCP compound packets sent on its transport. */
  rtcp: RtcpPacket[][];
  close(): Promise<void>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A sender as the subscribe connection negotiates it: VP8 96 with mid "3", werift's patched send path. */
async function twin(
  profile: typeof ProtectionProfileAes128CmHmacSha1_80 | typeof ProtectionProfileAeadAes128Gcm = ProtectionProfileAes128CmHmacSha1_80,
): Promise<Twin> {
  const wire: Buffer[] = [];
  const rtcp: RtcpPacket[][] = [];
  // Room for the whole script in the socket's buffer: 80 datagrams arrive before the test reads any.
  const receiver = dgram.createSocket({ type: 'udp4', recvBufferSize: 4 << 20 });
  receiver.on('message', (data) => wire.push(data));
  await new Promise<void>((resolve) => receiver.bind(0, LOOPBACK, resolve));
  const transport = await UdpTransport.init('udp4', { interfaceAddresses: { udp4: LOOPBACK } });
  const remoteAddr: [string, number] = [LOOPBACK, receiver.address().port];
  const pair = { remoteAddr, protocol: { type: 'stun', transport }, packetsSent: 0, bytesSent: 0 };
  const srtp = new SrtpSession({ keys, profile });
  const dtlsTransport = {
    state: 'connected',
    srtp,
    bytesSent: 0,
    packetsSent: 0,
    iceTransport: { connection: { nominated: pair, canSendApplicationData: () => true } },
    // werift's own send path (RTCDtlsTransport.sendRtpNow, patched): encrypt and send on the pair.
    sendRtpNow(payload: Buffer, header: RtpHeader) {
      const enc = srtp.encrypt(payload, header);
      transport.socket.send(enc, remoteAddr[1], remoteAddr[0]);
      return enc.length;
    },
    sendRtcp: async (packets: RtcpPacket[]) => void rtcp.push(RtcpPacketConverter.deSerialize(Buffer.concat(packets.map((p) => p.serialize())))),
  };
  const sender = new RTCRtpSender('video');
  Object.assign(sender, {
    ssrc: SSRC,
    mid: '3',
    codec: new RTCRtpCodecParameters({ mimeType: 'video/VP8', clockRate: 90_000, payloadType: 96 }),
    headerExtensions: [{ id: 4, uri: RTP_EXTENSION_URI.sdesMid }],
    dtlsTransport,
  });
  const close = async () => {
    sender.stop();
    await transport.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  };
  cleanups.push(close);
  return { sender, wire, rtcp, close };
}

/** A packet as the room hands it on: parsed once, header extensions cleared by the Publisher. */
function incoming(ssrc: number, sequenceNumber: number, timestamp: number, size: number, marker = false): RtpPacket {
  const payload = Buffer.alloc(size);
  for (let i = 0; i < size; i++) payload[i] = (i * 31 + sequenceNumber) & 0xff;
  return new RtpPacket(new RtpHeader({ payloadType: 100, sequenceNumber, timestamp, ssrc, marker, extension: true }), payload);
}

/** The same script through werift's sender and through the fast path, layer switch included. */
async function sendBoth(reference: RTCRtpSender, sink: FastRtpSender): Promise<void> {
  for (const { packet, sourceChange } of layerSwitchScript()) {
    if (sourceChange) {
      reference.replaceRTP(packet.header);
      sink.markSourceChange(packet);
    }
    await reference.sendRtp(packet);
    sink.send(packet);
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

/** Waits (at most 5 s) until `wire` holds `count` datagrams: a busy machine delivers queued sends late. */
async function received(wire: Buffer[], count: number): Promise<void> {
  for (let waited = 0; wire.length < count && waited < 5000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** The sequence the room produces for a viewer: layer q, then a switch to layer h on its keyframe. */
function layerSwitchScript(): { packet: RtpPacket; sourceChange: boolean }[] {
  const script: { packet: RtpPacket; sourceChange: boolean }[] = [];
  for (let i = 0; i < 40; i++) script.push({ packet: incoming(111, 65_520 + i, 4_294_960_000 + i * 3000, 200 + ((i * 37) % 900), i % 4 === 3), sourceChange: i === 0 });
  for (let i = 0; i < 40; i++) script.push({ packet: incoming(222, 9000 + i, 123_456 + i * 3000, 1100 - i * 7, i % 5 === 4), sourceChange: i === 0 });
  return script;
}

const nativeBuilt = nativeFanout().addon !== null;

/** A twin whose fast sender (native or not) sent the first ten packets of the layer-switch script. */
async function sentTen(useNative: boolean) {
  const fast = await twin();
  const counters = new ForwardingCounters();
  const sink = FastRtpSender.for(fast.sender, counters, useNative);
  await settle();
  const script = layerSwitchScript().slice(0, 10);
  for (const { packet, sourceChange } of script) {
    if (sourceChange) sink.markSourceChange(packet);
    sink.send(packet);
  }
  await settle();
  return { fast, counters, script };
}

describe.each([
  { path: 'JavaScript', useNative: false, skip: false },
  { path: 'native fan-out', useNative: true, skip: !nativeBuilt },
])('FastRtpSender on the $path path', ({ useNative, skip }) => {
  if (skip) return it.skip('needs the native fan-out (npm run build:native)');

  it("puts werift's bytes on the wire, sequence and timestamp continuous across a layer switch and a sequence wrap", async () => {
    const reference = await twin();
    const fast = await twin();
    const counters = new ForwardingCounters();
    const sink = FastRtpSender.for(fast.sender, counters, useNative);
    await sendBoth(reference.sender, sink);
    await Promise.all([received(fast.wire, 80), received(reference.wire, 80)]);
    expect(counters).toMatchObject({ fastPackets: 80, nativePackets: useNative ? 80 : 0, weriftPackets: 0, droppedPackets: 0, refusedPackets: 0 });
    expect(fast.wire.length).toBe(80);
    expect(reference.wire.length).toBe(80);
    for (let i = 0; i < 80; i++) expect(fast.wire[i].toString('hex'), `datagram ${i}`).toBe(reference.wire[i].toString('hex'));
    // Decrypted, the viewer sees one continuous stream: +1 per packet, the switch included.
    const viewer = new SrtpSession({
      keys: { localMasterKey: keys.remoteMasterKey, localMasterSalt: keys.remoteMasterSalt, remoteMasterKey: keys.localMasterKey, remoteMasterSalt: keys.localMasterSalt },
      profile: ProtectionProfileAes128CmHmacSha1_80,
    });
    const sequence = fast.wire.map((datagram) => RtpPacket.deSerialize(viewer.decrypt(datagram)).header.sequenceNumber);
    for (let i = 1; i < sequence.length; i++) expect(sequence[i]).toBe((sequence[i - 1] + 1) & 0xffff);
  });

  it("lets werift's own sender send any packet in between, each path continuing the other's numbering and rollover counter", async () => {
    const reference = await twin();
    const fast = await twin();
    const counters = new ForwardingCounters();
    const sink = FastRtpSender.for(fast.sender, counters, useNative);
    for (const [i, { packet, sourceChange }] of layerSwitchScript().entries()) {
      if (sourceChange) {
        reference.sender.replaceRTP(packet.header);
        sink.markSourceChange(packet);
      }
      await reference.sender.sendRtp(packet);
      // Every ninth packet goes through werift's RTCRtpSender.sendRtp, as when the fast path hands one over.
      if (i % 9 === 4) await fast.sender.sendRtp(packet);
      else sink.send(packet);
    }
    await Promise.all([received(fast.wire, 80), received(reference.wire, 80)]);
    expect(counters).toMatchObject({ fastPackets: 71, nativePackets: useNative ? 71 : 0, weriftPackets: 0 });
    expect(fast.wire.length).toBe(80);
    for (let i = 0; i < 80; i++) expect(fast.wire[i].toString('hex'), `datagram ${i}`).toBe(reference.wire[i].toString('hex'));
  });

  it("keeps werift's sender-report counters: packets, payload octets and the last RTP timestamp", async () => {
    const reference = await twin();
    const fast = await twin();
    const sink = FastRtpSender.for(fast.sender, new ForwardingCounters(), useNative);
    await settle();
    await sendBoth(reference.sender, sink);
    const report = (sender: RTCRtpSender) => {
      const s = sender as unknown as { packetCount: number; octetCount: number; rtpTimestamp: number; headerBytesSent: number };
      return { packetCount: s.packetCount, octetCount: s.octetCount, rtpTimestamp: s.rtpTimestamp, headerBytesSent: s.headerBytesSent };
    };
    expect(report(fast.sender)).toEqual(report(reference.sender));
    expect(report(fast.sender).packetCount).toBe(80);
    // The NTP time of the last packet, which the sender report pairs with its RTP timestamp.
    expect((fast.sender as unknown as { ntpTimestamp: bigint }).ntpTimestamp).toBeGreaterThan(0n);
    // And the sender report that goes out (SenderReports, within 1.5 s) carries them.
    for (let waited = 0; fast.rtcp.length === 0 && waited < 3000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    const sr = fast.rtcp[0]?.find((packet): packet is RtcpSrPacket => packet instanceof RtcpSrPacket);
    expect(sr?.ssrc).toBe(SSRC);
    expect(sr?.senderInfo).toMatchObject({ packetCount: 80, octetCount: report(reference.sender).octetCount, rtpTimestamp: report(reference.sender).rtpTimestamp });
  });

  it('resends a packet a viewer reports lost with the bytes it first sent', async () => {
    const { fast, counters } = await sentTen(useNative);
    const lostSequence = fast.wire[6].readUInt16BE(2);
    fast.sender.onGenericNack.execute({ lost: [lostSequence, (lostSequence + 500) & 0xffff] } as never);
    await settle();
    expect(counters.retransmittedPackets).toBe(1);
    expect(fast.wire.length).toBe(11);
    expect(fast.wire[10].equals(fast.wire[6])).toBe(true);
  });

  it("hands packets to werift's sender, and counts them, when the session negotiated AES-GCM", async () => {
    const fast = await twin(ProtectionProfileAeadAes128Gcm);
    const counters = new ForwardingCounters();
    const sink = FastRtpSender.for(fast.sender, counters, useNative);
    await settle();
    for (const { packet } of layerSwitchScript().slice(0, 5)) sink.send(packet);
    await settle();
    expect(counters).toMatchObject({ fastPackets: 0, weriftPackets: 5 });
    expect(fast.wire.length).toBe(5);
  });

  it('drops packets, as werift does, until DTLS is connected', async () => {
    const fast = await twin();
    (fast.sender as unknown as { dtlsTransport: { state: string } }).dtlsTransport.state = 'connecting';
    const counters = new ForwardingCounters();
    const sink = FastRtpSender.for(fast.sender, counters, useNative);
    sink.send(layerSwitchScript()[0].packet);
    expect(counters).toMatchObject({ fastPackets: 0, weriftPackets: 0, droppedPackets: 1 });
  });
});

// The native path's stream fan-out keeps a ring of what it sent, for answering NACKs.
describe.skipIf(!nativeBuilt)('FastRtpSender on the native fan-out path, resending', () => {
  it('keeps the bytes of what it sent for resending, not the packet objects (they would live for seconds and fill the old generation)', async () => {
    const { fast, counters, script } = await sentTen(true);
    // The source packets change after they were forwarded (as a reused buffer would): the resend must not.
    for (const { packet } of script) {
      packet.payload.fill(0xee);
      packet.header.marker = !packet.header.marker;
    }
    const lostSequence = fast.wire[6].readUInt16BE(2);
    fast.sender.onGenericNack.execute({ lost: [lostSequence] } as never);
    await settle();
    expect(counters.retransmittedPackets).toBe(1);
    expect(fast.wire[10].equals(fast.wire[6])).toBe(true);
  });
});
