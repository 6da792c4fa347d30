/**
 * The werift patch (patches/werift+0.25.2.patch) replaces werift's per-packet AES-CM SRTP code
 * with a faster one and prefers that profile. These tests hold the patched code to RFC 3711,
 * computed here independently with node:crypto's AES-CTR and HMAC-SHA1, so a patch that
 * produced wrong bytes fails here before a browser notices. Unpatched werift produces the same
 * bytes (that is the point), so the first block checks that the patched code is what runs.
 */
import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ProtectionProfileAeadAes128Gcm,
  ProtectionProfileAes128CmHmacSha1_80,
  RTCPeerConnection,
  RtpHeader,
  RtpPacket,
  SrtpSession,
} from 'werift';

const AUTH_TAG_BYTES = 10;

/** A fixed key set, so a failure reproduces. */
const keys = {
  localMasterKey: Buffer.from('E1F97A0D3E018BE0D64FA32C06DE4139', 'hex'),
  localMasterSalt: Buffer.from('0EC675AD498AFEEBB6960B3AABE6', 'hex'),
  remoteMasterKey: Buffer.from('00112233445566778899AABBCCDDEEFF', 'hex'),
  remoteMasterSalt: Buffer.from('FFEEDDCCBBAA99887766554433221100'.slice(0, 28), 'hex'),
};
const mirrored = {
  localMasterKey: keys.remoteMasterKey,
  localMasterSalt: keys.remoteMasterSalt,
  remoteMasterKey: keys.localMasterKey,
  remoteMasterSalt: keys.localMasterSalt,
};

/** RFC 3711 4.3.1 key derivation with key_derivation_rate 0: AES-CM keystream of (label << 48) ^ master salt. */
function deriveSessionKey(label: number, bytes: number): Buffer {
  const x = Buffer.concat([keys.localMasterSalt, Buffer.alloc(2)]);
  x[7] ^= label;
  return createCipheriv('aes-128-ctr', keys.localMasterKey, x).update(Buffer.alloc(bytes));
}
const sessionKey = deriveSessionKey(0x00, 16);
const sessionAuthKey = deriveSessionKey(0x01, 20);
const sessionSalt = deriveSessionKey(0x02, 14);

/** RFC 3711 4.1.1 and 4.2: AES-CM with IV = salt<<16 ^ SSRC<<64 ^ index<<16, then HMAC-SHA1-80 over packet || ROC. */
function referenceSrtp(header: RtpHeader, payload: Buffer, rolloverCounter: number): Buffer {
  const iv = Buffer.alloc(16);
  iv.writeUInt32BE(header.ssrc, 4);
  iv.writeUInt32BE(rolloverCounter, 8);
  iv.writeUInt16BE(header.sequenceNumber, 12);
  for (let i = 0; i < 14; i++) iv[i] ^= sessionSalt[i];
  const encrypted = createCipheriv('aes-128-ctr', sessionKey, iv).update(payload);
  const headerBytes = header.serialize(header.serializeSize);
  const roc = Buffer.alloc(4);
  roc.writeUInt32BE(rolloverCounter);
  const tag = createHmac('sha1', sessionAuthKey).update(headerBytes).update(encrypted).update(roc).digest();
  return Buffer.concat([headerBytes, encrypted, tag.subarray(0, AUTH_TAG_BYTES)]);
}

function header(sequenceNumber: number, withExtensions: boolean): RtpHeader {
  return new RtpHeader({
    payloadType: 96,
    sequenceNumber,
    timestamp: sequenceNumber * 3000,
    ssrc: 0x1234abcd,
    marker: sequenceNumber % 4 === 0,
    extensions: withExtensions ? [{ id: 1, payload: Buffer.from('0') }, { id: 3, payload: Buffer.from([1, 2, 3]) }] : [],
  });
}

/** The patch's per-session RTP cipher (SrtpAesCmRtp) and werift's own code it replaces, both kept by the patch. */
interface PatchedAesCmCipher {
  rtpFast?: { encrypt(header: RtpHeader, payload: Buffer, rolloverCounter: number): Buffer; littleEndian: boolean };
  encryptRtpOriginal?: (header: RtpHeader, payload: Buffer, rolloverCounter: number) => Buffer;
}
type FastCipherClass = new (key: Buffer, salt: Buffer, authKey: Buffer, littleEndian?: boolean) => NonNullable<PatchedAesCmCipher['rtpFast']>;

function cipherOf(session: SrtpSession): PatchedAesCmCipher {
  return (session.localContext as unknown as { cipher: PatchedAesCmCipher }).cipher;
}

