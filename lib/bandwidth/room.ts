/**
 * Who sends and receives how much in one voice room, for three ways of wiring it (RFC 7667 [rfc7667]):
 *
 * - mesh: every sender sends its own copy straight to every other person, over N - 1 peer connections.
 * - sfu:  every sender uploads once; the server forwards a separate copy to each receiver, without decoding.
 * - mcu:  every sender uploads once; the server decodes the streams, mixes them, and encodes one mixed stream
 *         per distinct mix, so each receiver downloads a single stream.
 *
 * People are numbered 0..N-1. The first `talkers` are speaking; the first `video.cameras` have their camera on
 * (so cameras go to talkers first). With VAD on, only talkers send audio; with VAD off, every microphone streams
 * all the time, silence included. Downloads for mesh and SFU are the same: an SFU saves upload, not download.
 */
import { countBounds, type InputBounds } from '@/lib/bounds';
import { DEFAULT_VOICE_WIRE_KBPS, DEFAULT_VOICE_STREAM } from './stream';
import { videoLayerOnWire, type VideoLayerId } from './video';

export type Topology = 'mesh' | 'sfu' | 'mcu';

/** The room figure's people slider: two people up to a thousand (where a mesh needs half a million connections). */
export const ROOM_PEOPLE_BOUNDS: Readonly<InputBounds> = Object.freeze({ min: 2, max: 1000, step: 1 });

/** Anyone from nobody to everyone in the room can be talking. */
export function talkerBounds(people: number): InputBounds {
  return countBounds(people);
}
export const TOPOLOGIES: readonly Topology[] = ['mesh', 'sfu', 'mcu'];

export interface RoomInput {
  topology: Topology;
  /** N: everyone in the voice channel, 1 or more. */
  people: number;
  /** K: how many are speaking right now, 0..N. */
  talkers: number;
  /** Voice activity detection: when on (the default), people who are not speaking send no audio. */
  vad?: boolean;
  /** Wire bitrate of one voice stream; defaults to 80 kbps (64 kbps Opus + 16 kbps of headers). */
  streamKbps?: number;
  /** Packets per second of one voice stream; defaults to 50 (20 ms frames). */
  streamPacketsPerSecond?: number;
  /** Camera video: how many people send it, at which layer. Omit or null for voice only. */
  video?: { cameras: number; layer: VideoLayerId } | null;
}

export interface PersonBandwidth {
  /** Speaking right now? */
  talking: boolean;
  camera: boolean;
  /** Whether this person's microphone stream is being sent (talking, or VAD off). */
  sendsAudio: boolean;
  /** How many people in the room are in exactly this situation. */
  count: number;
  uploadKbps: number;
  downloadKbps: number;
  /** Streams this person sends (copies count separately: a mesh talker sends N - 1). */
  uploadStreams: number;
  downloadStreams: number;
  /** Of downloadStreams, how many are voice (the rest are video). */
  downloadVoiceStreams: number;
  /** Network connections this person keeps open for media. */
  connections: number;
}

export interface ServerBandwidth {
  ingressKbps: number;
  egressKbps: number;
  ingressStreams: number;
  egressStreams: number;
  ingressPacketsPerSecond: number;
  egressPacketsPerSecond: number;
}

/**
 * What an MCU must compute. A speaker must not hear themselves, so each audio sender gets its own
 * "mix-minus-self"; everyone who sends no audio shares one mix. Same for video composites.
 */
export interface McuWork {
  audioStreamsDecoded: number;
  audioMixesEncoded: number;
  /** Opus frames decoded and encoded per second (one frame per packet). */
  audioDecodesPerSecond: number;
  audioEncodesPerSecond: number;
  videoStreamsDecoded: number;
  videoCompositesEncoded: number;
}

export interface RoomBandwidth {
  topology: Topology;
  people: number;
  talkers: number;
  vad: boolean;
  streamKbps: number;
  /** Wire kbps of one camera stream at the chosen layer (0 without video). */
  videoKbps: number;
  audioSenders: number;
  videoSenders: number;
  /** Everyone, grouped by situation; groups with nobody in them are left out. */
  groups: PersonBandwidth[];
  /** A person who is speaking (the first group that talks), if anyone is. */
  talker: PersonBandwidth | null;
  /** A person who is only listening, if anyone is. */
  listener: PersonBandwidth | null;
  /** The largest upload and download any one person has. */
  maxUploadKbps: number;
  maxDownloadKbps: number;
  /** Media connections in the whole room: N(N-1)/2 for a mesh, N for a server. */
  connections: number;
  /** Sum of everyone's uploads: the traffic that crosses the internet. */
  totalUploadKbps: number;
  server: ServerBandwidth | null;
  mcu: McuWork | null;
}

function assertCount(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
}

/** Who sends audio: the talkers with voice activity detection on (silence sends nothing), everyone with it off. */
export function audioSenderCount({ people, talkers, vad = true }: Pick<RoomInput, 'people' | 'talkers' | 'vad'>): number {
  return vad ? talkers : people;
}

