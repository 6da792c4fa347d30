import { describe, expect, it } from 'vitest';
import { RtpHeader, RtpPacket } from 'werift';
import { Publisher } from '@/server/sfu/Publisher';
import { Subscriber, type RtpSink } from '@/server/sfu/Subscriber';
import { Room, RoomError } from '@/server/sfu/Room';
import { Bot } from '@/server/sfu/Bot';
import { loadBotMedia } from '@/server/sfu/BotMedia';
import { isVp8KeyframeStart, packetizeVp8, vp8KeyframeSize } from '@/server/sfu/vp8';
import { readIvf, readOggOpus } from '@/server/sfu/containers';
import { readFileSync } from 'node:fs';
import { LAYER_PAUSE_HOLD_MS } from '@/lib/simulcast/layerDemand';

const LAYERS = [
  { rid: 'q', width: 320, height: 180, maxKbps: 200, active: true },
  { rid: 'h', width: 640, height: 360, maxKbps: 700, active: true },
  { rid: 'f', width: 1280, height: 720, maxKbps: 2500, active: true },
];

function clock(start = 1000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

function vp8Packet(keyframe: boolean, seq: number): RtpPacket {
  // Descriptor with S=1, then a payload header whose P bit says key (0) or delta (1).
  const frame = Buffer.from([keyframe ? 0x00 : 0x01, 0, 0, 0x9d, 0x01, 0x2a, 0x40, 0x01, 0xb4, 0x00]);
  return new RtpPacket(new RtpHeader({ sequenceNumber: seq, timestamp: seq * 3000, ssrc: 1, payloadType: 96 }), packetizeVp8(frame, seq, 1200)[0]);
}

/** A keyframe that says its size, as a real layer's does (the Publisher trusts the size in a keyframe). */
function vp8KeyframeOfSize(width: number, height: number, seq: number): RtpPacket {
  const frame = Buffer.from([0x00, 0, 0, 0x9d, 0x01, 0x2a, width & 0xff, width >> 8, height & 0xff, height >> 8]);
  return new RtpPacket(new RtpHeader({ sequenceNumber: seq, timestamp: seq * 3000, ssrc: 1, payloadType: 96 }), packetizeVp8(frame, seq, 1200)[0]);
}

function recordingSink() {
  const sent: { seq: number; sourceChange: boolean }[] = [];
  let changed = false;
  const sink: RtpSink = {
    send: (p) => {
      sent.push({ seq: p.header.sequenceNumber, sourceChange: changed });
      changed = false;
    },
    markSourceChange: () => {
      changed = true;
    },
  };
  return { sink, sent };
}

describe('VP8 forwarding helpers', () => {
  it('tells the first packet of a keyframe from a delta frame and reads its size', () => {
    expect(isVp8KeyframeStart(vp8Packet(true, 1).payload)).toBe(true);
    expect(isVp8KeyframeStart(vp8Packet(false, 1).payload)).toBe(false);
    expect(vp8KeyframeSize(vp8Packet(true, 1).payload)).toEqual({ width: 320, height: 180 });
  });

  it('reads the committed bot clips: three layers with a keyframe first, and spoken Opus packets', () => {
    const media = loadBotMedia();
    expect(media.layers.map((l) => [l.layer.rid, l.layer.width, l.layer.height])).toEqual([
      ['q', 320, 180],
      ['h', 640, 360],
      ['f', 1280, 720],
    ]);
    for (const l of media.layers) expect(l.keyframes[0]).toBe(true);
    const ivf = readIvf(readFileSync('media/bots/video-q.ivf'));
    expect(ivf.frames.length).toBe(60);
    expect(readOggOpus(readFileSync('media/bots/voice-1.ogg')).length).toBe(media.voices[0].packets.length);
  });
});

describe('Subscriber and LayerSelector', () => {
  it('forwards nothing of a new layer until its keyframe, then switches and marks the source change', () => {
    const c = clock();
    const publisher = new Publisher('pub', 'Pub', false, LAYERS, false, c.now);
    const requests: string[] = [];
    publisher.on('keyframe-request', (rid) => requests.push(rid));
    for (const rid of ['q', 'h', 'f']) publisher.ingestVideo(rid, vp8Packet(false, 1));
    const { sink, sent } = recordingSink();
    const sub = new Subscriber('viewer', publisher, sink, null, c.now);
    sub.setDownlinkShareKbps(5000);
    sub.setTile(640, 360);
    expect(requests).toEqual(['h']);
    publisher.ingestVideo('h', vp8Packet(false, 10));
    expect(sent).toEqual([]);
    publisher.ingestVideo('h', vp8Packet(true, 11));
    publisher.ingestVideo('h', vp8Packet(false, 12));
    publisher.ingestVideo('q', vp8Packet(true, 13));
    expect(sent).toEqual([
      { seq: 11, sourceChange: true },
      { seq: 12, sourceChange: false },
    ]);
    expect(sub.stats().rid).toBe('h');
  });

  it('gives a viewer whose tile shrinks the 180p layer, keeping the old one until the keyframe', () => {
    const c = clock();
    const publisher = new Publisher('pub', 'Pub', false, LAYERS, false, c.now);
    for (const rid of ['q', 'h', 'f']) publisher.ingestVideo(rid, vp8Packet(false, 1));
    const { sink, sent } = recordingSink();
    const sub = new Subscriber('viewer', publisher, sink, null, c.now);
    sub.setDownlinkShareKbps(5000);
    sub.setTile(1280, 720);
    publisher.ingestVideo('f', vp8Packet(true, 2));
    expect(sub.stats().rid).toBe('f');
    sub.setTile(160, 90);
    expect(sub.stats().pendingRid).toBe('q');
    publisher.ingestVideo('f', vp8Packet(false, 3));
    publisher.ingestVideo('q', vp8Packet(true, 4));
    expect(sent.map((s) => s.seq)).toEqual([2, 3, 4]);
    expect(sub.stats().rid).toBe('q');
  });

  it('sends a hidden tile no video at all, and resumes on a keyframe when shown', () => {
    const c = clock();
    const publisher = new Publisher('pub', 'Pub', false, LAYERS, false, c.now);
    for (const rid of ['q', 'h', 'f']) publisher.ingestVideo(rid, vp8Packet(false, 1));
    const { sink, sent } = recordingSink();
    const sub = new Subscriber('viewer', publisher, sink, null, c.now);
    sub.setDownlinkShareKbps(5000);
    sub.setTile(320, 180);
    publisher.ingestVideo('q', vp8Packet(true, 2));
    sub.setVisible(false);
    publisher.ingestVideo('q', vp8Packet(false, 3));
    publisher.ingestVideo('q', vp8Packet(true, 4));
    expect(sub.stats().paused).toBe(true);
    sub.setVisible(true);
    publisher.ingestVideo('q', vp8Packet(false, 5));
    publisher.ingestVideo('q', vp8Packet(true, 6));
    expect(sent.map((s) => s.seq)).toEqual([2, 6]);
  });

  it('moves a viewer whose browser reports heavy loss down a layer, and shows the estimate in its stats', () => {
    const c = clock();
    const publisher = new Publisher('pub', 'Pub', false, LAYERS, false, c.now);
    const requests: string[] = [];
    publisher.on('keyframe-request', (rid) => requests.push(rid));
    for (const rid of ['q', 'h', 'f']) publisher.ingestVideo(rid, vp8Packet(false, 1));
    const sub = new Subscriber('viewer', publisher, recordingSink().sink, null, c.now);
    sub.setDownlinkShareKbps(8000);
    sub.setTile(1280, 720);
    publisher.ingestVideo('f', vp8KeyframeOfSize(1280, 720, 2));
    expect(sub.stats()).toMatchObject({ rid: 'f', availableKbps: 8000 });
    // 50 % loss cuts the estimate by 25 % a report: 6000, 4500, 3375, 2531 still carry 720p (2500 kbps).
    for (let i = 0; i < 4; i++) {
      c.advance(1000);
      sub.onReceiverReport(128 / 256);
    }
    expect(sub.stats()).toMatchObject({ rid: 'f', pendingRid: null, availableKbps: 2531 });
    // The fifth report (1898 kbps) no longer does: the SFU asks for a 360p keyframe and switches on it.
    c.advance(1000);
    sub.onReceiverReport(128 / 256);
    expect(sub.stats()).toMatchObject({ rid: 'f', pendingRid: 'h', availableKbps: 1898 });
    expect(requests.at(-1)).toBe('h');
    publisher.ingestVideo('h', vp8KeyframeOfSize(640, 360, 3));
    expect(sub.stats().rid).toBe('h');
  });

  it('lets the reader\'s pretend downlink cap a viewer whose reports show no loss', () => {
    const c = clock();
    const publisher = new Publisher('pub', 'Pub', false, LAYERS, false, c.now);
    for (const rid of ['q', 'h', 'f']) publisher.ingestVideo(rid, vp8Packet(false, 1));
    const sub = new Subscriber('viewer', publisher, recordingSink().sink, null, c.now);
    sub.setDownlinkShareKbps(1000);
    sub.setTile(1280, 720);
    c.advance(1000);
    sub.onReceiverReport(0);
    expect(sub.estimateKbps).toBe(8000);
    expect(sub.stats()).toMatchObject({ pendingRid: 'h', availableKbps: 1000 });
  });

  it('tells the downlink split what its smallest layer needs: x 1.2 to start, its bitrate once it plays, nothing while hidden', () => {
    const c = clock();
    const publisher = new Publisher('pub', 'Pub', false, LAYERS, false, c.now);
    for (const rid of ['q', 'h', 'f']) publisher.ingestVideo(rid, vp8Packet(false, 1));
    const sub = new Subscriber('viewer', publisher, recordingSink().sink, null, c.now);
    sub.setTile(160, 90);
    sub.setDownlinkShareKbps(239);
    sub.reselect();
    expect(sub.downlinkTile()).toEqual({ audioKbps: 0, hasVideo: true, visible: true, floorKbps: 240, receiving: false });
    expect(sub.stats()).toMatchObject({ rid: null, pausedBecause: 'link-too-slow' });
    sub.setDownlinkShareKbps(240);
    sub.reselect();
    expect(sub.downlinkTile()).toMatchObject({ floorKbps: 240, receiving: true });
    publisher.ingestVideo('q', vp8KeyframeOfSize(320, 180, 2));
    expect(sub.stats().rid).toBe('q');
    expect(sub.downlinkTile()).toMatchObject({ floorKbps: 200, receiving: true });
    sub.setVisible(false);
    expect(sub.downlinkTile()).toMatchObject({ visible: false });
  });

  it('retries a viewer that loss pushed off every layer once its silent stream has lost nothing for a while', () => {
    const c = clock();
    const publisher = new Publisher('pub', 'Pub', false, LAYERS, false, c.now);
    for (const rid of ['q', 'h', 'f']) publisher.ingestVideo(rid, vp8Packet(false, 1));
    const sub = new Subscriber('viewer', publisher, recordingSink().sink, null, c.now);
    sub.setDownlinkShareKbps(8000);
    sub.setTile(320, 180);
    for (let i = 0; i < 20; i++) {
      c.advance(1000);
      sub.onReceiverReport(1);
    }
    expect(sub.stats()).toMatchObject({ paused: true, pendingRid: null, availableKbps: 100 });
    // The browser stops reporting on a stream that carries nothing; each silent second counts as 0 % loss.
    let seconds = 0;
    while (sub.stats().pendingRid === null && seconds < 60) {
      c.advance(1000);
      sub.roll(c.now());
      sub.tick(c.now());
      seconds += 1;
    }
    // 100 kbps x 1.05^n reaches the 240 kbps that starting 180p needs after 18 counted seconds, the first 2 s after the last report.
    expect(seconds).toBe(19);
    expect(sub.stats().pendingRid).toBe('q');
  });

  it('lets a forced layer win over the tile size', () => {
    const c = clock();
    const publisher = new Publisher('pub', 'Pub', false, LAYERS, false, c.now);
    for (const rid of ['q', 'h', 'f']) publisher.ingestVideo(rid, vp8Packet(false, 1));
    const sub = new Subscriber('viewer', publisher, recordingSink().sink, null, c.now);
    sub.setDownlinkShareKbps(5000);
    sub.setTile(160, 90);
    sub.forceLayer('f');
    expect(sub.stats().pendingRid).toBe('f');
  });
});

describe('pausing the layers nobody takes (lib/simulcast/layerDemand)', () => {
  /** One stats tick as the room runs it: the publisher first, then each viewer. */
  function tick(c: ReturnType<typeof clock>, publisher: Publisher, subs: Subscriber[]) {
    c.advance(1000);
    publisher.roll(c.now());
    for (const sub of subs) {
      sub.roll(c.now());
      sub.tick(c.now());
    }
  }

  it('asks the publisher for the smallest layer alone once every viewer has a small tile, and resumes a layer at once with a keyframe request', () => {
    const c = clock();
    const publisher = new Publisher('pub', 'Pub', false, LAYERS, false, c.now);
    const asked: (readonly string[])[] = [];
    const keyframes: string[] = [];
    publisher.on('layers-requested', (rids) => asked.push(rids));
    publisher.on('keyframe-request', (rid) => keyframes.push(rid));
    for (const rid of ['q', 'h', 'f']) publisher.ingestVideo(rid, vp8Packet(true, 1));
    const subs = [0, 1].map((i) => new Subscriber(`viewer-${i}`, publisher, recordingSink().sink, null, c.now));
    for (const sub of subs) {
      sub.setDownlinkShareKbps(5000);
      sub.setTile(274, 154);
    }
    expect(publisher.requestedRids).toEqual(['q', 'h', 'f']);
    for (let t = 0; t < LAYER_PAUSE_HOLD_MS / 1000 + 1; t++) tick(c, publisher, subs);
    expect(asked).toEqual([['q']]);
    expect(publisher.requestedRids).toEqual(['q']);
    expect(publisher.stats().layers.map((l) => [l.rid, l.requested])).toEqual([
      ['q', true],
      ['h', false],
      ['f', false],
    ]);
    // One viewer goes full screen: 720p is asked for at once, and a keyframe of it.
    keyframes.length = 0;
    subs[1].setTile(1280, 720);
    expect(asked.at(-1)).toEqual(['q', 'f']);
    expect(keyframes).toContain('f');
    // It stays on while that viewer wants it, and goes again once nobody does.
    for (let t = 0; t < 5; t++) tick(c, publisher, subs);
    expect(publisher.requestedRids).toEqual(['q', 'f']);
    subs[1].close();
    for (let t = 0; t < LAYER_PAUSE_HOLD_MS / 1000 + 1; t++) tick(c, publisher, subs.slice(0, 1));
    expect(publisher.requestedRids).toEqual(['q']);
  });

  it('switches a viewer to a resumed layer as soon as its packets arrive again', () => {
    const c = clock();
    const publisher = new Publisher('pub', 'Pub', false, LAYERS, false, c.now);
    for (const rid of ['q', 'h', 'f']) publisher.ingestVideo(rid, vp8Packet(true, 1));
    const { sink, sent } = recordingSink();
    const sub = new Subscriber('viewer', publisher, sink, null, c.now);
    sub.setDownlinkShareKbps(5000);
    sub.setTile(274, 154);
    publisher.ingestVideo('q', vp8Packet(true, 2));
    // Only 180p arrives for a while: the others go quiet (paused at the camera).
    for (let t = 0; t < 4; t++) {
      c.advance(1000);
      publisher.ingestVideo('q', vp8Packet(false, 3 + t));
      publisher.roll(c.now());
      sub.roll(c.now());
      sub.tick(c.now());
    }
    expect(publisher.layers.filter((l) => l.active).map((l) => l.rid)).toEqual(['q']);
    sub.setTile(1280, 720);
    // 720p is not arriving yet: the viewer keeps 180p meanwhile.
    expect(sub.stats().rid).toBe('q');
    expect(publisher.requestedRids).toContain('f');
    publisher.ingestVideo('f', vp8Packet(true, 50));
    expect(sub.stats().rid).toBe('f');
    expect(sent.at(-1)).toEqual({ seq: 50, sourceChange: true });
  });

  it('a bot stops sending the layers the room does not ask for', () => {
    const c = clock();
    const bot = new Bot('bot-1', 'Bot 1', loadBotMedia(), 1, c.now);
    const sub = new Subscriber('viewer', bot.publisher, recordingSink().sink, null, c.now);
    sub.setDownlinkShareKbps(5000);
    sub.setTile(160, 90);
    const secondByLayer: boolean[][] = [];
    for (let t = 0; t < LAYER_PAUSE_HOLD_MS / 1000 + 2; t++) {
      for (let f = 0; f < 10; f++) bot.sendVideoFrame();
      c.advance(1000);
      bot.publisher.roll(c.now());
      secondByLayer.push(bot.publisher.stats().layers.map((l) => l.packetsPerSecond > 0));
      sub.roll(c.now());
      sub.tick(c.now());
    }
    expect(bot.publisher.requestedRids).toEqual(['q']);
    expect(secondByLayer[0]).toEqual([true, true, true]);
    const after = bot.publisher.stats().layers;
    expect(after.map((l) => [l.rid, l.packetsPerSecond > 0])).toEqual([
      ['q', true],
      ['h', false],
      ['f', false],
    ]);
    bot.close();
  });

  it('with pausing off (bench:sfu room-all-layers) every layer stays asked for', () => {
    const c = clock();
    const publisher = new Publisher('pub', 'Pub', false, LAYERS, false, c.now);
    publisher.layerPausing = false;
    const asked: (readonly string[])[] = [];
    publisher.on('layers-requested', (rids) => asked.push(rids));
    const sub = new Subscriber('viewer', publisher, recordingSink().sink, null, c.now);
    sub.setDownlinkShareKbps(5000);
    sub.setTile(160, 90);
    for (let t = 0; t < 10; t++) tick(c, publisher, [sub]);
    expect(publisher.requestedRids).toEqual(['q', 'h', 'f']);
    expect(asked).toEqual([]);
  });
});

describe('Room', () => {
  const media = () => loadBotMedia();

  it('refuses the 51st member with room-full and changes nothing', () => {
    const room = new Room('full', { timers: false, maxPeers: 2, loadBotMedia: media });
    room.addBot();
    room.addBot();
    expect(() => room.join('p', 'P', 'viewer')).toThrowError(RoomError);
    try {
      room.join('p', 'P', 'viewer');
    } catch (error) {
      expect((error as RoomError).code).toBe('room-full');
    }
    expect(room.size).toBe(2);
    room.close();
  });

  it('subscribes a viewer to every bot and unsubscribes it when the bot leaves', () => {
    const room = new Room('r', { timers: false, loadBotMedia: media });
    const messages: string[] = [];
    room.on('message', (_peerId, m) => messages.push(m.type));
    room.addBot();
    const peer = room.join('viewer', 'Viewer', 'viewer');
    expect(peer.subscribers.map((s) => s.publisher.peerId)).toEqual(['bot-1']);
    room.removeBot();
    expect(peer.subscribers).toEqual([]);
    expect(messages).toContain('joined');
    expect(messages).toContain('peer-left');
    room.close();
  });

  it('leaves nothing behind after close(), and a second close() is harmless', () => {
    const room = new Room('c', { loadBotMedia: media });
    const bot = room.addBot();
    const peer = room.join('a', 'A', 'viewer');
    room.join('b', 'B', 'mic');
    room.close();
    room.close();
    expect(room.resources).toEqual({ peers: 0, bots: 0, publishers: 0, timers: 0, listeners: 0 });
    expect(peer.resources).toEqual({ subscriptions: 0, slots: 0, disposers: 0, timers: 0, connections: 0, sockets: 0 });
    expect(bot.timersRunning).toBe(0);
    expect(bot.publisher.packetListenerCount).toBe(0);
  });

  it('lets a bot speak its line in its turn and marks it speaking from the audio levels', () => {
    const c = clock();
    const bot = new Bot('bot-1', 'Bot 1', media(), 1, c.now);
    const speaking: boolean[] = [];
    bot.publisher.on('speaking', (s) => speaking.push(s));
    bot.startTalking();
    for (let i = 0; i < 100; i++) {
      c.advance(20);
      bot.sendAudioFrame();
    }
    expect(speaking[0]).toBe(true);
    expect(bot.publisher.audioMeter.totalPackets).toBeGreaterThan(0);
    bot.close();
  });
});