describe('the werift patch is applied', () => {
  it('sends AES-CM RTP through the patch’s cipher, which gives the bytes werift’s own code gives', () => {
    const session = new SrtpSession({ keys, profile: ProtectionProfileAes128CmHmacSha1_80 });
    const cipher = cipherOf(session);
    expect(cipher.rtpFast, 'patches/werift+0.25.2.patch is not applied (run npm install)').toBeDefined();
    expect(typeof cipher.encryptRtpOriginal).toBe('function');
    let viaPatch = 0;
    const fast = cipher.rtpFast!;
    const encrypt = fast.encrypt.bind(fast);
    fast.encrypt = (h, p, roc) => {
      viaPatch += 1;
      return encrypt(h, p, roc);
    };
    const payload = randomBytes(1000);
    const sent = session.encrypt(payload, header(5, true));
    expect(viaPatch).toBe(1);
    expect(sent.equals(cipher.encryptRtpOriginal!(header(5, true), payload, 0))).toBe(true);
  });

  it('writes the keystream byte by byte where Int32Array is not little-endian, with the same result', () => {
    const fast = cipherOf(new SrtpSession({ keys, profile: ProtectionProfileAes128CmHmacSha1_80 })).rtpFast!;
    // This machine is little-endian, so the word-at-a-time path is the one in use here.
    expect(fast.littleEndian).toBe(new Uint8Array(new Uint32Array([1]).buffer)[0] === 1);
    const Portable = fast.constructor as FastCipherClass;
    const portable = new Portable(sessionKey, sessionSalt, sessionAuthKey, false);
    for (const size of [0, 1, 16, 17, 1188]) {
      const payload = randomBytes(size);
      expect(portable.encrypt(header(300 + size, false), payload, 3).equals(referenceSrtp(header(300 + size, false), payload, 3))).toBe(true);
    }
  });

  it('gathers no server-reflexive candidate from Google when iceServers is empty (werift otherwise falls back to stun.l.google.com)', async () => {
    const pc = new RTCPeerConnection({ iceServers: [], iceUseIpv6: false });
    pc.addTransceiver('audio', { direction: 'sendonly' });
    await pc.setLocalDescription(await pc.createOffer());
    const connection = pc.iceTransports[0].connection as unknown as { stunServer?: unknown };
    expect(connection.stunServer).toBeUndefined();
    expect(pc.localDescription!.sdp).not.toContain('typ srflx');
    await pc.close();
  });
});

describe('the patched werift AES_CM_128_HMAC_SHA1_80 path', () => {
  it('encrypts every payload size from empty to a full MTU exactly as RFC 3711 computes it', () => {
    const session = new SrtpSession({ keys, profile: ProtectionProfileAes128CmHmacSha1_80 });
    for (const size of [0, 1, 4, 15, 16, 17, 63, 160, 1100, 1188, 1400]) {
      const payload = randomBytes(size);
      const sequenceNumber = 100 + size;
      const encrypted = session.encrypt(payload, header(sequenceNumber, size % 2 === 1));
      expect(encrypted.equals(referenceSrtp(header(sequenceNumber, size % 2 === 1), payload, 0)), `payload of ${size} bytes`).toBe(true);
    }
  });

  it('carries the rollover counter into the keystream and the tag when sequence numbers wrap', () => {
    const session = new SrtpSession({ keys, profile: ProtectionProfileAes128CmHmacSha1_80 });
    const payload = randomBytes(200);
    session.encrypt(payload, header(65534, false));
    session.encrypt(payload, header(65535, false));
    const afterWrap = session.encrypt(payload, header(2, false));
    expect(afterWrap.equals(referenceSrtp(header(2, false), payload, 1))).toBe(true);
  });

  it('decrypts what the other side encrypted, payload and header intact', () => {
    const sender = new SrtpSession({ keys, profile: ProtectionProfileAes128CmHmacSha1_80 });
    const receiver = new SrtpSession({ keys: mirrored, profile: ProtectionProfileAes128CmHmacSha1_80 });
    for (let sequenceNumber = 1; sequenceNumber < 40; sequenceNumber++) {
      const payload = randomBytes(sequenceNumber * 29);
      const packet = RtpPacket.deSerialize(receiver.decrypt(sender.encrypt(payload, header(sequenceNumber, sequenceNumber % 3 === 0))));
      expect(packet.payload.equals(payload)).toBe(true);
      expect(packet.header.sequenceNumber).toBe(sequenceNumber);
    }
  });

  it('rejects a packet with one bit flipped', () => {
    const sender = new SrtpSession({ keys, profile: ProtectionProfileAes128CmHmacSha1_80 });
    const receiver = new SrtpSession({ keys: mirrored, profile: ProtectionProfileAes128CmHmacSha1_80 });
    const packet = sender.encrypt(randomBytes(300), header(7, false));
    packet[40] ^= 0x01;
    expect(() => receiver.decrypt(packet)).toThrow(/authenticate/i);
  });

  it('leaves AEAD_AES_128_GCM working for a peer that offers only GCM', () => {
    const sender = new SrtpSession({ keys, profile: ProtectionProfileAeadAes128Gcm });
    const receiver = new SrtpSession({ keys: mirrored, profile: ProtectionProfileAeadAes128Gcm });
    const payload = randomBytes(900);
    expect(RtpPacket.deSerialize(receiver.decrypt(sender.encrypt(payload, header(9, true)))).payload.equals(payload)).toBe(true);
  });
});
