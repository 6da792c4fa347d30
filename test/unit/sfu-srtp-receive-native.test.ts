/**
 * Incoming SRTP decrypted natively (native/srtp_fanout.c `unprotectRtp`, installed by
 * server/sfu/forwarding/NativeSrtpReceiver.ts in place of werift's SrtpSession.decrypt): held to
 * RFC 3711's vectors (appendix B.2's keystream, libsrtp's known-answer packet with B.3's keys) and
 * to werift's own decryption byte for byte, across a sequence wrap, reordering and a rollover; a bad
 * tag, a replay, impossible padding or a malformed header are refused and change nothing.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ProtectionProfileAes128CmHmacSha1_80, RtpHeader, SrtpAuthenticationError, SrtpSession } from 'werift';
import { ForwardingCounters } from '@/server/sfu/forwarding/ForwardingCounters';
import { nativeFanout } from '@/server/sfu/forwarding/nativeAddon';
import { NativeSrtpReceiver } from '@/server/sfu/forwarding/NativeSrtpReceiver';
import { SrtpAesCmProtector } from '@/server/sfu/forwarding/SrtpAesCmProtector';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
/** RFC 3711 appendix B.3's master key and salt (libsrtp's test key). */
const MASTER_KEY = hex('E1F97A0D3E018BE0D64FA32C06DE4139');
const MASTER_SALT = hex('0EC675AD498AFEEBB6960B3AABE6');
const SESSION_KEYS = SrtpAesCmProtector.deriveSessionKeys(MASTER_KEY, MASTER_SALT);
const REFUSED = { malformed: -1, authentication: -2, replayed: -3 };

const { addon } = nativeFanout();

/** werift's SRTP session with the B.3 keys on the side `side`. */
function weriftSession(side: 'local' | 'remote'): SrtpSession {
  const zeroKey = Buffer.alloc(16);
  const zeroSalt = Buffer.alloc(14);
  return new SrtpSession({
    keys:
      side === 'local'
        ? { localMasterKey: MASTER_KEY, localMasterSalt: MASTER_SALT, remoteMasterKey: zeroKey, remoteMasterSalt: zeroSalt }
        : { localMasterKey: zeroKey, localMasterSalt: zeroSalt, remoteMasterKey: MASTER_KEY, remoteMasterSalt: MASTER_SALT },
    profile: ProtectionProfileAes128CmHmacSha1_80,
  });
}

/** An SRTP packet with the given ciphertext and a tag computed here (RFC 3711 4.2, HMAC-SHA1-80 over header, ciphertext, ROC). */
function withTag(authKey: Uint8Array, header: Buffer, cipherText: Buffer, rolloverCounter: number): Buffer {
  const roc = Buffer.alloc(4);
  roc.writeUInt32BE(rolloverCounter);
  const tag = createHmac('sha1', authKey).update(header).update(cipherText).update(roc).digest().subarray(0, 10);
  return Buffer.concat([header, cipherText, tag]);
}

function header(sequenceNumber: number, ssrc: number, first = 0x80): Buffer {
  const out = Buffer.alloc(12);
  out[0] = first;
  out[1] = 96;
  out.writeUInt16BE(sequenceNumber, 2);
  out.writeUInt32BE(90_000, 4);
  out.writeUInt32BE(ssrc >>> 0, 8);
  return out;
}

