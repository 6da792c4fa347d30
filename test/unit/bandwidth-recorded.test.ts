import { describe, expect, it } from 'vitest';
import { botSendWeights, vp8PayloadSizes } from '@/lib/bandwidth';
import { botWeights } from '@/server/sfu/Bot';
import { BOT_MAX_RTP_PAYLOAD_BYTES, loadBotMedia } from '@/server/sfu/BotMedia';
import { packetizeVp8 } from '@/server/sfu/vp8';

describe('what a bot sends, weighed from the clip it loops', () => {
  it('cuts a VP8 frame as the bots do: a 4-byte descriptor and up to 1,096 bytes of frame per packet', () => {
    expect(vp8PayloadSizes(1000, 1100)).toEqual([1004]);
    expect(vp8PayloadSizes(1096, 1100)).toEqual([1100]);
    expect(vp8PayloadSizes(2500, 1100)).toEqual([1100, 1100, 312]);
    expect(vp8PayloadSizes(0, 1100)).toEqual([]);
    expect(() => vp8PayloadSizes(10, 4)).toThrow(RangeError);
    expect(() => vp8PayloadSizes(1.5, 1100)).toThrow(RangeError);
  });

  it('agrees with the server’s packetizer on every frame of every clip layer', () => {
    const media = loadBotMedia();
    for (const { frames } of media.layers) {
      for (const [i, frame] of frames.entries()) {
        expect(vp8PayloadSizes(frame.length, BOT_MAX_RTP_PAYLOAD_BYTES)).toEqual(packetizeVp8(frame, i, BOT_MAX_RTP_PAYLOAD_BYTES).map((p) => p.length));
      }
    }
  });

  it('gives each layer its packets over the clip’s length and the voice its sent packets over the lines’ length', () => {
    const weights = botSendWeights({
      framesPerSecond: 15,
      opusFrameMs: 20,
      maxPayloadBytes: 1100,
      silenceLevelMinusDbov: 60,
      layers: [
        // Two frames: 1,004 bytes in one packet, then 2,512 in three. (3,516 + 4 x 40) x 8 bits over 2/15 s.
        { rid: 'q', frameBytes: [1000, 2500] },
        // 1,100 + 40 bytes, twice, over 2/15 s.
        { rid: 'h', frameBytes: [1096, 1096] },
      ],
      voices: [
        // Five 20 ms packets (0.1 s); the two quieter than -60 dBov are not sent: 3 x (100 + 40) bytes.
        { packetBytes: [100, 100, 100, 100, 100], levelsMinusDbov: [20, 61, 40, 127, 60] },
        // Five more (0.2 s in all), all sent: 5 x (60 + 40) bytes.
        { packetBytes: [60, 60, 60, 60, 60], levelsMinusDbov: [30, 30, 30, 30, 30] },
      ],
    });
    expect(weights.layers.map((l) => l.rid)).toEqual(['q', 'h']);
    expect(weights.layers[0].wireKbps).toBeCloseTo(220.56, 10);
    expect(weights.layers[1].wireKbps).toBeCloseTo(136.8, 10);
    // (420 + 500) x 8 bits over 0.2 s.
    expect(weights.voiceWireKbps).toBeCloseTo(36.8, 10);
  });

  it('weighs the real clips: the SFU’s bots send three layers, each bigger than the one below', () => {
    const w = botWeights(loadBotMedia());
    expect(w.layers.map((l) => l.rid)).toEqual(['q', 'h', 'f']);
    expect(w.layers[0].wireKbps).toBeLessThan(w.layers[1].wireKbps);
    expect(w.layers[1].wireKbps).toBeLessThan(w.layers[2].wireKbps);
    // The same object for the same clips: weighed once per process.
    expect(botWeights(loadBotMedia())).toBe(w);
  });
});
