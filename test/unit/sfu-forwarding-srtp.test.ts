/**
 * The forwarding fast path encrypts with its own SRTP code (server/sfu/forwarding/SrtpAesCmProtector).
 * These tests hold it to the published test vectors (RFC 3711 appendix B, libsrtp's known-answer
 * packet) and to werift's own implementation byte for byte, so the browser can decrypt what it sends.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ProtectionProfileAes128CmHmacSha1_80, RtpHeader, RtpPacket, SrtpSession } from 'werift';
import { SHA1_INITIAL_STATE, sha1Compress } from '@/server/sfu/forwarding/sha1';
import { SRTP_AUTH_TAG_BYTES, SRTP_HEADROOM_BYTES, SrtpAesCmProtector } from '@/server/sfu/forwarding/SrtpAesCmProtector';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

/** RFC 3711 appendix B.3 (and libsrtp's test key). */
const MASTER_KEY = hex('E1F97A0D3E018BE0D64FA32C06DE4139');
const MASTER_SALT = hex('0EC675AD498AFEEBB6960B3AABE6');

/** A buffer with the headroom the protector needs, the packet copied in after it. */
function withHeadroom(packet: Uint8Array, extra = SRTP_AUTH_TAG_BYTES): Buffer {
  const buf = Buffer.alloc(SRTP_HEADROOM_BYTES + packet.length + extra);
  buf.set(packet, SRTP_HEADROOM_BYTES);
  return buf;
}

/** Protects a plain RTP packet (12-byte header, no extensions) in place; returns the SRTP bytes. */
function protect(protector: SrtpAesCmProtector, rtp: Uint8Array, headerLength: number, rolloverCounter = 0): Buffer {
  const buf = withHeadroom(rtp);
  const at = SRTP_HEADROOM_BYTES;
  const length = protector.protect(buf, at, headerLength, buf.subarray(at + headerLength, at + rtp.length), rtp.length - headerLength, rolloverCounter);
  return buf.subarray(at, at + length);
}

