import { describe, expect, it } from 'vitest';
import {
  DEFAULT_VOICE_STREAM,
  roomBandwidth,
  voiceStream,
  videoLayerOnWire,
  VIDEO_LAYERS,
  distinctMixes,
  UPLINKS,
  exceedsUplink,
  largestMeshForUplink,
  roomTable,
  voiceStreamTable,
} from '@/lib/bandwidth';

describe('one voice stream on the wire', () => {
  it('adds 16 kbps of IPv4/UDP/RTP headers to 64 kbps of Opus in 20 ms packets, for 80 kbps', () => {
    expect(DEFAULT_VOICE_STREAM).toMatchObject({
      opusKbps: 64,
      frameMs: 20,
      packetsPerSecond: 50,
      headerBytesPerPacket: 40,
      payloadBytesPerPacket: 160,
      headerKbps: 16,
      wireKbps: 80,
      headerShare: 0.2,
    });
  });

  it('says 80 kbps is 10 kB/s, not 80 kB/s', () => {
    expect(DEFAULT_VOICE_STREAM.wireKBps).toBe(10);
  });

  it('halves the header cost with 40 ms packets', () => {
    const stream = voiceStream({ opusKbps: 64, frameMs: 40 });
    expect(stream.packetsPerSecond).toBe(25);
    expect(stream.headerKbps).toBe(8);
    expect(stream.wireKbps).toBe(72);
  });

  it('rejects a zero bitrate or frame', () => {
    expect(() => voiceStream({ opusKbps: 0, frameMs: 20 })).toThrow(RangeError);
    expect(() => voiceStream({ opusKbps: 64, frameMs: 0 })).toThrow(RangeError);
  });

  it('takes libwebrtc\'s min/target/max for the 180p, 360p and 720p camera layers', () => {
    expect(Object.values(VIDEO_LAYERS).map((l) => [l.id, l.minKbps, l.targetKbps, l.maxKbps])).toEqual([
      ['180p', 30, 150, 200],
      ['360p', 150, 500, 700],
      ['720p', 600, 2500, 2500],
    ]);
  });

  it('sends a lone 720p camera layer at 2,500 kbps plus headers on 261 packets a second', () => {
    expect(videoLayerOnWire('720p')).toEqual({ packetsPerSecond: 261, wireKbps: 2500 + 83.52 });
    expect(videoLayerOnWire('180p')).toEqual({ packetsPerSecond: 21, wireKbps: 200 + 6.72 });
  });
});

describe('the case study scenarios, with an 80 kbps stream', () => {
  it('gives each of 2 people 80 kbps up and 80 kbps down in a mesh', () => {
    const room = roomBandwidth({ topology: 'mesh', people: 2, talkers: 2 });
    expect(room.groups).toHaveLength(1);
    expect(room.talker).toMatchObject({ count: 2, uploadKbps: 80, downloadKbps: 80, connections: 1 });
    expect(room.connections).toBe(1);
  });

  it('has a mesh talker among 10 people upload 720 kbps, and a listener download 240 kbps, with 3 talking', () => {
    const room = roomBandwidth({ topology: 'mesh', people: 10, talkers: 3 });
    expect(room.talker).toMatchObject({ count: 3, uploadKbps: 720, downloadKbps: 160, uploadStreams: 9, downloadStreams: 2 });
    expect(room.listener).toMatchObject({ count: 7, uploadKbps: 0, downloadKbps: 240, downloadStreams: 3 });
    expect(room.maxUploadKbps).toBe(720);
    expect(room.maxDownloadKbps).toBe(240);
    expect(room.connections).toBe(45);
    expect(room.server).toBeNull();
  });

  it('has the one talker among 100 upload 7,920 kbps in a mesh while listeners download 80 kbps', () => {
    const room = roomBandwidth({ topology: 'mesh', people: 100, talkers: 1 });
    expect(room.talker).toMatchObject({ count: 1, uploadKbps: 7920, downloadKbps: 0 });
    expect(room.listener).toMatchObject({ count: 99, uploadKbps: 0, downloadKbps: 80 });
  });

  it('has each of 1,000 mesh talkers upload and download 79,920 kbps', () => {
    const room = roomBandwidth({ topology: 'mesh', people: 1000, talkers: 1000 });
    expect(room.talker).toMatchObject({ uploadKbps: 79_920, downloadKbps: 79_920, connections: 999 });
    expect(room.listener).toBeNull();
    expect(room.connections).toBe(499_500);
    expect(room.totalUploadKbps).toBe(79_920_000);
  });

  it('cuts a talker to 80 kbps up with an SFU, but leaves the 79,920 kbps download of 999 other talkers', () => {
    const room = roomBandwidth({ topology: 'sfu', people: 1000, talkers: 1000 });
    expect(room.talker).toMatchObject({ uploadKbps: 80, downloadKbps: 79_920, connections: 1 });
    expect(room.server).toEqual({
      ingressKbps: 80_000,
      egressKbps: 79_920_000,
      ingressStreams: 1000,
      egressStreams: 999_000,
      ingressPacketsPerSecond: 50_000,
      egressPacketsPerSecond: 49_950_000,
    });
  });

  it('makes a listener download K x 80 through an SFU, the same as in a mesh', () => {
    for (const talkers of [1, 3, 7]) {
      const mesh = roomBandwidth({ topology: 'mesh', people: 50, talkers });
      const sfu = roomBandwidth({ topology: 'sfu', people: 50, talkers });
      expect(sfu.listener?.downloadKbps).toBe(talkers * 80);
      expect(mesh.listener?.downloadKbps).toBe(talkers * 80);
    }
  });
});

