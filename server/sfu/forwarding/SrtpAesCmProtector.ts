import * as crypto from 'node:crypto';
import { RangeViews } from './RangeViews';
import { SHA1_INITIAL_STATE, sha1Compress } from './sha1';

/**
 * SRTP with AES_CM_128_HMAC_SHA1_80 (RFC 3711; the profile WebRTC requires, RFC 8827), applied to a
 * packet in place: the payload is encrypted while it is copied into the caller's buffer, and the
 * authentication tag is written after it. One object per SRTP session (per direction of one DTLS
 * transport), built once from the session keys, so a packet costs three native calls (one AES-ECB
 * pass over the counter blocks, one SHA-1 over the packet, no cipher or HMAC objects) and the outer
 * half of the HMAC in JavaScript (sha1.ts).
 *
 * The caller's buffer needs SRTP_HEADROOM_BYTES in front of the RTP header: the HMAC's inner pad is
 * written there, so the inner hash is one call over one contiguous range. Nothing here reads a
 * clock or keeps per-packet state: the rollover counter comes from the caller.
 */

export const SRTP_AUTH_TAG_BYTES = 10;
/** Bytes a packet buffer must have before the RTP header (the HMAC-SHA1 block size). */
export const SRTP_HEADROOM_BYTES = 64;
const ROC_BYTES = 4;
const AES_BLOCK_BYTES = 16;
const SHA1_BLOCK_BYTES = 64;

export interface SrtpSessionKeys {
  /** The 128-bit session encryption key (k_e). */
  encryptionKey: Uint8Array;
  /** The 112-bit session salt (k_s). */
  salt: Uint8Array;
  /** The 160-bit session authentication key (k_a). */
  authKey: Uint8Array;
}

/** Key derivation labels for SRTP (RFC 3711 section 4.3.1). */
const LABEL = { encryption: 0x00, authentication: 0x01, salt: 0x02 } as const;

/**
 * SHA-1 in one native call (Node 20.12+), its digest as a latin1 ('binary') string: 'buffer' output costs a
 * third more (an ArrayBuffer per call, and the encoding name goes through a lower-casing slow path).
 */
const hashOneShot: ((data: Uint8Array) => string) | undefined =
  typeof crypto.hash === 'function' ? (data) => crypto.hash('sha1', data, 'binary') : undefined;

/**
 * The counter blocks of one packet are written into one shared buffer (everything here runs to
 * completion on one thread), with a view per block count so feeding AES allocates nothing.
 */
let counterBytes = Buffer.alloc(0);
let counterWords = new Int32Array(0);
let counterViews: Buffer[] = [];
/** counterLowWord[j]: the last four bytes of a counter block, 00 00 j>>8 j&255, as a native-endian word. */
let counterLowWord = new Int32Array(0);

function ensureCounterBlocks(blocks: number): void {
  if (blocks <= counterViews.length - 1) return;
  const capacity = Math.max(blocks, 128, (counterViews.length - 1) * 2);
  counterBytes = Buffer.alloc(capacity * AES_BLOCK_BYTES);
  counterWords = new Int32Array(counterBytes.buffer, counterBytes.byteOffset, capacity * 4);
  counterViews = Array.from({ length: capacity + 1 }, (_, n) => counterBytes.subarray(0, n * AES_BLOCK_BYTES));
  counterLowWord = new Int32Array(capacity);
  const bytes = new Uint8Array(counterLowWord.buffer);
  for (let j = 0; j < capacity; j++) {
    bytes[j * 4 + 2] = (j >>> 8) & 0xff;
    bytes[j * 4 + 3] = j & 0xff;
  }
}

/** A native-endian word view of `bytes`, or null when it does not start on a 4-byte boundary. */
function wordsOf(bytes: Uint8Array): Int32Array | null {
  if ((bytes.byteOffset & 3) !== 0) return null;
  return new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 2);
}

/** Word views of the two buffers a forwarder reuses (its packet and its payload), kept between calls. */
class WordViewCache {
  private bytes: Uint8Array | null = null;
  private words: Int32Array | null = null;

  get(bytes: Uint8Array): Int32Array | null {
    if (bytes !== this.bytes) {
      this.bytes = bytes;
      this.words = wordsOf(bytes);
    }
    return this.words;
  }
}
const packetWords = new WordViewCache();
const sourceWords = new WordViewCache();
/** What the inner hash covers (inner pad, header, payload, ROC), by length. */
const hashInputs = new RangeViews();