describe('SrtpAesCmProtector, against the published vectors', () => {
  it('derives the session keys of RFC 3711 appendix B.3', () => {
    const keys = SrtpAesCmProtector.deriveSessionKeys(MASTER_KEY, MASTER_SALT);
    expect(Buffer.from(keys.encryptionKey).toString('hex').toUpperCase()).toBe('C61E7A93744F39EE10734AFE3FF7A087');
    expect(Buffer.from(keys.salt).toString('hex').toUpperCase()).toBe('30CBBC08863D8C85D49DB34A9AE1');
    expect(Buffer.from(keys.authKey).toString('hex').toUpperCase()).toBe('CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4');
  });

  it('produces the AES-CM keystream of RFC 3711 appendix B.2, first and last blocks of the 65282-block segment', () => {
    // B.2 gives the salt already shifted: F0F1...FCFD with SSRC 0 and index 0.
    const protector = new SrtpAesCmProtector({ encryptionKey: hex('2B7E151628AED2A6ABF7158809CF4F3C'), salt: hex('F0F1F2F3F4F5F6F7F8F9FAFBFCFD'), authKey: Buffer.alloc(20) });
    const keystream = protector.keystream(0, 0, 0, 1044512);
    expect(keystream.length).toBe(1044512);
    expect(keystream.subarray(0, 48).toString('hex').toUpperCase()).toBe(
      'E03EAD0935C95E80E166B16DD92B4EB4' + 'D23513162B02D0F72A43A2FE4A5F97AB' + '41E95B3BB0A2E8DD477901E4FCA894C0',
    );
    expect(keystream.subarray(keystream.length - 48).toString('hex').toUpperCase()).toBe(
      'EC8CDF7398607CB0F2D21675EA9EA1E4' + '362B7C3C6773516318A077D7FC5073AE' + '6A2CC3787889374FBEB4C81B17BA6C44',
    );
  });

  it("encrypts libsrtp's known-answer packet (srtp_validate: SSRC cafebabe, sequence 0x1234) to the published bytes", () => {
    const protector = new SrtpAesCmProtector(SrtpAesCmProtector.deriveSessionKeys(MASTER_KEY, MASTER_SALT));
    const plaintext = hex('800f1234decafbadcafebabe' + 'ab'.repeat(16));
    expect(protect(protector, plaintext, 12).toString('hex')).toBe(
      '800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb',
    );
  });

  it('checks and decrypts that packet back, and refuses it with one bit flipped', () => {
    const protector = new SrtpAesCmProtector(SrtpAesCmProtector.deriveSessionKeys(MASTER_KEY, MASTER_SALT));
    const srtp = hex('800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb');
    const buf = withHeadroom(srtp, 0);
    const length = protector.unprotect(buf, SRTP_HEADROOM_BYTES, srtp.length, 12, 0);
    expect(buf.subarray(SRTP_HEADROOM_BYTES, SRTP_HEADROOM_BYTES + length).toString('hex')).toBe('800f1234decafbadcafebabe' + 'ab'.repeat(16));
    const tampered = Buffer.from(srtp);
    tampered[20] ^= 0x01;
    expect(protector.unprotect(withHeadroom(tampered, 0), SRTP_HEADROOM_BYTES, tampered.length, 12, 0)).toBe(-1);
  });

  it('computes SHA-1 as RFC 3174 does ("abc" in one block)', () => {
    const block = new Int32Array(16);
    block[0] = 0x61626380;
    block[15] = 24;
    const state = Int32Array.from(SHA1_INITIAL_STATE);
    sha1Compress(state, block);
    const digest = Buffer.alloc(20);
    state.forEach((word, i) => digest.writeInt32BE(word, i * 4));
    expect(digest.toString('hex')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
  });
});

describe('SrtpAesCmProtector, against werift', () => {
  const keys = {
    localMasterKey: MASTER_KEY,
    localMasterSalt: MASTER_SALT,
    remoteMasterKey: hex('00112233445566778899AABBCCDDEEFF'),
    remoteMasterSalt: hex('FFEEDDCCBBAA9988776655443322'),
  };

  it("uses the session keys werift derives from the DTLS keying material", () => {
    const session = new SrtpSession({ keys, profile: ProtectionProfileAes128CmHmacSha1_80 });
    const context = session.localContext as unknown as { srtpSessionKey: Buffer; srtpSessionSalt: Buffer; srtpSessionAuthTag: Buffer };
    const ours = SrtpAesCmProtector.deriveSessionKeys(MASTER_KEY, MASTER_SALT);
    expect(Buffer.from(ours.encryptionKey).equals(context.srtpSessionKey)).toBe(true);
    expect(Buffer.from(ours.salt).equals(context.srtpSessionSalt)).toBe(true);
    expect(Buffer.from(ours.authKey).equals(context.srtpSessionAuthTag)).toBe(true);
  });

  it('writes the bytes werift writes, for 3000 packets of every size across a sequence-number wrap, with a header extension', () => {
    const session = new SrtpSession({ keys, profile: ProtectionProfileAes128CmHmacSha1_80 });
    const protector = new SrtpAesCmProtector(SrtpAesCmProtector.deriveSessionKeys(MASTER_KEY, MASTER_SALT));
    let rolloverCounter = 0;
    for (let i = 0; i < 3000; i++) {
      const sequenceNumber = (64000 + i) & 0xffff;
      if (sequenceNumber === 0) rolloverCounter++;
      const header = new RtpHeader({
        payloadType: 96,
        sequenceNumber,
        timestamp: (i * 3000) >>> 0,
        ssrc: 0x1234abcd,
        marker: i % 5 === 0,
        extensions: i % 2 === 0 ? [{ id: 1, payload: Buffer.from(String(i % 10)) }] : [],
      });
      const payload = randomBytes(i % 1400);
      const expected = session.encrypt(payload, header);
      const rtp = new RtpPacket(header, payload).serialize();
      expect(protect(protector, rtp, header.serializeSize, rolloverCounter).equals(expected), `packet ${i}`).toBe(true);
    }
  });

  it('is decrypted by werift', () => {
    const receiver = new SrtpSession({
      keys: { localMasterKey: keys.remoteMasterKey, localMasterSalt: keys.remoteMasterSalt, remoteMasterKey: MASTER_KEY, remoteMasterSalt: MASTER_SALT },
      profile: ProtectionProfileAes128CmHmacSha1_80,
    });
    const protector = new SrtpAesCmProtector(SrtpAesCmProtector.deriveSessionKeys(MASTER_KEY, MASTER_SALT));
    for (let sequenceNumber = 1; sequenceNumber < 50; sequenceNumber++) {
      const payload = randomBytes(sequenceNumber * 23);
      const rtp = new RtpPacket(new RtpHeader({ payloadType: 111, sequenceNumber, timestamp: sequenceNumber * 960, ssrc: 7 }), payload).serialize();
      const packet = RtpPacket.deSerialize(receiver.decrypt(protect(protector, rtp, 12)));
      expect(packet.payload.equals(payload)).toBe(true);
    }
  });
});
