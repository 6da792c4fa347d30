import { describe, expect, it } from 'vitest';
import {
  LIBWEBRTC_SIMULCAST_FORMATS,
  layerSendKbps,
  pauseUnwatchedLayers,
  publisherUploadKbps,
  ridForScale,
  simulcastFormatFor,
  simulcastLadder,
  simulcastLadderTable,
  simulcastLayerCount,
} from '../../lib/simulcast/publisher';

const summary = (ladder: ReturnType<typeof simulcastLadder>) =>
  ladder.map(({ rid, width, height, minKbps, targetKbps, maxKbps }) => ({ rid, width, height, minKbps, targetKbps, maxKbps }));

describe('publisher: libwebrtc ladder', () => {
  it('encodes a 720p source as 180p, 360p and 720p with libwebrtc bitrates', () => {
    expect(summary(simulcastLadder(1280, 720))).toEqual([
      { rid: 'q', width: 320, height: 180, minKbps: 30, targetKbps: 150, maxKbps: 200 },
      { rid: 'h', width: 640, height: 360, minKbps: 150, targetKbps: 500, maxKbps: 700 },
      { rid: 'f', width: 1280, height: 720, minKbps: 600, targetKbps: 2500, maxKbps: 2500 },
    ]);
  });

  it('encodes a 1080p source as 270p, 540p and 1080p', () => {
    expect(summary(simulcastLadder(1920, 1080))).toEqual([
      { rid: 'q', width: 480, height: 270, minKbps: 150, targetKbps: 350, maxKbps: 450 },
      { rid: 'h', width: 960, height: 540, minKbps: 350, targetKbps: 1200, maxKbps: 1200 },
      { rid: 'f', width: 1920, height: 1080, minKbps: 800, targetKbps: 4000, maxKbps: 5000 },
    ]);
  });

  it('gives a 360p source at most two layers: 180p and 360p', () => {
    expect(summary(simulcastLadder(640, 360))).toEqual([
      { rid: 'h', width: 320, height: 180, minKbps: 30, targetKbps: 150, maxKbps: 200 },
      { rid: 'f', width: 640, height: 360, minKbps: 150, targetKbps: 500, maxKbps: 700 },
    ]);
  });

  it('gives a 180p source a single layer', () => {
    expect(summary(simulcastLadder(320, 180))).toEqual([
      { rid: 'f', width: 320, height: 180, minKbps: 30, targetKbps: 150, maxKbps: 200 },
    ]);
  });

  it('counts layers by source size: 3 from 540p up, 2 from 270p, 1 below', () => {
    expect(simulcastLayerCount(3840, 2160)).toBe(3);
    expect(simulcastLayerCount(960, 540)).toBe(3);
    expect(simulcastLayerCount(959, 540)).toBe(2);
    expect(simulcastLayerCount(480, 270)).toBe(2);
    expect(simulcastLayerCount(479, 270)).toBe(1);
    expect(simulcastLayerCount(160, 90)).toBe(1);
  });

  it('never gives more layers than asked for', () => {
    expect(simulcastLayerCount(1280, 720, 2)).toBe(2);
    expect(simulcastLadder(1280, 720, 2).map((layer) => layer.height)).toEqual([360, 720]);
  });

  it('rounds an odd source down so every layer has whole pixels', () => {
    expect(simulcastLadder(1366, 769).map((layer) => [layer.width, layer.height])).toEqual([
      [341, 192],
      [682, 384],
      [1364, 768],
    ]);
  });

  it('uses the 180p row for anything smaller, as libwebrtc does by default', () => {
    expect(simulcastFormatFor(160, 90)).toEqual({ width: 0, height: 0, maxLayers: 1, maxKbps: 200, targetKbps: 150, minKbps: 30 });
    expect(LIBWEBRTC_SIMULCAST_FORMATS).toHaveLength(7);
  });

  it('names layers by scale: f full, h half, q quarter', () => {
    expect([1, 2, 4, 8].map(ridForScale)).toEqual(['f', 'h', 'q', 's8']);
  });

  it('starts every layer active', () => {
    expect(simulcastLadder(1280, 720).every((layer) => layer.active)).toBe(true);
  });
});

describe('publisher: what the streamer uploads', () => {
  const ladder = simulcastLadder(1280, 720);

  it('sends the top layer at its max and the layers below at their target: 150 + 500 + 2,500 = 3,150 kbps', () => {
    expect(ladder.map((layer) => layerSendKbps(ladder, layer.rid))).toEqual([150, 500, 2500]);
    expect(publisherUploadKbps(ladder)).toBe(3150);
  });

  it('pauses the layers no one watches and stops their upload', () => {
    const paused = pauseUnwatchedLayers(ladder, ['q', null, 'q']);
    expect(paused.map((layer) => [layer.rid, layer.active])).toEqual([
      ['q', true],
      ['h', false],
      ['f', false],
    ]);
    expect(ladder.every((layer) => layer.active)).toBe(true);
  });

  it('lets 360p use its max once 720p is paused: 150 + 700 = 850 kbps', () => {
    const paused = pauseUnwatchedLayers(ladder, ['q', 'h']);
    expect(layerSendKbps(paused, 'h')).toBe(700);
    expect(layerSendKbps(paused, 'f')).toBe(0);
    expect(publisherUploadKbps(paused)).toBe(850);
  });

  it('uploads nothing when nobody watches', () => {
    expect(publisherUploadKbps(pauseUnwatchedLayers(ladder, [null, null]))).toBe(0);
  });

  it('sends nothing for a layer that does not exist', () => {
    expect(layerSendKbps(ladder, 'x')).toBe(0);
  });
});

describe('publisher: ladder table', () => {
  it('lists a 720p source as three layers, biggest first, with min/target/max kbps', () => {
    expect(simulcastLadderTable('720p', 1280, 720)).toEqual({
      caption: "libwebrtc's simulcast layers for a 720p source (1280×720): 3 layers",
      columns: ['Layer', 'Size', 'Min kbps', 'Target kbps', 'Max kbps'],
      rows: [
        ['720p (rid "f")', '1280×720', 600, 2500, 2500],
        ['360p (rid "h")', '640×360', 150, 500, 700],
        ['180p (rid "q")', '320×180', 30, 150, 200],
      ],
    });
  });

  it('says "1 layer" for a 180p source', () => {
    expect(simulcastLadderTable('180p', 320, 180).caption).toBe("libwebrtc's simulcast layers for a 180p source (320×180): 1 layer");
  });
});
