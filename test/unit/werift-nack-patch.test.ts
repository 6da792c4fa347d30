/**
 * The werift patch gives a receiver one loss detector (NackHandler) per SSRC. A simulcast camera sends
 * one RTP stream per layer, each with its own sequence numbers, into one werift receiver; werift 0.25.2
 * fed all of them to one detector, which took every jump between two layers' numbers for lost packets
 * and NACKed them every 5 ms (spurious NACKs to the camera, and CPU on the SFU for each of them). On
 * werift as published the first test fails.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MediaStreamTrack, RTCRtpCodecParameters, RTCRtpReceiver, RtpHeader, RtpPacket } from 'werift';

interface Nack {
  mediaSourceSsrc: number;
  lost: number[];
}

/** The receiver's fields the test sets or reads (private in werift's types). */
interface ReceiverInternals {
  codecs: Record<number, RTCRtpCodecParameters>;
  nack: { lostSeqNumbers: number[] };
  dtlsTransport: { sendRtcp(packets: unknown[]): Promise<void> };
}

const SSRC = { q: 0x1111, h: 0x2222, f: 0x3333 } as const;
const FIRST_SEQ = { q: 1_000, h: 30_000, f: 50_000 } as const;

function simulcastReceiver() {
  const receiver = new RTCRtpReceiver({} as ConstructorParameters<typeof RTCRtpReceiver>[0], 'video', 0x9999);
  const internals = receiver as unknown as ReceiverInternals;
  internals.codecs = { 96: new RTCRtpCodecParameters({ mimeType: 'video/VP8', clockRate: 90_000, payloadType: 96, rtcpFeedback: [{ type: 'nack' }] }) };
  for (const rid of Object.keys(SSRC) as (keyof typeof SSRC)[]) receiver.trackByRID[rid] = new MediaStreamTrack({ kind: 'video', remote: true, rid });
  const sent: unknown[] = [];
  // What the NACK loop and the receiver reports would send: kept, not sent.
  internals.dtlsTransport = { sendRtcp: async (packets) => void sent.push(...packets) };
  const nacks: Nack[] = [];
  receiver.onPacketLost.subscribe((nack: Nack) => nacks.push({ mediaSourceSsrc: nack.mediaSourceSsrc, lost: [...nack.lost] }));
  return { receiver, nacks };
}

function feed(receiver: RTCRtpReceiver, packets: number, skip: { rid: keyof typeof SSRC; index: number } | null = null) {
  for (let i = 0; i < packets; i++) {
    for (const rid of Object.keys(SSRC) as (keyof typeof SSRC)[]) {
      if (skip && skip.rid === rid && skip.index === i) continue;
      const header = new RtpHeader({ payloadType: 96, ssrc: SSRC[rid], sequenceNumber: (FIRST_SEQ[rid] + i) & 0xffff, timestamp: i * 3000 });
      receiver.handleRtpByRid(new RtpPacket(header, Buffer.from([0x10, 0, 0, 0])), rid, {});
    }
  }
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let receivers: RTCRtpReceiver[] = [];
afterEach(() => {
  for (const receiver of receivers) receiver.stop();
  receivers = [];
});

describe('the patched werift receiver: one loss detector per SSRC', () => {
  it('finds no loss in three interleaved layers whose own sequence numbers have no gap', async () => {
    const { receiver, nacks } = simulcastReceiver();
    receivers.push(receiver);
    feed(receiver, 200);
    await wait(30);
    expect((receiver as unknown as ReceiverInternals).nack.lostSeqNumbers).toEqual([]);
    expect(nacks).toEqual([]);
  });

  it('still NACKs a packet one layer really lost, for that layer’s SSRC only', async () => {
    const { receiver, nacks } = simulcastReceiver();
    receivers.push(receiver);
    feed(receiver, 50, { rid: 'h', index: 20 });
    await wait(30);
    expect(nacks.length).toBeGreaterThan(0);
    for (const nack of nacks) expect(nack).toEqual({ mediaSourceSsrc: SSRC.h, lost: [FIRST_SEQ.h + 20] });
  });
});
