import { describe, expect, it } from 'vitest';
import {
  DEFAULT_VOICE_WIRE_KBPS,
  liveMemberBandwidth,
  MESH_PEOPLE_CAP,
  meshRoomMembers,
  meshUploadTable,
  sfuRoomMembers,
  meshCameraEncodings,
  recordedStreamWireKbps,
  roomBandwidth,
  simulcastCameraEncodings,
  videoLayerOnWire,
  videoOnWire,
  voiceWireKbps,
  type LiveMember,
} from '@/lib/bandwidth';
import { simulcastLadder } from '@/lib/simulcast/publisher';

const voice = DEFAULT_VOICE_WIRE_KBPS;

function member(id: string, { talks = false, camera = [] as LiveMember['video'] } = {}): LiveMember {
  return { id, voiceWireKbps: voice, sendsVoice: talks, video: camera };
}

/** N people, the first `talkers` talking, the first `cameras` with a camera on: the chapter's room. */
function room(people: number, talkers: number, cameras = 0, camera = meshCameraEncodings('360p')): LiveMember[] {
  return Array.from({ length: people }, (_, i) => member(`p${i}`, { talks: i < talkers, camera: i < cameras ? camera : [] }));
}

describe('one person in a live room, from the same arithmetic as the chapter’s room model', () => {
  it('gives a mesh talker among ten with three talking 720 kbps up and 160 down, a listener 0 up and 240 down', () => {
    const members = room(10, 3);
    expect(liveMemberBandwidth({ topology: 'mesh', members, me: 'p0' })).toMatchObject({ uploadKbps: 720, downloadKbps: 160, connections: 9 });
    expect(liveMemberBandwidth({ topology: 'mesh', members, me: 'p9' })).toMatchObject({ uploadKbps: 0, downloadKbps: 240 });
  });

  it('agrees exactly with roomBandwidth for rooms of identical talkers and listeners, mesh and SFU, with and without cameras', () => {
    for (const topology of ['mesh', 'sfu'] as const) {
      for (const [people, talkers, cameras] of [
        [2, 1, 0],
        [3, 3, 3],
        [8, 2, 2],
        [50, 1, 1],
      ]) {
        const model = roomBandwidth({ topology, people, talkers, video: cameras ? { cameras, layer: '360p' } : null });
        const members = room(people, talkers, cameras);
        const talker = liveMemberBandwidth({ topology, members, me: 'p0' });
        expect([talker.uploadKbps, talker.downloadKbps, talker.connections]).toEqual([model.talker!.uploadKbps, model.talker!.downloadKbps, model.talker!.connections]);
        expect(talker.uploadStreams.audio + talker.uploadStreams.video).toBe(model.talker!.uploadStreams);
        expect(talker.downloadStreams.audio + talker.downloadStreams.video).toBe(model.talker!.downloadStreams);
        if (model.listener) {
          const listener = liveMemberBandwidth({ topology, members, me: `p${people - 1}` });
          expect([listener.uploadKbps, listener.downloadKbps]).toEqual([model.listener.uploadKbps, model.listener.downloadKbps]);
        }
      }
    }
  });

  it('sends a mesh camera at 360p: 700 kbps plus 73 packets of headers, 723.36 kbps a copy', () => {
    expect(meshCameraEncodings()).toEqual([{ rid: '360p', wireKbps: 723.36 }]);
    expect(videoLayerOnWire('360p').wireKbps).toBe(723.36);
  });

  it('doubles a camera talker’s upload in a mesh of three: two copies of 80 + 723.36 kbps', () => {
    const mine = liveMemberBandwidth({ topology: 'mesh', members: room(3, 3, 3), me: 'p1' });
    expect(mine.oneCopyKbps).toBeCloseTo(803.36, 10);
    expect(mine.uploadKbps).toBeCloseTo(1606.72, 10);
    expect(mine.downloadKbps).toBeCloseTo(1606.72, 10);
    expect(mine.uploadStreams).toEqual({ audio: 2, video: 2 });
    expect(mine.downloadStreams).toEqual({ audio: 2, video: 2 });
  });

  it('grows a mesh talker’s upload by one copy per person who joins, and leaves an SFU talker’s flat', () => {
    const uploads = (topology: 'mesh' | 'sfu') =>
      [2, 3, 4, 8].map((n) => Math.round(liveMemberBandwidth({ topology, members: room(n, n, n), me: 'p0' }).uploadKbps * 100) / 100);
    expect(uploads('mesh')).toEqual([803.36, 1606.72, 2410.08, 5623.52]);
    expect(uploads('sfu')).toEqual([803.36, 803.36, 803.36, 803.36]);
  });

  it('uploads a 720p simulcast ladder to an SFU as one stream of three encodings: 150 and 500 kbps targets under a 2,500 kbps top', () => {
    const ladder = simulcastCameraEncodings(simulcastLadder(1280, 720));
    expect(ladder).toEqual([
      { rid: 'q', wireKbps: 150 + 16 * 0.32 },
      { rid: 'h', wireKbps: 500 + 53 * 0.32 },
      { rid: 'f', wireKbps: 2500 + 261 * 0.32 },
    ]);
    const members = [member('me', { talks: true, camera: ladder }), member('a', { talks: true, camera: ladder }), member('b')];
    const mine = liveMemberBandwidth({ topology: 'sfu', members, me: 'me', forwardedRid: { a: 'h' } });
    expect(mine.uploadKbps).toBeCloseTo(80 + 155.12 + 516.96 + 2583.52, 10);
    expect(mine.uploadStreams).toEqual({ audio: 1, video: 1 });
    expect(mine.uploadEncodings).toBe(3);
    // From the SFU: a's voice and the h layer of a's camera.
    expect(mine.downloadKbps).toBeCloseTo(80 + 516.96, 10);
    expect(mine.downloadStreams).toEqual({ audio: 1, video: 1 });
    // A camera the server forwards nothing of (off screen) costs no download.
    expect(liveMemberBandwidth({ topology: 'sfu', members, me: 'me', forwardedRid: { a: null } }).downloadKbps).toBe(80);
  });

  it('counts a bot by what its clip weighs while it talks and what its camera clip sends', () => {
    const bot: LiveMember = { id: 'bot-1', voiceWireKbps: 41.5, sendsVoice: true, video: [{ rid: 'h', wireKbps: 410.25 }] };
    const members = [member('me', { camera: meshCameraEncodings() }), bot];
    const mine = liveMemberBandwidth({ topology: 'mesh', members, me: 'me' });
    expect(mine.downloadKbps).toBeCloseTo(451.75, 10);
    expect(mine.uploadKbps).toBeCloseTo(723.36, 10);
    expect(liveMemberBandwidth({ topology: 'mesh', members: [members[0], { ...bot, sendsVoice: false }], me: 'me' }).downloadKbps).toBe(410.25);
  });

  it('refuses a member it does not know, two members with one id, a mesh camera with several encodings, and negative bitrates', () => {
    expect(() => liveMemberBandwidth({ topology: 'mesh', members: room(2, 1), me: 'x' })).toThrow(RangeError);
    expect(() => liveMemberBandwidth({ topology: 'mesh', members: [member('a'), member('a')], me: 'a' })).toThrow(RangeError);
    const ladder = simulcastCameraEncodings(simulcastLadder(1280, 720));
    expect(() => liveMemberBandwidth({ topology: 'mesh', members: [member('a', { camera: ladder })], me: 'a' })).toThrow(/one encoding/);
    expect(() => liveMemberBandwidth({ topology: 'sfu', members: [{ ...member('a'), voiceWireKbps: -1 }], me: 'a' })).toThrow(RangeError);
  });
});

