/**
 * The room model for one person in a real room, where not everyone is alike: some send a camera and some
 * do not, bots send their clips, a simulcast camera sends several encodings at once, and an SFU forwards
 * each viewer one layer of each camera. `roomBandwidth` (room.ts) is the same arithmetic for a room of
 * identical talkers and listeners; for such a room the two agree exactly (test/unit/bandwidth-members.test.ts).
 *
 * Every stream is weighed on the wire as the chapter weighs it: payload plus 40 bytes of IPv4, UDP and RTP
 * headers per packet (stream.ts). Mesh: a person sends their own copy of each stream to each of the other
 * N - 1 and receives everyone else's directly. SFU: a person sends each stream once (every simulcast encoding
 * of it) and receives from the server each other person's audio and the one layer it forwards them.
 */
import { DEFAULT_VOICE_STREAM, voiceStream } from './stream';
import { MESH_SEND_LAYER, VIDEO_LAYERS, videoOnWire, type VideoLayerId } from './video';
import { layerSendKbps, pauseUnwatchedLayers, simulcastLadder, type LadderLayer } from '@/lib/simulcast/publisher';
import type { BotSendWeights } from './recorded';
import type { TableData } from '@/lib/table';
import { formatKbps } from '@/lib/units';

export type LiveTopology = 'mesh' | 'sfu';

/** One encoding a member sends: a single camera stream, or one simulcast layer. */
export interface SentEncoding {
  rid: string;
  /** Wire kbps while it is being sent. */
  wireKbps: number;
}

/** What one member sends now, as the room knows it. */
export interface LiveMember {
  id: string;
  /** Wire kbps of its voice while it sends it (a browser's Opus stream, a bot's line). */
  voiceWireKbps: number;
  /** Sending voice right now: talking with voice activity detection, or a microphone that always streams. */
  sendsVoice: boolean;
  /** Its camera's encodings, smallest first: one in a mesh, a simulcast ladder to an SFU; empty without a camera. */
  video: SentEncoding[];
}

export interface LiveMemberInput {
  topology: LiveTopology;
  members: readonly LiveMember[];
  /** Whose upload and download to compute. */
  me: string;
  /** SFU only: the layer the server forwards `me` of each other member's camera (null: none, e.g. off screen). Omitted: the top layer. */
  forwardedRid?: Readonly<Record<string, string | null>>;
}

export interface LiveStreamCount {
  audio: number;
  video: number;
}

export interface LiveMemberBandwidth {
  topology: LiveTopology;
  people: number;
  uploadKbps: number;
  downloadKbps: number;
  /** Media streams sent and received. A simulcast camera is one stream however many encodings it has. */
  uploadStreams: LiveStreamCount;
  downloadStreams: LiveStreamCount;
  /** Encodings sent: a simulcast camera counts each of its layers. */
  uploadEncodings: number;
  /** Peer connections carrying media: one per other person in a mesh, one to the server otherwise. */
  connections: number;
  /** What one copy of my media weighs (voice while sending, plus every encoding of my camera). */
  oneCopyKbps: number;
}

const sum = (values: readonly number[]) => values.reduce((total, v) => total + v, 0);

function forwarded(member: LiveMember, rid: string | null | undefined): SentEncoding | null {
  if (member.video.length === 0 || rid === null) return null;
  if (rid === undefined) return member.video[member.video.length - 1];
  return member.video.find((e) => e.rid === rid) ?? null;
}

