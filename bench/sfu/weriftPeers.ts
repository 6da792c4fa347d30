/**
 * werift configuration shared by the benchmark's SFU and its load: loopback only, no STUN
 * (nothing leaves the machine), VP8 and Opus with the payload types the synthetic stream uses.
 */
import { RTCPeerConnection, RTCRtpCodecParameters, type RTCPeerConnectionConfig } from 'werift';
import { AUDIO_CLOCK_HZ, AUDIO_PAYLOAD_TYPE, VIDEO_CLOCK_HZ, VIDEO_PAYLOAD_TYPE } from './stream';

export const LOOPBACK = '127.0.0.1';

export function loopbackPeerConfig(): RTCPeerConnectionConfig {
  return {
    iceServers: [],
    iceUseIpv6: false,
    iceInterfaceAddresses: { udp4: LOOPBACK },
    iceAdditionalHostAddresses: [LOOPBACK],
    iceFilterCandidatePair: (pair) =>
      pair.localCandidate.host === LOOPBACK && pair.remoteCandidate.host === LOOPBACK,
    codecs: {
      video: [
        new RTCRtpCodecParameters({
          mimeType: 'video/VP8',
          clockRate: VIDEO_CLOCK_HZ,
          payloadType: VIDEO_PAYLOAD_TYPE,
          rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }],
        }),
      ],
      audio: [
        new RTCRtpCodecParameters({
          mimeType: 'audio/opus',
          clockRate: AUDIO_CLOCK_HZ,
          channels: 2,
          payloadType: AUDIO_PAYLOAD_TYPE,
        }),
      ],
    },
  };
}

/** Resolves once ICE gathering is complete, so the local description carries its candidates (no trickle). */
export async function gatheredDescription(pc: RTCPeerConnection): Promise<string> {
  if (pc.iceGatheringState !== 'complete') {
    await new Promise<void>((resolve) => {
      const { unSubscribe } = pc.iceGatheringStateChange.subscribe((state) => {
        if (state === 'complete') {
          unSubscribe();
          resolve();
        }
      });
    });
  }
  const sdp = pc.localDescription?.sdp;
  if (!sdp) throw new Error('no local description after gathering');
  return sdp;
}

/** Where a connection got to: ICE, then DTLS per transport. */
export function connectionStates(pc: RTCPeerConnection): string {
  return `ICE ${pc.iceConnectionState}, DTLS ${pc.dtlsTransports.map((dtls) => dtls.state).join('/') || 'none'}`;
}

export async function connected(pc: RTCPeerConnection, timeoutMs = 20_000): Promise<void> {
  if (pc.connectionState === 'connected') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`peer not connected after ${timeoutMs} ms (${connectionStates(pc)})`)), timeoutMs);
    const { unSubscribe } = pc.connectionStateChange.subscribe((state) => {
      if (state === 'connected') {
        clearTimeout(timer);
        unSubscribe();
        resolve();
      } else if (state === 'failed' || state === 'closed') {
        clearTimeout(timer);
        unSubscribe();
        reject(new Error(`peer ${state} (${connectionStates(pc)})`));
      }
    });
  });
}