export class SrtpAesCmProtector {
  private readonly ecb: crypto.Cipher;
  private readonly authKey: Buffer;
  private readonly innerPad = Buffer.alloc(SHA1_BLOCK_BYTES);
  /** SHA-1 state after the outer pad's block: the same for every packet. */
  private readonly outerPadState = new Int32Array(5);
  private readonly state = new Int32Array(5);
  private readonly block = new Int32Array(16);
  /** The IV (RFC 3711 section 4.1.1) of the current packet, with the block counter bytes zero. */
  private readonly iv = Buffer.alloc(AES_BLOCK_BYTES);
  private readonly ivWords = new Int32Array(this.iv.buffer, this.iv.byteOffset, 4);
  private readonly salt: Buffer;

  constructor(keys: SrtpSessionKeys) {
    if (keys.encryptionKey.length !== 16 || keys.salt.length !== 14 || keys.authKey.length !== 20) {
      throw new RangeError('AES_CM_128_HMAC_SHA1_80 needs a 16-byte key, a 14-byte salt and a 20-byte authentication key');
    }
    this.ecb = crypto.createCipheriv('aes-128-ecb', keys.encryptionKey, null);
    this.ecb.setAutoPadding(false);
    this.salt = Buffer.from(keys.salt);
    this.authKey = Buffer.from(keys.authKey);
    const outerPad = Buffer.alloc(SHA1_BLOCK_BYTES);
    for (let i = 0; i < SHA1_BLOCK_BYTES; i++) {
      const k = i < this.authKey.length ? this.authKey[i] : 0;
      this.innerPad[i] = k ^ 0x36;
      outerPad[i] = k ^ 0x5c;
    }
    this.outerPadState.set(SHA1_INITIAL_STATE);
    for (let i = 0; i < 16; i++) this.block[i] = outerPad.readInt32BE(i * 4);
    sha1Compress(this.outerPadState, this.block);
  }

  /** The session keys for a master key and salt (RFC 3711 section 4.3.1, key derivation rate 0). */
  static deriveSessionKeys(masterKey: Uint8Array, masterSalt: Uint8Array): SrtpSessionKeys {
    const derive = (label: number, bytes: number) => {
      const iv = Buffer.alloc(AES_BLOCK_BYTES);
      iv.set(masterSalt.subarray(0, 14));
      iv[7] ^= label;
      return crypto.createCipheriv('aes-128-ctr', masterKey, iv).update(Buffer.alloc(bytes));
    };
    return { encryptionKey: derive(LABEL.encryption, 16), authKey: derive(LABEL.authentication, 20), salt: derive(LABEL.salt, 14) };
  }

  /**
   * The AES-CM keystream for one packet (RFC 3711 section 4.1.1): block j is AES(IV + j), where
   * IV = (salt * 2^16) XOR (SSRC * 2^64) XOR (index * 2^16) and index = ROC * 2^16 + SEQ. The IV's low
   * 16 bits are zero, so IV + j only writes j into the last two bytes. Returns a fresh buffer of whole
   * blocks covering `length` bytes from block `firstBlock` on (a receiver can decrypt any range alone).
   */
  keystream(ssrc: number, rolloverCounter: number, sequenceNumber: number, length: number, firstBlock = 0): Buffer {
    const iv = this.iv;
    iv.fill(0);
    iv.writeUInt32BE(ssrc >>> 0, 4);
    iv.writeUInt32BE(rolloverCounter >>> 0, 8);
    iv.writeUInt16BE(sequenceNumber & 0xffff, 12);
    for (let i = 0; i < 14; i++) iv[i] ^= this.salt[i];
    const blocks = (length + AES_BLOCK_BYTES - 1) >>> 4;
    ensureCounterBlocks(firstBlock + blocks);
    const w = this.ivWords;
    const w0 = w[0];
    const w1 = w[1];
    const w2 = w[2];
    const w3 = w[3];
    const words = counterWords;
    const low = counterLowWord;
    for (let j = 0, o = 0; j < blocks; j++, o += 4) {
      words[o] = w0;
      words[o + 1] = w1;
      words[o + 2] = w2;
      words[o + 3] = w3 | low[firstBlock + j];
    }
    return this.ecb.update(counterViews[blocks]);
  }

