import * as werift from 'werift';
import { RTCPeerConnection, RTCRtpCodecParameters } from 'werift';

// werift names its header-extension factories use*(); they are plain functions, not React hooks.
const extension = {
  mid: werift.useSdesMid,
  rid: werift.useSdesRTPStreamId,
  repairedRid: werift.useRepairedRtpStreamId,
  audioLevel: werift.useAudioLevelIndication,
};

/**
 * How the SFU's peer connections are set up. Only VP8 and Opus: forwarding without decoding means the
 * SFU can only pass on what every receiver can decode. transport-cc is left out on purpose: with it
 * negotiated, Chromium's lowest simulcast layer stalled against werift on this project's machine.
 */

export interface WebRtcOptions {
  /** Extra host addresses to offer, e.g. 127.0.0.1 for tests on one machine. */
  additionalHostAddresses?: string[];
  /** UDP ports to use, e.g. [40000, 40999] behind a firewall. */
  portRange?: [number, number];
  /**
   * How forwarded RTP leaves: 'fast' (server/sfu/forwarding: in-place rewrite and SRTP, connected
   * socket; the default) or 'werift' (werift's RTCRtpSender.sendRtp, kept for comparison in bench:sfu).
   */
  forwarding?: 'fast' | 'werift';
}

const opus = () =>
  new RTCRtpCodecParameters({
    mimeType: 'audio/opus',
    clockRate: 48_000,
    channels: 2,
    // DTX (RFC 7587): in silence the browser sends a frame about every 400 ms instead of every 20 ms.
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

/** Resolves when the connection has gathered its host candidates (or after `timeoutMs`). */
export function gatheringComplete(pc: RTCPeerConnection, timeoutMs = 3000): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, timeoutMs);
    const sub = pc.iceGatheringStateChange.subscribe((state) => {
      if (state === 'complete') done();
    });
    function done() {
      clearTimeout(timer);
      sub.unSubscribe();
      resolve();
    }
  });
}