export function roomBandwidth(input: RoomInput): RoomBandwidth {
  const {
    topology,
    people,
    talkers,
    vad = true,
    streamKbps = DEFAULT_VOICE_WIRE_KBPS,
    streamPacketsPerSecond = DEFAULT_VOICE_STREAM.packetsPerSecond,
    video = null,
  } = input;
  assertCount('people', people, 1, Number.MAX_SAFE_INTEGER);
  assertCount('talkers', talkers, 0, people);
  const cameras = video?.cameras ?? 0;
  assertCount('video.cameras', cameras, 0, people);
  if (!(streamKbps >= 0)) throw new RangeError(`streamKbps must be 0 or more, got ${streamKbps}`);

  const videoWire = video && cameras > 0 ? videoLayerOnWire(video.layer) : { wireKbps: 0, packetsPerSecond: 0 };
  const videoKbps = videoWire.wireKbps;
  const audioSenders = audioSenderCount({ people, talkers, vad });
  const videoSenders = cameras;
  const others = people - 1;

  const both = Math.min(talkers, cameras);
  const situations: { talking: boolean; camera: boolean; count: number }[] = [
    { talking: true, camera: true, count: both },
    { talking: true, camera: false, count: talkers - both },
    { talking: false, camera: true, count: cameras - both },
    { talking: false, camera: false, count: people - Math.max(talkers, cameras) },
  ];

  const groups: PersonBandwidth[] = situations
    .filter((s) => s.count > 0)
    .map(({ talking, camera, count }) => {
      const sendsAudio = vad ? talking : true;
      const ownAudio = sendsAudio ? 1 : 0;
      const ownVideo = camera ? 1 : 0;
      const otherAudio = audioSenders - ownAudio;
      const otherVideo = videoSenders - ownVideo;
      const sendKbps = ownAudio * streamKbps + ownVideo * videoKbps;
      if (topology === 'mesh') {
        return {
          talking,
          camera,
          sendsAudio,
          count,
          uploadKbps: sendKbps * others,
          downloadKbps: otherAudio * streamKbps + otherVideo * videoKbps,
          uploadStreams: (ownAudio + ownVideo) * others,
          downloadStreams: otherAudio + otherVideo,
          downloadVoiceStreams: otherAudio,
          connections: others,
        };
      }
      const mixedAudio = topology === 'mcu' ? Math.min(otherAudio, 1) : otherAudio;
      const mixedVideo = topology === 'mcu' ? Math.min(otherVideo, 1) : otherVideo;
      return {
        talking,
        camera,
        sendsAudio,
        count,
        uploadKbps: sendKbps,
        downloadKbps: mixedAudio * streamKbps + mixedVideo * videoKbps,
        uploadStreams: ownAudio + ownVideo,
        downloadStreams: mixedAudio + mixedVideo,
        downloadVoiceStreams: mixedAudio,
        connections: 1,
      };
    });

  const sum = (pick: (g: PersonBandwidth) => number) => groups.reduce((total, g) => total + g.count * pick(g), 0);
  const totalUploadKbps = sum((g) => g.uploadKbps);

  let server: ServerBandwidth | null = null;
  let mcu: McuWork | null = null;
  if (topology !== 'mesh') {
    const egressAudioStreams = sum((g) => g.downloadVoiceStreams);
    const egressVideoStreams = sum((g) => g.downloadStreams - g.downloadVoiceStreams);
    server = {
      ingressKbps: audioSenders * streamKbps + videoSenders * videoKbps,
      egressKbps: sum((g) => g.downloadKbps),
      ingressStreams: audioSenders + videoSenders,
      egressStreams: egressAudioStreams + egressVideoStreams,
      ingressPacketsPerSecond: audioSenders * streamPacketsPerSecond + videoSenders * videoWire.packetsPerSecond,
      egressPacketsPerSecond:
        egressAudioStreams * streamPacketsPerSecond + egressVideoStreams * videoWire.packetsPerSecond,
    };
  }
  if (topology === 'mcu') {
    const audioMixesEncoded = distinctMixes(people, audioSenders);
    mcu = {
      audioStreamsDecoded: audioSenders,
      audioMixesEncoded,
      audioDecodesPerSecond: audioSenders * streamPacketsPerSecond,
      audioEncodesPerSecond: audioMixesEncoded * streamPacketsPerSecond,
      videoStreamsDecoded: videoSenders,
      videoCompositesEncoded: distinctMixes(people, videoSenders),
    };
  }

  return {
    topology,
    people,
    talkers,
    vad,
    streamKbps,
    videoKbps,
    audioSenders,
    videoSenders,
    groups,
    talker: groups.find((g) => g.talking) ?? null,
    listener: groups.find((g) => !g.talking) ?? null,
    maxUploadKbps: Math.max(...groups.map((g) => g.uploadKbps)),
    maxDownloadKbps: Math.max(...groups.map((g) => g.downloadKbps)),
    connections: topology === 'mesh' ? (people * others) / 2 : people,
    totalUploadKbps,
    server,
    mcu,
  };
}

/**
 * Distinct mixes a mixer encodes for `senders` streams among `people`: each sender hears everyone but
 * themselves (a mix of its own when at least one other sender exists), and the non-senders share one.
 */
export function distinctMixes(people: number, senders: number): number {
  const forSenders = senders >= 2 ? senders : 0;
  const forOthers = people > senders && senders >= 1 ? 1 : 0;
  return forSenders + forOthers;
}