  /**
   * Protects one RTP packet. `packet` holds the RTP header at `at` (`headerLength` bytes, written by
   * the caller) with SRTP_HEADROOM_BYTES free before it; `length` bytes of `source` are the plaintext
   * payload (with any RTP padding). The encrypted payload goes after the header, the 80-bit tag
   * after that. Returns the SRTP packet's length. `source` may be the payload's place in `packet`.
   */
  protect(packet: Buffer, at: number, headerLength: number, source: Uint8Array, length: number, rolloverCounter: number): number {
    const payloadAt = at + headerLength;
    const ssrc = packet.readUInt32BE(at + 8);
    const sequenceNumber = packet.readUInt16BE(at + 2);
    const keystream = this.keystream(ssrc, rolloverCounter, sequenceNumber, length);
    xorInto(packet, payloadAt, source, keystream, length);
    const end = payloadAt + length;
    this.writeTag(packet, at, end, rolloverCounter, packet, end);
    return end + SRTP_AUTH_TAG_BYTES - at;
  }

  /**
   * Checks and decrypts one SRTP packet in place: `packet` holds it at `at` (`packetLength` bytes,
   * tag included) with SRTP_HEADROOM_BYTES free before it. Returns the RTP packet's length (header
   * and payload), or -1 if the tag does not match, in which case the payload is left as it came.
   */
  unprotect(packet: Buffer, at: number, packetLength: number, headerLength: number, rolloverCounter: number): number {
    const end = at + packetLength - SRTP_AUTH_TAG_BYTES;
    if (end < at + headerLength) return -1;
    const received = Buffer.from(packet.subarray(end, end + SRTP_AUTH_TAG_BYTES));
    const expected = Buffer.allocUnsafe(SRTP_AUTH_TAG_BYTES);
    this.writeTag(packet, at, end, rolloverCounter, expected, 0);
    if (!crypto.timingSafeEqual(received, expected)) {
      received.copy(packet, end);
      return -1;
    }
    const payloadAt = at + headerLength;
    const keystream = this.keystream(packet.readUInt32BE(at + 8), rolloverCounter, packet.readUInt16BE(at + 2), end - payloadAt);
    xorInto(packet, payloadAt, packet.subarray(payloadAt, end), keystream, end - payloadAt);
    return end - at;
  }

  /**
   * HMAC-SHA1(k_a, packet[at, end) || ROC) truncated to 80 bits (RFC 3711 section 4.2), written to
   * `out` at `outAt`. Uses packet[at - 64, at) for the inner pad and packet[end, end + 4) for the ROC.
   */
  private writeTag(packet: Buffer, at: number, end: number, rolloverCounter: number, out: Buffer, outAt: number): void {
    packet.writeUInt32BE(rolloverCounter >>> 0, end);
    if (!hashOneShot) {
      const tag = crypto.createHmac('sha1', this.authKey).update(packet.subarray(at, end + ROC_BYTES)).digest();
      tag.copy(out, outAt, 0, SRTP_AUTH_TAG_BYTES);
      return;
    }
    this.innerPad.copy(packet, at - SHA1_BLOCK_BYTES);
    const start = at - SHA1_BLOCK_BYTES;
    const inner = hashOneShot(hashInputs.get(packet, start, end + ROC_BYTES - start));
    // Outer hash: the pad's block is precomputed; the second block is the 20-byte inner digest,
    // the 0x80 terminator and the message length in bits (64 + 20 bytes = 672 bits).
    const block = this.block;
    for (let i = 0, c = 0; i < 5; i++, c += 4) {
      block[i] = (inner.charCodeAt(c) << 24) | (inner.charCodeAt(c + 1) << 16) | (inner.charCodeAt(c + 2) << 8) | inner.charCodeAt(c + 3);
    }
    block[5] = 0x80000000 | 0;
    for (let i = 6; i < 15; i++) block[i] = 0;
    block[15] = (SHA1_BLOCK_BYTES + 20) * 8;
    const state = this.state;
    state.set(this.outerPadState);
    sha1Compress(state, block);
    out.writeInt32BE(state[0], outAt);
    out.writeInt32BE(state[1], outAt + 4);
    out.writeUInt16BE(state[2] >>> 16, outAt + 8);
  }
}

/** target[at, at + length) = source[0, length) XOR keystream[0, length), a word at a time where aligned. */
function xorInto(target: Buffer, at: number, source: Uint8Array, keystream: Buffer, length: number): void {
  let i = 0;
  const targetWords = (at & 3) === 0 ? packetWords.get(target) : null;
  const fromWords = source === target ? targetWords : sourceWords.get(source);
  const keyWords = wordsOf(keystream);
  if (targetWords && fromWords && keyWords) {
    const words = length >>> 2;
    const base = at >>> 2;
    const fromBase = source === target ? base : 0;
    for (let k = 0; k < words; k++) targetWords[base + k] = fromWords[fromBase + k] ^ keyWords[k];
    i = words << 2;
  }
  const fromAt = source === target ? at : 0;
  for (; i < length; i++) target[at + i] = source[fromAt + i] ^ keystream[i];
}