describe('stream weights', () => {
  it('weighs any video payload in 1200-byte packets with 40 bytes of headers each', () => {
    expect(videoOnWire(0)).toEqual({ packetsPerSecond: 0, wireKbps: 0 });
    expect(videoOnWire(120)).toEqual({ packetsPerSecond: 13, wireKbps: 120 + 4.16 });
    expect(() => videoOnWire(-1)).toThrow(RangeError);
  });

  it('weighs a browser voice at the chapter’s 80 kbps, and 72 with 40 ms frames', () => {
    expect(voiceWireKbps()).toBe(80);
    expect(voiceWireKbps(64, 40)).toBe(72);
  });

  it('weighs a recorded clip by its packets and their headers over its length', () => {
    // 50 packets of 120 bytes in one second: (120 + 40) x 50 x 8 = 64,000 bits.
    expect(recordedStreamWireKbps(Array(50).fill(120), 1)).toBe(64);
    expect(recordedStreamWireKbps([1160, 1160], 0.5)).toBe(38.4);
    expect(() => recordedStreamWireKbps([1], 0)).toThrow(RangeError);
  });
});

describe('a live mesh room’s members, as the room page feeds them to the model', () => {
  const bot = { rid: 'h', videoWireKbps: 300, voiceWireKbps: 50 };

  it('gives a camera the mesh layer and voice, a microphone voice only, a viewer nothing, and a bot its clip and voice while it talks', () => {
    const [camera, mic, viewer, talking, quiet] = meshRoomMembers(
      [
        { id: 'c', role: 'camera' },
        { id: 'm', role: 'mic' },
        { id: 'v', role: 'viewer' },
        { id: 'b1', role: 'bot', talking: true },
        { id: 'b2', role: 'bot' },
      ],
      bot,
    );
    expect(camera).toEqual({ id: 'c', voiceWireKbps: voiceWireKbps(), sendsVoice: true, video: meshCameraEncodings() });
    expect(camera.video).toHaveLength(1);
    expect(mic).toMatchObject({ sendsVoice: true, video: [] });
    expect(viewer).toMatchObject({ sendsVoice: false, video: [] });
    expect(talking).toEqual({ id: 'b1', voiceWireKbps: 50, sendsVoice: true, video: [{ rid: 'h', wireKbps: 300 }] });
    expect(quiet.sendsVoice).toBe(false);
  });

  it('makes a camera’s upload grow by one copy per person up to the cap, while its upload to an SFU stays the same', () => {
    const table = meshUploadTable();
    expect(table.rows.map((r) => r[0])).toEqual(Array.from({ length: MESH_PEOPLE_CAP - 1 }, (_, i) => i + 2));
    const kbps = (cell: string | number) => Number(String(cell).replace(/[^0-9.]/g, ''));
    const oneCopy = voiceWireKbps() + meshCameraEncodings()[0].wireKbps;
    for (const [i, row] of table.rows.entries()) {
      expect(row[1]).toBe(i + 1);
      expect(kbps(row[2])).toBeCloseTo(oneCopy * (i + 1), -1);
      expect(row[3]).toBe(table.rows[0][3]);
    }
  });
});