export function liveMemberBandwidth({ topology, members, me, forwardedRid = {} }: LiveMemberInput): LiveMemberBandwidth {
  const self = members.find((m) => m.id === me);
  if (!self) throw new RangeError(`me ("${me}") is not one of the members`);
  if (new Set(members.map((m) => m.id)).size !== members.length) throw new RangeError('member ids must be unique');
  for (const m of members) {
    if (!(m.voiceWireKbps >= 0) || m.video.some((e) => !(e.wireKbps >= 0))) throw new RangeError(`member "${m.id}" has a negative or missing bitrate`);
    if (topology === 'mesh' && m.video.length > 1) throw new RangeError(`member "${m.id}": a mesh peer sends one encoding of its camera, not ${m.video.length}`);
  }
  const others = members.filter((m) => m !== self);
  const myVoice = self.sendsVoice ? self.voiceWireKbps : 0;
  const myVideo = sum(self.video.map((e) => e.wireKbps));
  const oneCopyKbps = myVoice + myVideo;
  const myStreams: LiveStreamCount = { audio: self.sendsVoice ? 1 : 0, video: self.video.length > 0 ? 1 : 0 };
  const othersVoice = others.filter((m) => m.sendsVoice);
  const receivedVideo = others.map((m) => (topology === 'mesh' ? (m.video[0] ?? null) : forwarded(m, forwardedRid[m.id])));
  const downloadKbps = sum(othersVoice.map((m) => m.voiceWireKbps)) + sum(receivedVideo.map((e) => e?.wireKbps ?? 0));
  const downloadStreams = { audio: othersVoice.length, video: receivedVideo.filter(Boolean).length };
  const copies = topology === 'mesh' ? others.length : 1;
  return {
    topology,
    people: members.length,
    uploadKbps: oneCopyKbps * copies,
    downloadKbps,
    uploadStreams: { audio: myStreams.audio * copies, video: myStreams.video * copies },
    downloadStreams,
    uploadEncodings: self.video.length * copies,
    connections: topology === 'mesh' ? others.length : 1,
    oneCopyKbps,
  };
}


/** The voice a live-room browser sends: the chapter's stream, 64 kbps of Opus in 20 ms packets (80 kbps on the wire). */
export const LIVE_VOICE = DEFAULT_VOICE_STREAM;

/** A browser's camera in a mesh: one encoding of the mesh layer, at that layer's libwebrtc bitrate. */
export function meshCameraEncodings(layer: VideoLayerId = MESH_SEND_LAYER): SentEncoding[] {
  return [{ rid: layer, wireKbps: videoOnWire(VIDEO_LAYERS[layer].maxKbps).wireKbps }];
}

/**
 * A browser's simulcast camera to an SFU: the layers it sends, each at libwebrtc's rate when the link carries
 * them all: the highest layer sent at its maximum, every one below at its target (lib/simulcast/publisher.ts
 * layerSendKbps). `requestedRids` are the layers the server asks for (lib/simulcast/layerDemand; the
 * server's stats say which, `requested`): the others are paused at the browser and send nothing. Omitted:
 * every layer.
 */
export function simulcastCameraEncodings(ladder: readonly LadderLayer[], requestedRids?: readonly string[] | null): SentEncoding[] {
  const sending = requestedRids ? pauseUnwatchedLayers(ladder, requestedRids) : ladder.map((layer) => ({ ...layer, active: true }));
  return sending.filter((layer) => layer.active).map((layer) => ({ rid: layer.rid, wireKbps: videoOnWire(layerSendKbps(sending, layer.rid)).wireKbps }));
}

/** Wire kbps of a browser's voice at this Opus bitrate and frame length. */
export function voiceWireKbps(opusKbps: number = LIVE_VOICE.opusKbps, frameMs: number = LIVE_VOICE.frameMs): number {
  return voiceStream({ opusKbps, frameMs }).wireKbps;
}

/** Someone in a live mesh room as the page knows them: how they joined, and for a bot whether it is talking. */
export interface MeshRoomPerson {
  id: string;
  role: 'camera' | 'mic' | 'viewer' | 'bot';
  /** Bots send voice only while they say their line; a browser's microphone streams all the time. */
  talking?: boolean;
}

/** What every bot in a mesh room sends: one clip layer, and its voice while it talks (server/mesh/MeshBot). */
export interface MeshBotSends {
  rid: string;
  videoWireKbps: number;
  voiceWireKbps: number;
}

/**
 * The members of a live mesh room as the model sees them: a browser's camera sends the mesh layer
 * (MESH_SEND_LAYER) and its microphone the chapter's voice stream without pause; a viewer sends nothing;
 * a bot sends its clip's layer, and its voice while it talks.
 */
export function meshRoomMembers(people: readonly MeshRoomPerson[], bot: MeshBotSends): LiveMember[] {
  return people.map((person) => {
    if (person.role === 'bot') {
      return { id: person.id, voiceWireKbps: bot.voiceWireKbps, sendsVoice: !!person.talking, video: [{ rid: bot.rid, wireKbps: bot.videoWireKbps }] };
    }
    return {
      id: person.id,
      voiceWireKbps: voiceWireKbps(),
      sendsVoice: person.role !== 'viewer',
      video: person.role === 'camera' ? meshCameraEncodings() : [],
    };
  });
}