describe('an SFU', () => {
  it('receives each of 3 talkers once and forwards 9 copies of each among 10 people', () => {
    const room = roomBandwidth({ topology: 'sfu', people: 10, talkers: 3 });
    expect(room.talker).toMatchObject({ uploadKbps: 80, downloadKbps: 160 });
    expect(room.listener).toMatchObject({ uploadKbps: 0, downloadKbps: 240 });
    expect(room.server).toMatchObject({ ingressKbps: 240, egressKbps: 2160, ingressStreams: 3, egressStreams: 27 });
    expect(room.connections).toBe(10);
    expect(room.mcu).toBeNull();
  });
});

describe('an MCU', () => {
  it('sends everyone one mixed 80 kbps stream however many talk', () => {
    const room = roomBandwidth({ topology: 'mcu', people: 10, talkers: 3 });
    expect(room.talker).toMatchObject({ uploadKbps: 80, downloadKbps: 80, downloadStreams: 1 });
    expect(room.listener).toMatchObject({ uploadKbps: 0, downloadKbps: 80, downloadStreams: 1 });
    expect(room.server).toMatchObject({ ingressKbps: 240, egressKbps: 800, egressStreams: 10 });
  });

  it('decodes 3 streams and encodes 4 mixes (one without each talker, one for the listeners)', () => {
    const room = roomBandwidth({ topology: 'mcu', people: 10, talkers: 3 });
    expect(room.mcu).toEqual({
      audioStreamsDecoded: 3,
      audioMixesEncoded: 4,
      audioDecodesPerSecond: 150,
      audioEncodesPerSecond: 200,
      videoStreamsDecoded: 0,
      videoCompositesEncoded: 0,
    });
  });

  it('gives a lone talker nothing to hear, and encodes one mix for the listeners', () => {
    const room = roomBandwidth({ topology: 'mcu', people: 100, talkers: 1 });
    expect(room.talker).toMatchObject({ downloadKbps: 0 });
    expect(room.mcu?.audioMixesEncoded).toBe(1);
    expect(distinctMixes(1000, 1000)).toBe(1000);
    expect(distinctMixes(5, 0)).toBe(0);
  });
});

describe('voice activity detection', () => {
  it('makes all 10 microphones stream when it is off, so each mesh peer uploads 720 and downloads 720', () => {
    const room = roomBandwidth({ topology: 'mesh', people: 10, talkers: 3, vad: false });
    expect(room.audioSenders).toBe(10);
    expect(room.talker).toMatchObject({ uploadKbps: 720, downloadKbps: 720 });
    expect(room.listener).toMatchObject({ sendsAudio: true, uploadKbps: 720, downloadKbps: 720 });
  });

  it('saves an SFU listener 49 x 80 kbps of download in a 50-person room with one talker', () => {
    const on = roomBandwidth({ topology: 'sfu', people: 50, talkers: 1 });
    const off = roomBandwidth({ topology: 'sfu', people: 50, talkers: 1, vad: false });
    expect(off.listener!.downloadKbps - on.listener!.downloadKbps).toBe(3840);
  });
});