describe.skipIf(!addon)('native SRTP decryption of incoming packets', () => {
  const native = addon!;
  const receiver = (keys = SESSION_KEYS) => native.createReceiver(keys.encryptionKey, keys.salt, keys.authKey);

  it("decrypts libsrtp's known-answer packet (RFC 3711 B.3 keys, SSRC cafebabe, sequence 0x1234) in place", () => {
    const packet = hex('800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb');
    const length = native.unprotectRtp(receiver(), packet);
    expect(length).toBe(28);
    expect(packet.subarray(0, length).toString('hex')).toBe('800f1234decafbadcafebabe' + 'ab'.repeat(16));
  });

  it("turns a zero ciphertext into RFC 3711 B.2's AES-CM keystream (SSRC 0, index 0)", () => {
    // B.2: session key 2B7E1516..., session salt F0F1...FD; the keystream from counter F0F1...FD0000.
    const keys = { encryptionKey: hex('2B7E151628AED2A6ABF7158809CF4F3C'), salt: hex('F0F1F2F3F4F5F6F7F8F9FAFBFCFD'), authKey: Buffer.alloc(20, 7) };
    const packet = withTag(keys.authKey, header(0, 0), Buffer.alloc(48), 0);
    const length = native.unprotectRtp(receiver(keys), packet);
    expect(length).toBe(60);
    expect(packet.subarray(12, 60).toString('hex').toUpperCase()).toBe(
      'E03EAD0935C95E80E166B16DD92B4EB4' + 'D23513162B02D0F72A43A2FE4A5F97AB' + '41E95B3BB0A2E8DD477901E4FCA894C0',
    );
  });

  it('decrypts what werift encrypts as werift decrypts it: 1500 packets of every size, extensions and padding, reordered around a sequence wrap', () => {
    const sender = weriftSession('local');
    const weriftReceiver = weriftSession('remote');
    const handle = receiver();
    const datagrams: Buffer[] = [];
    for (let i = 0; i < 1500; i++) {
      const sequenceNumber = (64_900 + i) & 0xffff;
      const payload = Buffer.alloc((i * 13) % 1300);
      for (let at = 0; at < payload.length; at++) payload[at] = (i * 7 + at * 31) & 0xff;
      const extensions = i % 3 === 0 ? [{ id: 4, payload: Buffer.from('3') }] : [];
      const padding = i % 11 === 0 ? (i % 5) + 1 : 0;
      const rtpHeader = new RtpHeader({ payloadType: 96, sequenceNumber, timestamp: i * 3000, ssrc: i % 4 === 0 ? 0xa0d10 : 0x1234abcd, marker: i % 7 === 0, extensions });
      if (padding) {
        rtpHeader.padding = true;
        rtpHeader.paddingSize = padding;
      }
      const padded = padding ? Buffer.concat([payload, Buffer.alloc(padding - 1), Buffer.from([padding])]) : payload;
      datagrams.push(sender.encrypt(padded, rtpHeader));
    }
    // Neighbours swapped every 10 packets, the wrap (sequence 65535 -> 0) among them.
    for (let i = 0; i + 1 < datagrams.length; i += 10) [datagrams[i], datagrams[i + 1]] = [datagrams[i + 1], datagrams[i]];
    for (const datagram of datagrams) {
      const expected = weriftReceiver.decrypt(Buffer.from(datagram));
      const packet = Buffer.from(datagram);
      const length = native.unprotectRtp(handle, packet);
      expect(length).toBe(expected.length);
      expect(packet.subarray(0, length).equals(expected)).toBe(true);
    }
  });

  it('refuses a replayed packet and one from before the 1024-packet window, and takes a late one within it once', () => {
    const sender = weriftSession('local');
    const handle = receiver();
    const packets = Array.from({ length: 1100 }, (_, i) => sender.encrypt(Buffer.alloc(20, i), new RtpHeader({ sequenceNumber: 100 + i, ssrc: 5, payloadType: 96 })));
    expect(native.unprotectRtp(handle, Buffer.from(packets[0]))).toBe(32);
    expect(native.unprotectRtp(handle, Buffer.from(packets[0]))).toBe(REFUSED.replayed);
    for (let i = 2; i < 1100; i++) if (i !== 1050) expect(native.unprotectRtp(handle, Buffer.from(packets[i]))).toBe(32);
    // Packet 1 never came and is now 1098 behind the highest: too old. Packet 1050, 49 behind, comes late: taken once.
    expect(native.unprotectRtp(handle, Buffer.from(packets[1]))).toBe(REFUSED.replayed);
    expect(native.unprotectRtp(handle, Buffer.from(packets[1050]))).toBe(32);
    expect(native.unprotectRtp(handle, Buffer.from(packets[1050]))).toBe(REFUSED.replayed);
    expect(native.unprotectRtp(handle, Buffer.from(packets[1099]))).toBe(REFUSED.replayed);
    // Another SSRC on the same session has its own window.
    const other = weriftSession('local').encrypt(Buffer.alloc(20, 9), new RtpHeader({ sequenceNumber: 100, ssrc: 6, payloadType: 96 }));
    expect(native.unprotectRtp(handle, Buffer.from(other))).toBe(32);
  });

  it('refuses a bad tag, impossible padding and malformed headers, and its state stays as it was', () => {
    const sender = weriftSession('local');
    const handle = receiver();
    const first = sender.encrypt(Buffer.alloc(100, 1), new RtpHeader({ sequenceNumber: 65_530, ssrc: 9, payloadType: 96 }));
    expect(native.unprotectRtp(handle, Buffer.from(first))).toBe(112);
    // Across the wrap: werift's estimate moves the rollover counter to 1 for sequence 3.
    const next = sender.encrypt(Buffer.alloc(100, 2), new RtpHeader({ sequenceNumber: 3, ssrc: 9, payloadType: 96 }));
    const tampered = Buffer.from(next);
    tampered[40] ^= 1;
    expect(native.unprotectRtp(handle, tampered)).toBe(REFUSED.authentication);
    // A packet with the padding bit set whose last byte (after decryption) is 0: its ciphertext is the keystream.
    const protector = new SrtpAesCmProtector(SESSION_KEYS);
    const keystream = protector.keystream(9, 0, 65_531, 8);
    const zeroPadded = withTag(SESSION_KEYS.authKey, header(65_531, 9, 0xa0), Buffer.from(keystream.subarray(0, 8)), 0);
    expect(native.unprotectRtp(handle, zeroPadded)).toBe(REFUSED.authentication);
    expect(native.unprotectRtp(handle, Buffer.alloc(21, 0x80))).toBe(REFUSED.malformed);
    const overrun = Buffer.from(first);
    overrun[0] |= 0x10; // an extension whose length runs past the packet
    overrun.writeUInt16BE(0xffff, 14);
    expect(native.unprotectRtp(handle, overrun)).toBe(REFUSED.malformed);
    // None of it moved the rollover counter or the replay window: the genuine packet decrypts.
    const length = native.unprotectRtp(handle, Buffer.from(next));
    expect(length).toBe(112);
    expect(() => native.unprotectRtp(handle, 'not a packet' as unknown as Buffer)).toThrow(TypeError);
    expect(() => native.unprotectRtp({} as never, Buffer.from(next))).toThrow(TypeError);
    expect(() => native.createReceiver(Buffer.alloc(15), SESSION_KEYS.salt, SESSION_KEYS.authKey)).toThrow(RangeError);
  });

  it("takes werift's rollover state over when it takes a session over mid-stream", () => {
    const sender = weriftSession('local');
    const weriftReceiver = weriftSession('remote');
    const packets = [65_534, 65_535, 0, 1].map((sequenceNumber) => sender.encrypt(Buffer.alloc(30, sequenceNumber & 0xff), new RtpHeader({ sequenceNumber, ssrc: 77, payloadType: 96 })));
    weriftReceiver.decrypt(Buffer.from(packets[0]));
    weriftReceiver.decrypt(Buffer.from(packets[1]));
    weriftReceiver.decrypt(Buffer.from(packets[2]));
    const counters = new ForwardingCounters();
    const dtls = { srtp: weriftReceiver as unknown as Parameters<typeof NativeSrtpReceiver.install>[1]['srtp'] };
    expect(NativeSrtpReceiver.install(native, dtls, counters)).toBe(true);
    // Sequence 1 after 0 is in rollover 1: only right if werift's state came over.
    const decrypted = weriftReceiver.decrypt(Buffer.from(packets[3]));
    expect(decrypted.subarray(12).equals(Buffer.alloc(30, 1))).toBe(true);
    expect(counters.nativeDecryptedPackets).toBe(1);
    expect(() => weriftReceiver.decrypt(Buffer.from(packets[3]))).toThrow(SrtpAuthenticationError);
    expect(counters.refusedIncomingPackets).toBe(1);
  });
});