/** Someone in a live SFU room as the page knows them, from the peer list and the server's stats. */
export interface SfuRoomPerson {
  id: string;
  role: 'camera' | 'mic' | 'viewer' | 'bot';
  /**
   * Talking now, as the server hears it (RFC 6464 levels). Only a bot's voice follows it (it sends nothing
   * between its lines); a browser's microphone streams all the time, as in a mesh (no DTX is negotiated).
   */
  talking: boolean;
  /** A browser camera's size (its largest simulcast layer): libwebrtc's ladder for it follows. */
  camera?: { width: number; height: number } | null;
  /**
   * The simulcast layers the server asks this publisher to send (its stats' `requested` layers,
   * lib/simulcast/layerDemand); the others are paused at the source. Omitted or null: every layer.
   */
  requestedRids?: readonly string[] | null;
}

/**
 * The members of a live SFU room as the model sees them: a browser's camera sends libwebrtc's simulcast
 * ladder for its size (the layers the server asks for, `simulcastCameraEncodings`) and its microphone the
 * chapter's voice stream without pause; a viewer sends nothing; a bot sends the asked-for layers of its clips
 * as weighed from them (lib/bandwidth/recorded), and its voice while it talks. With `forwardedRid` (which layer the server
 * forwards whom, from the viewer's own stats), `liveMemberBandwidth` gives one person's upload and download.
 */
export function sfuRoomMembers(people: readonly SfuRoomPerson[], bots: BotSendWeights): LiveMember[] {
  return people.map((person) => {
    const requested = person.requestedRids ? new Set(person.requestedRids) : null;
    if (person.role === 'bot') {
      return { id: person.id, voiceWireKbps: bots.voiceWireKbps, sendsVoice: person.talking, video: bots.layers.filter((l) => !requested || requested.has(l.rid)) };
    }
    const camera = person.role === 'camera' && person.camera ? person.camera : null;
    return {
      id: person.id,
      voiceWireKbps: voiceWireKbps(),
      sendsVoice: person.role !== 'viewer',
      video: camera ? simulcastCameraEncodings(simulcastLadder(camera.width, camera.height), person.requestedRids) : [],
    };
  });
}

/**
 * The most people (bots count) a live mesh room holds. Everyone sends their own copy of camera and voice to
 * each of the others: at 8, seven copies of the mesh layer and voice, about 5.6 Mbps up and seven encoders
 * running, which is already more than many home uplinks (3 Mbps was the US benchmark until 2024) and phones
 * keep up with. The server enforces it (server/limits.ts MAX_MESH_PEERS).
 */
export const MESH_PEOPLE_CAP = 8;

/** One row per room size up to the mesh cap: what a person with camera and microphone uploads in a mesh and to an SFU. */
export function meshUploadTable(cap: number = MESH_PEOPLE_CAP): TableData {
  const sfuCamera = simulcastCameraEncodings(simulcastLadder(1280, 720));
  const rows: (string | number)[][] = [];
  for (let people = 2; people <= cap; people += 1) {
    const ids = Array.from({ length: people }, (_, i) => `p${i}`);
    const mesh = liveMemberBandwidth({ topology: 'mesh', members: meshRoomMembers(ids.map((id) => ({ id, role: 'camera' })), NO_BOTS), me: 'p0' });
    const sfu = liveMemberBandwidth({
      topology: 'sfu',
      members: ids.map((id) => ({ id, voiceWireKbps: voiceWireKbps(), sendsVoice: true, video: sfuCamera })),
      me: 'p0',
    });
    rows.push([people, mesh.uploadStreams.video, formatKbps(Math.round(mesh.uploadKbps)), formatKbps(Math.round(sfu.uploadKbps))]);
  }
  return {
    caption: `Your upload with camera (${MESH_SEND_LAYER} in a mesh, 720p simulcast to an SFU) and microphone, as people join`,
    columns: ['People', 'Camera copies you send (mesh)', 'Your upload, mesh', 'Your upload, SFU'],
    rows,
  };
}

const NO_BOTS: MeshBotSends = { rid: '', videoWireKbps: 0, voiceWireKbps: 0 };
