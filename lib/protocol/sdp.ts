/**
 * Wire checks for the SDP a browser sends the SFU, made before the server allocates anything for it.
 *
 * werift builds what an SDP asks for: every m-line without BUNDLE gets its own ICE agent and UDP
 * sockets, every candidate line a connectivity check. So an offer is read here first, as plain text,
 * and refused unless it is what the room page sends (components/room/roomClient.ts):
 *   - a publish offer: at most one audio and one video m-line, the video with at most the simulcast
 *     layers the server asked for (RFC 8853 RIDs), all in one BUNDLE group (RFC 8843), with ICE and
 *     DTLS credentials;
 *   - a subscribe answer: one m-line for each m-line of the server's offer, same MIDs in the same order
 *     (RFC 8829 section 5.3.1), bundled, with credentials.
 * A refused SDP changes nothing; the reason says what was wrong, for the error reply.
 *
 * Pure string work: no werift, no DOM.
 */

/**
 * More m-lines than this in any SDP is refused before it is looked at further. A viewer's subscribe
 * answer has an audio and a video section for each other publisher: 98 in a full room of 50
 * (server/limits.ts MAX_PEERS_PER_ROOM; test/unit/protocol-sdp.test.ts holds the two together). At
 * 64 a meeting stopped at 33 cameras (bench:sfu --scenario meeting --peers 50).
 */
export const MAX_SDP_MEDIA_SECTIONS = 128;
/** Simulcast layers a publisher may offer: the ladder has at most three (lib/simulcast/publisher.ts). */
export const MAX_SIMULCAST_LAYERS = 3;
const MID_PATTERN = /^[A-Za-z0-9_-]{1,16}$/;
const RID_PATTERN = /^[A-Za-z0-9_-]{1,16}$/;

export interface SdpMediaSection {
  kind: string;
  port: number;
  protocol: string;
  mid: string | null;
  direction: 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';
  /** RIDs this section sends (a=rid:<id> send), in order. */
  sendRids: string[];
  /** RIDs named in a=simulcast:send, in order (alternatives and paused "~" marks dropped). */
  simulcastSendRids: string[];
  /** Whether a=ice-ufrag and a=ice-pwd apply to this section (at session or media level). */
  ice: { ufrag: boolean; pwd: boolean };
  hasFingerprint: boolean;
  candidates: number;
}

export interface ParsedSdp {
  version: string | null;
  /** MIDs of each a=group:BUNDLE line. */
  bundleGroups: string[][];
  media: SdpMediaSection[];
}

/** Splits an SDP into its session and media sections. Tolerates \n or \r\n line ends. */
export function parseSdp(sdp: string): ParsedSdp {
  const lines = sdp.split(/\r?\n/).filter((line) => line.length > 0);
  const parsed: ParsedSdp = { version: null, bundleGroups: [], media: [] };
  const sessionIce = { ufrag: false, pwd: false };
  let sessionFingerprint = false;
  let current: SdpMediaSection | null = null;
  for (const line of lines) {
    if (line.startsWith('v=') && parsed.version === null && current === null) {
      parsed.version = line.slice(2);
    } else if (line.startsWith('m=')) {
      const [kind = '', port = '', protocol = ''] = line.slice(2).split(' ');
      current = {
        kind,
        port: /^\d{1,5}$/.test(port) ? Number(port) : -1,
        protocol,
        mid: null,
        direction: 'sendrecv',
        sendRids: [],
        simulcastSendRids: [],
        ice: { ...sessionIce },
        hasFingerprint: sessionFingerprint,
        candidates: 0,
      };
      parsed.media.push(current);
      if (parsed.media.length > MAX_SDP_MEDIA_SECTIONS) break;
    } else if (line.startsWith('a=')) {
      const attribute = line.slice(2);
      const colon = attribute.indexOf(':');
      const name = colon < 0 ? attribute : attribute.slice(0, colon);
      const value = colon < 0 ? '' : attribute.slice(colon + 1);
      if (name === 'group' && value.startsWith('BUNDLE')) {
        parsed.bundleGroups.push(value.split(' ').slice(1).filter(Boolean));
      } else if (name === 'ice-pwd' || name === 'ice-ufrag') {
        const ice = current ? current.ice : sessionIce;
        if (name === 'ice-pwd') ice.pwd = true;
        else ice.ufrag = true;
      } else if (name === 'fingerprint') {
        if (current) current.hasFingerprint = true;
        else sessionFingerprint = true;
      } else if (current) {
        if (name === 'mid') current.mid = value;
        else if (name === 'sendrecv' || name === 'sendonly' || name === 'recvonly' || name === 'inactive') current.direction = name;
        else if (name === 'candidate') current.candidates += 1;
        else if (name === 'rid') {
          const [id = '', direction = ''] = value.split(' ');
          if (direction === 'send') current.sendRids.push(id);
        } else if (name === 'simulcast') {
          const [direction = '', list = ''] = value.split(' ');
          if (direction === 'send') {
            current.simulcastSendRids = list
              .split(/[;,]/)
              .map((rid) => rid.replace(/^~/, ''))
              .filter(Boolean);
          }
        }
      }
    }
  }
  return parsed;
}

