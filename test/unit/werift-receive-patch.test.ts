/**
 * The werift patch makes werift's receive path (every packet a publisher sends) cheaper without
 * changing what it computes: bit fields read with arithmetic instead of binary strings, integer
 * truncation without a string round trip, the header parsed without temporary arrays. These tests
 * hold the patched functions to the originals' results.
 */
import { describe, expect, it } from 'vitest';
import { RtpHeader, RtpPacket, getBit, int } from 'werift';

/** werift 0.25.2's getBit, as published: the byte as a binary string, sliced and parsed. */
function publishedGetBit(bits: number, startIndex: number, length = 1): number {
  let bin = bits.toString(2).split('');
  bin = [...Array(8 - bin.length).fill('0'), ...bin];
  return Number.parseInt(bin.slice(startIndex, startIndex + length).join(''), 2);
}

describe('the patched werift receive path', () => {
  it('reads every bit field of every byte as the published getBit did', () => {
    for (let byte = 0; byte < 256; byte++) {
      for (let start = 0; start < 8; start++) {
        for (let length = 1; start + length <= 8; length++) expect(getBit(byte, start, length)).toBe(publishedGetBit(byte, start, length));
      }
    }
  });

  it('truncates as Number.parseInt(String(n)) did, for the values the jitter code passes', () => {
    for (const n of [0, 1.9, -1.9, 123456.789, 1.5e14 + 0.5, 2 ** 52 + 0.5, -3e15]) expect(int(n)).toBe(Number.parseInt(String(n), 10));
  });

  it('parses a header with CSRCs and one-byte extensions to the same fields it serializes', () => {
    const header = new RtpHeader({
      payloadType: 111,
      marker: true,
      sequenceNumber: 65_000,
      timestamp: 4_000_000_000,
      ssrc: 0xdeadbeef,
      csrc: [1, 2],
      extensions: [
        { id: 1, payload: Buffer.from('0') },
        { id: 4, payload: Buffer.from('q') },
        { id: 9, payload: Buffer.from([0x80 | 30]) },
      ],
    });
    const packet = RtpPacket.deSerialize(new RtpPacket(header, Buffer.from('payload')).serialize());
    expect(packet.header).toMatchObject({ version: 2, padding: false, extension: true, marker: true, payloadType: 111, sequenceNumber: 65_000, timestamp: 4_000_000_000, ssrc: 0xdeadbeef, csrc: [1, 2] });
    expect(packet.header.extensions.map((e) => [e.id, Buffer.from(e.payload).toString('hex')])).toEqual([
      [1, '30'],
      [4, '71'],
      [9, '9e'],
    ]);
    expect(packet.payload.toString()).toBe('payload');
  });
});
