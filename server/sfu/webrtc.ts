import { networkInterfaces } from 'node:os';
import * as werift from 'werift';
import { RTCPeerConnection, RTCRtpCodecParameters } from 'werift';

// werift names its header-extension factories use*(); they are plain functions, not React hooks.
const extension = {
  mid: werift.useSdesMid,
  rid: werift.useSdesRTPStreamId,
  repairedRid: werift.useRepairedRtpStreamId,
  audioLevel: werift.useAudioLevelIndication,
  transportCc: werift.useTransportWideCC,
};

/**
 * How the SFU's peer connections are set up. Only VP8 and Opus: forwarding without decoding means the
 * SFU can only pass on what every receiver can decode. transport-cc is left out on purpose: with it
 * negotiated, Chromium's lowest simulcast layer stalled against werift on this project's machine.
 *
 * Three choices keep what one connection costs small and fixed (docs/hardening.md has the figures):
 * - max-bundle (RFC 8843): one ICE agent, one set of UDP sockets per connection, however many tracks.
 *   With werift's default (max-compat) every track added before the first answer got its own agent,
 *   and werift never closed those once the answer bundled them: ten sockets leaked per viewer.
 * - ICE-lite (RFC 8445 section 2.5): the server never sends a connectivity check of its own; it
 *   answers the browser's checks at the address they come from. So it sends nothing to an address a
 *   client merely names in its SDP, and needs no remote candidates at all (lib/protocol/sdp.ts drops them).
 *   Browsers are full agents and take the controlling role, as they do with mediasoup or Janus. Their
 *   checks are also the only sign they still want the packets: a connection without one for 30 s is
 *   dropped (server/sfu/IceConsent.ts, RFC 7675).
 * - No STUN server: candidates are the host's own addresses, gathered in milliseconds. werift falls
 *   back to stun.l.google.com when given none; ICE-lite skips that gathering, and the patch in
 *   patches/ makes an explicit `iceServers: []` mean none for werift's full agents too.
 */

export interface WebRtcOptions {
  /** Extra host addresses to offer, e.g. 127.0.0.1 for tests on one machine. */
  additionalHostAddresses?: string[];
  /** UDP ports to use, e.g. [40000, 40999] behind a firewall. */
  portRange?: [number, number];
  /**
   * How forwarded RTP leaves (server/sfu/forwarding): 'native' (the default) is the native fan-out
   * where it was built and the JavaScript fast path elsewhere; 'js' the JavaScript fast path (in-place
   * rewrite and SRTP on the ICE socket); 'werift' werift's RTCRtpSender.sendRtp. The last two are kept
   * for comparison in bench:sfu and the tests.
   */
  forwarding?: 'native' | 'js' | 'werift';
  /** How long a connected browser may send no ICE check before the SFU drops it (ICE_CONSENT_TIMEOUT_MS; shorter in tests). */
  consentTimeoutMs?: number;
}

const opus = () =>
  new RTCRtpCodecParameters({
    mimeType: 'audio/opus',
    clockRate: 48_000,
    channels: 2,
    // DTX (RFC 7587) is offered here, but it does not reach browsers: a browser's publish offer is answered with
    // its own Opus parameters (RoomSignaling adds only maxaveragebitrate), so a browser microphone sends every
    // 20 ms frame, silent or not, and lib/bandwidth counts it that way. Bots apply lib/vad's DTX policy themselves.
    parameters: 'minptime=10;useinbandfec=1;usedtx=1',
  });

const vp8 = () =>
  new RTCRtpCodecParameters({
    mimeType: 'video/VP8',
    clockRate: 90_000,
    rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }],
  });

function baseConfig(options: WebRtcOptions) {
  return {
    iceServers: [],
    bundlePolicy: 'max-bundle' as const,
    iceLite: true,
    iceUseIpv6: false,
    iceUseTcp: false,
    iceTcpPassive: false,
    iceAdditionalHostAddresses: options.additionalHostAddresses,
    icePortRange: options.portRange,
    codecs: { audio: [opus()], video: [vp8()] },
  };
}

/** The connection a browser publishes on: simulcast video by RID (RFC 8852/8853) and Opus with levels (RFC 6464). */
export function createPublishConnection(options: WebRtcOptions): RTCPeerConnection {
  return new RTCPeerConnection({
    ...baseConfig(options),
    headerExtensions: {
      audio: [extension.mid(), extension.audioLevel()],
      video: [extension.mid(), extension.rid(), extension.repairedRid()],
    },
  });
}

/** The connection the SFU forwards on: one sendonly audio and video track per other publisher. */
export function createSubscribeConnection(options: WebRtcOptions): RTCPeerConnection {
  return new RTCPeerConnection({
    ...baseConfig(options),
    // No abs-send-time: werift 0.25.2 writes the fraction of a second as decimal digits, so the
    // values jump back and forth within a second (docs/sfu-performance.md) and would only mislead
    // the browser's delay-based estimator. Layers follow the SFU's loss-based estimate instead.
    headerExtensions: { audio: [extension.mid()], video: [extension.mid()] },
  });
}

/**
 * A mesh bot's connection to one browser (server/mesh/MeshBotCall): audio and video both ways on one bundled,
 * ICE-lite transport like the SFU's. Unlike the SFU's, it negotiates transport-cc: each side sends one
 * unlayered stream, and a browser's congestion control needs that feedback to ramp up to the mesh layer's
 * bitrate (with receiver reports alone Chromium's estimate creeps up from 300 kbps by about 8 % a second).
 * `opusKbps` asks the browser for the room's voice bitrate (RFC 7587 maxaveragebitrate).
 */
export function createMeshBotConnection(options: WebRtcOptions, opusKbps: number): RTCPeerConnection {
  const twcc = { type: 'transport-cc' };
  return new RTCPeerConnection({
    ...baseConfig(options),
    codecs: {
      audio: [
        new RTCRtpCodecParameters({
          mimeType: 'audio/opus',
          clockRate: 48_000,
          channels: 2,
          parameters: `minptime=10;useinbandfec=1;usedtx=1;maxaveragebitrate=${Math.round(opusKbps * 1000)}`,
          rtcpFeedback: [twcc],
        }),
      ],
      video: [
        new RTCRtpCodecParameters({
          mimeType: 'video/VP8',
          clockRate: 90_000,
          rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }, twcc],
        }),
      ],
    },
    headerExtensions: { audio: [extension.mid(), extension.transportCc()], video: [extension.mid(), extension.transportCc()] },
  });
}

/**
 * The UDP sockets one connection opens: werift binds one per host address (its IPv4 interfaces that
 * are not loopback or link-local, plus the extra addresses configured). With max-bundle a connection
 * has one ICE agent, so this is the whole cost; the sessions reserve it before werift opens anything.
 */
export function udpSocketsPerConnection(options: WebRtcOptions): number {
  const addresses = new Set(options.additionalHostAddresses ?? []);
  for (const list of Object.values(networkInterfaces())) {
    for (const address of list ?? []) {
      if (address.family === 'IPv4' && !address.internal && !address.address.startsWith('169.254.')) addresses.add(address.address);
    }
  }
  return Math.max(1, addresses.size);
}

/** The UDP sockets a connection holds now: one per local candidate of each ICE agent (UDP only here). */
export function udpSocketsOf(pc: RTCPeerConnection): number {
  return pc.iceTransports.reduce((sum, transport) => sum + transport.connection.localCandidates.length, 0);
}