export type SdpCheck<T> = { ok: true; value: T } | { ok: false; reason: string };

const refuse = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

/** What every SDP to the SFU needs: version 0, MIDs, credentials, and all its live sections in one BUNDLE group. */
function checkCommon(parsed: ParsedSdp): string | null {
  if (parsed.version !== '0') return 'it does not start with "v=0"';
  if (parsed.media.length === 0) return 'it has no media sections';
  if (parsed.media.length > MAX_SDP_MEDIA_SECTIONS) return `it has more than ${MAX_SDP_MEDIA_SECTIONS} media sections`;
  const mids = new Set<string>();
  for (const [i, media] of parsed.media.entries()) {
    if (media.port < 0) return `media section ${i} has no valid port`;
    if (media.mid === null || !MID_PATTERN.test(media.mid)) return `media section ${i} has no valid a=mid`;
    if (mids.has(media.mid)) return `the MID "${media.mid}" is used twice`;
    mids.add(media.mid);
    if (!media.ice.ufrag || !media.ice.pwd) return `media section ${i} has no ICE credentials (a=ice-ufrag, a=ice-pwd)`;
    if (!media.hasFingerprint) return `media section ${i} has no DTLS fingerprint`;
  }
  const live = parsed.media.filter((media) => media.port !== 0).map((media) => media.mid!);
  const group = parsed.bundleGroups.find((g) => live.every((mid) => g.includes(mid)));
  // One transport for everything (RFC 8843): the SFU opens one set of sockets per connection, never one per track.
  if (parsed.bundleGroups.length !== 1 || !group) return 'its media sections are not all in one a=group:BUNDLE';
  return null;
}

export interface PublishOfferSummary {
  audio: boolean;
  /** The simulcast RIDs the video section sends, or [] for one unlayered stream; null when there is no video. */
  videoRids: string[] | null;
}

export interface PublishOfferRules {
  /** The publisher may send video (a camera peer). */
  video: boolean;
  /** The RIDs the server's ladder has for this source (lib/simulcast/publisher.ts). */
  allowedRids: readonly string[];
}

/** A browser's publish offer: one audio, one video with its layers, bundled. */
export function checkPublishOffer(sdp: string, rules: PublishOfferRules): SdpCheck<PublishOfferSummary> {
  const parsed = parseSdp(sdp);
  const common = checkCommon(parsed);
  if (common) return refuse(`The publish offer was refused: ${common}.`);
  const audio = parsed.media.filter((m) => m.kind === 'audio');
  const video = parsed.media.filter((m) => m.kind === 'video');
  const other = parsed.media.filter((m) => m.kind !== 'audio' && m.kind !== 'video');
  if (other.length > 0) return refuse(`The publish offer was refused: a publisher sends audio and video only, not "${other[0].kind}".`);
  if (audio.length > 1 || video.length > 1) return refuse('The publish offer was refused: a publisher sends one audio and one video section at most.');
  if (video.length > 0 && !rules.video) return refuse('The publish offer was refused: a microphone-only peer sends no video.');
  for (const media of parsed.media) {
    if (!media.protocol.startsWith('UDP/TLS/RTP/SAVP')) return refuse(`The publish offer was refused: "${media.protocol}" is not UDP/TLS/RTP/SAVPF.`);
    if (media.port === 0 || media.direction === 'recvonly' || media.direction === 'inactive') {
      return refuse(`The publish offer was refused: its ${media.kind} section does not send.`);
    }
  }
  let videoRids: string[] | null = null;
  if (video.length === 1) {
    const rids = video[0].sendRids;
    if (rids.length > MAX_SIMULCAST_LAYERS) return refuse(`The publish offer was refused: at most ${MAX_SIMULCAST_LAYERS} simulcast layers.`);
    if (new Set(rids).size !== rids.length) return refuse('The publish offer was refused: a simulcast RID is used twice.');
    for (const rid of rids) {
      if (!RID_PATTERN.test(rid) || !rules.allowedRids.includes(rid)) {
        return refuse(`The publish offer was refused: the layer "${rid.slice(0, 16)}" is not one this camera's ladder has (${rules.allowedRids.join(', ')}).`);
      }
    }
    if (video[0].simulcastSendRids.some((rid) => !rids.includes(rid))) {
      return refuse('The publish offer was refused: a=simulcast names a layer no a=rid declares.');
    }
    videoRids = rids;
  }
  return { ok: true, value: { audio: audio.length === 1, videoRids } };
}