describe('a live SFU room’s members, as the room page feeds them to the model', () => {
  const bots = {
    layers: [
      { rid: 'q', wireKbps: 60.5 },
      { rid: 'h', wireKbps: 170.25 },
      { rid: 'f', wireKbps: 520 },
    ],
    voiceWireKbps: 41.5,
  };
  const people = [
    { id: 'me', role: 'camera' as const, talking: true, camera: { width: 1280, height: 720 } },
    { id: 'bot', role: 'bot' as const, talking: true },
    { id: 'quiet-bot', role: 'bot' as const, talking: false },
    { id: 'mic', role: 'mic' as const, talking: false },
    { id: 'viewer', role: 'viewer' as const, talking: true },
  ];

  it('gives a camera libwebrtc’s ladder for its size, a microphone its voice without pause, and bots every layer of their clips and their voice while they talk', () => {
    const [me, bot, quiet, mic, viewer] = sfuRoomMembers(people, bots);
    expect(me).toEqual({ id: 'me', voiceWireKbps: 80, sendsVoice: true, video: simulcastCameraEncodings(simulcastLadder(1280, 720)) });
    expect(bot).toEqual({ id: 'bot', voiceWireKbps: 41.5, sendsVoice: true, video: bots.layers });
    expect(quiet.sendsVoice).toBe(false);
    // Not talking by its levels, but a browser's microphone streams all the same.
    expect(mic).toEqual({ id: 'mic', voiceWireKbps: 80, sendsVoice: true, video: [] });
    // A viewer has no microphone to send, whatever the levels say.
    expect(viewer).toMatchObject({ sendsVoice: false, video: [] });
    // A 360p camera gets libwebrtc's two layers for 360p: 150 kbps target at 180p under a 700 kbps top.
    const [small] = sfuRoomMembers([{ id: 's', role: 'camera', talking: false, camera: { width: 640, height: 360 } }], bots);
    expect(small.video).toEqual([
      { rid: 'h', wireKbps: 150 + 16 * 0.32 },
      { rid: 'f', wireKbps: 700 + 73 * 0.32 },
    ]);
  });

  it('leaves out the layers the server asks a publisher to pause: the highest one still sent gets its maximum, as libwebrtc gives it', () => {
    const paused = sfuRoomMembers(
      [
        { id: 'cam', role: 'camera', talking: false, camera: { width: 1280, height: 720 }, requestedRids: ['q'] },
        { id: 'two', role: 'camera', talking: false, camera: { width: 1280, height: 720 }, requestedRids: ['q', 'f'] },
        { id: 'bot', role: 'bot', talking: false, requestedRids: ['q'] },
      ],
      bots,
    );
    // 180p alone: its 200 kbps maximum (not its 150 target), plus headers.
    expect(paused[0].video).toEqual([{ rid: 'q', wireKbps: videoOnWire(200).wireKbps }]);
    expect(paused[1].video).toEqual([
      { rid: 'q', wireKbps: videoOnWire(150).wireKbps },
      { rid: 'f', wireKbps: videoOnWire(2500).wireKbps },
    ]);
    expect(paused[2].video).toEqual(bots.layers.filter((l) => l.rid === 'q'));
    expect(simulcastCameraEncodings(simulcastLadder(1280, 720), null)).toEqual(simulcastCameraEncodings(simulcastLadder(1280, 720)));
  });

  it('predicts a camera talker’s upload (its voice and all three layers) and its download (each talker’s voice and the layer forwarded it)', () => {
    const members = sfuRoomMembers(people, bots);
    const mine = liveMemberBandwidth({ topology: 'sfu', members, me: 'me', forwardedRid: { bot: 'h', 'quiet-bot': 'q' } });
    expect(mine.uploadKbps).toBeCloseTo(80 + 155.12 + 516.96 + 2583.52, 10);
    expect(mine.uploadStreams).toEqual({ audio: 1, video: 1 });
    // The talking bot's voice, its h layer, the quiet bot's q layer, and the microphone's voice.
    expect(mine.downloadKbps).toBeCloseTo(41.5 + 170.25 + 60.5 + 80, 10);
    expect(mine.downloadStreams).toEqual({ audio: 2, video: 2 });
  });

  it('keeps the camera’s upload flat as bots join, where a mesh adds a copy for each', () => {
    const upload = (bots_: number) =>
      liveMemberBandwidth({
        topology: 'sfu',
        members: sfuRoomMembers([people[0], ...Array.from({ length: bots_ }, (_, i) => ({ id: `b${i}`, role: 'bot' as const, talking: false }))], bots),
        me: 'me',
      }).uploadKbps;
    expect([upload(0), upload(1), upload(4)].map((v) => Math.round(v * 100) / 100)).toEqual([3335.6, 3335.6, 3335.6]);
  });
});