describe('camera video', () => {
  it('adds a 360p camera from each of 2 talkers on top of voice in a 4-person mesh', () => {
    const room = roomBandwidth({ topology: 'mesh', people: 4, talkers: 2, video: { cameras: 2, layer: '360p' } });
    const video = videoLayerOnWire('360p').wireKbps;
    expect(video).toBe(700 + packetsKbps(73));
    expect(room.talker).toMatchObject({ camera: true, uploadKbps: 3 * (80 + video), downloadKbps: 80 + video });
    expect(room.listener).toMatchObject({ camera: false, uploadKbps: 0, downloadKbps: 2 * (80 + video) });
  });

  it('gives camera-only people their own group after the talkers', () => {
    const room = roomBandwidth({ topology: 'sfu', people: 6, talkers: 1, video: { cameras: 3, layer: '180p' } });
    expect(room.groups.map((g) => [g.talking, g.camera, g.count])).toEqual([
      [true, true, 1],
      [false, true, 2],
      [false, false, 3],
    ]);
  });
});

describe('input checks', () => {
  it('refuses more talkers than people, fractions, and an empty room', () => {
    expect(() => roomBandwidth({ topology: 'mesh', people: 3, talkers: 4 })).toThrow(RangeError);
    expect(() => roomBandwidth({ topology: 'mesh', people: 3.5, talkers: 1 })).toThrow(RangeError);
    expect(() => roomBandwidth({ topology: 'sfu', people: 0, talkers: 0 })).toThrow(RangeError);
  });

  it('costs nothing when nobody talks', () => {
    const room = roomBandwidth({ topology: 'sfu', people: 20, talkers: 0 });
    expect(room.talker).toBeNull();
    expect(room.maxUploadKbps).toBe(0);
    expect(room.server?.egressKbps).toBe(0);
  });
});

describe('household uplinks', () => {
  it('cites 3, 20 and 27 Mbps of upload', () => {
    expect(Object.values(UPLINKS).map((u) => [u.uploadKbps, u.source])).toEqual([
      [3000, 'fcc-broadband-2024'],
      [20_000, 'fcc-broadband-2024'],
      [27_000, 'ookla-us-2023'],
    ]);
  });

  it('fits a mesh talker in 3 Mbps up to 38 people, and not at 39', () => {
    expect(largestMeshForUplink(3000, 80)).toBe(38);
    const fits = roomBandwidth({ topology: 'mesh', people: 38, talkers: 1 }).maxUploadKbps;
    const over = roomBandwidth({ topology: 'mesh', people: 39, talkers: 1 }).maxUploadKbps;
    expect(exceedsUplink(fits, UPLINKS['fcc-2015'])).toBe(false);
    expect(exceedsUplink(over, UPLINKS['fcc-2015'])).toBe(true);
  });
});

describe('tables', () => {
  it('lists talkers, listeners and the server with the model values', () => {
    const table = roomTable(roomBandwidth({ topology: 'sfu', people: 10, talkers: 3 }));
    expect(table.rows).toEqual([
      ['Talking', 3, 80, 160, 1, 2],
      ['Listening', 7, 0, 240, 0, 3],
      ['Server (forwards)', 1, 2160, 240, 27, 3],
    ]);
  });

  it('derives the stream line by line', () => {
    expect(voiceStreamTable(DEFAULT_VOICE_STREAM).rows).toEqual([
      ['Opus audio', 160, 64],
      ['IPv4 + UDP + RTP headers', 40, 16],
      ['On the wire', 200, 80],
      ['Packets per second', '', 50],
      ['In kilobytes per second (kB/s)', '', 10],
      ['With Discord’s transport encryption (16 B tag + 4 B nonce), still a lower bound', 220, 88],
      ['Discord’s 2018 average voice packet (220 Gbps ÷ 120 Mpps, derived)', 229, ''],
    ]);
  });
});

function packetsKbps(packetsPerSecond: number): number {
  return (40 * 8 * packetsPerSecond) / 1000;
}