/** A browser's answer to the server's subscribe offer, whose MIDs were `offeredMids` in order. */
export function checkSubscribeAnswer(sdp: string, offeredMids: readonly string[]): SdpCheck<null> {
  const parsed = parseSdp(sdp);
  const common = checkCommon(parsed);
  if (common) return refuse(`The subscribe answer was refused: ${common}.`);
  const mids = parsed.media.map((m) => m.mid);
  if (mids.length !== offeredMids.length || mids.some((mid, i) => mid !== offeredMids[i])) {
    return refuse(`The subscribe answer was refused: its media sections (${mids.join(', ')}) are not the offer's (${offeredMids.join(', ')}).`);
  }
  return { ok: true, value: null };
}

/**
 * The SDP without its candidate lines. The SFU is ICE-lite (server/sfu/webrtc.ts): it never sends a
 * connectivity check of its own, it answers the browser's checks where they come from, so a candidate
 * a client names is never used, and is dropped before werift sees it.
 */
export function withoutCandidates(sdp: string): string {
  return sdp
    .split(/(?<=\n)/)
    .filter((line) => !line.startsWith('a=candidate:') && !line.startsWith('a=end-of-candidates'))
    .join('');
}

/** The MIDs of an SDP's media sections, in order (the server reads its own offer with this). */
export function mediaMids(sdp: string): string[] {
  return parseSdp(sdp).media.map((m) => m.mid ?? '');
}

/**
 * An offer or answer from a browser in a mesh call with one of the server's bots (server/mesh): at most one
 * audio, one video and one data-channel section (peerjs adds one to every call), bundled, with credentials,
 * and no simulcast (a mesh peer sends one layer).
 * Says which kinds the call carries.
 */
export function checkMeshCallSdp(sdp: string): SdpCheck<{ audio: boolean; video: boolean }> {
  const parsed = parseSdp(sdp);
  const common = checkCommon(parsed);
  if (common) return refuse(`The call was refused: ${common}.`);
  const audio = parsed.media.filter((m) => m.kind === 'audio');
  const video = parsed.media.filter((m) => m.kind === 'video');
  // peerjs opens a data channel beside a call's media, so the caller learns when the other end hangs up.
  const data = parsed.media.filter((m) => m.kind === 'application');
  if (audio.length + video.length + data.length !== parsed.media.length) return refuse('The call was refused: a mesh call carries audio, video and a data channel only.');
  if (audio.length > 1 || video.length > 1 || data.length > 1) return refuse('The call was refused: a mesh call has one audio, one video and one data section at most.');
  if (data.some((m) => !m.protocol.includes('SCTP'))) return refuse('The call was refused: its data section is not an SCTP data channel.');
  for (const media of [...audio, ...video]) {
    if (!media.protocol.startsWith('UDP/TLS/RTP/SAVP')) return refuse(`The call was refused: "${media.protocol}" is not UDP/TLS/RTP/SAVPF.`);
    if (media.sendRids.length > 0) return refuse('The call was refused: a mesh peer sends one layer, not simulcast.');
  }
  return { ok: true, value: { audio: audio.some((m) => m.port !== 0), video: video.some((m) => m.port !== 0) } };
}

/**
 * The SDP with these Opus format parameters (RFC 7587) set on every Opus payload type, replacing any value
 * already there and adding an a=fmtp line where there is none. The side that receives a description sends
 * by it: `maxaveragebitrate=64000` in what a peer sends asks the other end for 64 kbps of Opus.
 */
export function withOpusParameters(sdp: string, parameters: Readonly<Record<string, string | number>>): string {
  const lines = sdp.split(/\r?\n/);
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const opusTypes = new Set<string>();
  for (const line of lines) {
    const match = /^a=rtpmap:(\d+) opus\/48000/i.exec(line);
    if (match) opusTypes.add(match[1]);
  }
  const merge = (existing: string) => {
    const entries = new Map(
      existing
        .split(';')
        .map((p) => p.trim())
        .filter(Boolean)
        .map((p) => [p.split('=')[0], p] as const),
    );
    for (const [key, value] of Object.entries(parameters)) entries.set(key, `${key}=${value}`);
    return [...entries.values()].join(';');
  };
  const withFmtp = new Set<string>();
  const out = lines.map((line) => {
    const match = /^a=fmtp:(\d+) (.*)$/.exec(line);
    if (!match || !opusTypes.has(match[1])) return line;
    withFmtp.add(match[1]);
    return `a=fmtp:${match[1]} ${merge(match[2])}`;
  });
  return out
    .flatMap((line) => {
      const match = /^a=rtpmap:(\d+) opus\/48000/i.exec(line);
      return match && !withFmtp.has(match[1]) ? [line, `a=fmtp:${match[1]} ${merge('')}`] : [line];
    })
    .join(eol);
}
