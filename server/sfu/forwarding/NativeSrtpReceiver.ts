import { SrtpAuthenticationError, type RTCPeerConnection } from 'werift';
import type { ForwardingCounters } from './ForwardingCounters';
import { nativeFanout, type NativeHandle, type SrtpFanoutAddon } from './nativeAddon';

/**
 * Incoming SRTP decrypted by the native addon (native/srtp_fanout.c `unprotectRtp`) in place of
 * werift's `SrtpSession.decrypt`, with the same DTLS-derived keys: werift keeps ICE, DTLS, RTCP and
 * everything after decryption (its RTP parser, its receivers, the room's ingest).
 *
 * werift's decrypt copies the datagram into a new buffer, clones the SSRC's rollover state per packet
 * and runs AES and HMAC-SHA1 in JavaScript (8 % of the forwarder's samples at 1 -> 50). The addon
 * authenticates and decrypts the datagram in place (it is the socket's own buffer, read by nobody
 * after decryption) and returns its RTP length; the rollover counter is estimated as werift
 * estimates it, and kept only when the packet authenticates. Unlike werift it also refuses a packet
 * index it has seen, or one more than 1024 behind the highest (RFC 3711 3.3.2; libwebrtc's window),
 * as werift refuses a bad tag: SrtpAuthenticationError, which werift's transport drops and logs.
 *
 * Installed on a connection's DTLS transports once it connects, for AES_CM_128_HMAC_SHA1_80 (the
 * profile the werift patch prefers); an AEAD (GCM) session stays werift's. If werift replaces its
 * SRTP session (a DTLS restart), the new one is werift's own until the connection connects again.
 * SFU_NATIVE_DECRYPT=off leaves every session to werift.
 */

const AES_CM_128_HMAC_SHA1_80 = 1;

interface SrtpSsrcStateInternals {
  rolloverCounter: number;
  lastSequenceNumber: number;
  rolloverHasProcessed?: boolean;
}
interface SrtpSessionInternals {
  decrypt: (data: Buffer) => Buffer;
  remoteContext: {
    profile: number;
    srtpSessionKey: Buffer;
    srtpSessionSalt: Buffer;
    srtpSessionAuthTag: Buffer;
    srtpSSRCStates: Record<number, SrtpSsrcStateInternals>;
  };
}
interface DtlsTransportInternals {
  srtp?: SrtpSessionInternals;
}

/** What unprotectRtp returns when it refuses a packet (native/srtp_fanout.c UnprotectResult). */
const REFUSAL: Record<number, string> = {
  [-1]: 'Malformed SRTP packet',
  [-2]: 'Failed to authenticate SRTP packet',
  [-3]: 'Replayed SRTP packet',
  [-4]: 'Too many SSRCs on one SRTP session',
};

const installed = new WeakSet<SrtpSessionInternals>();

export class NativeSrtpReceiver {
  private constructor(
    private readonly addon: SrtpFanoutAddon,
    private readonly receiver: NativeHandle,
    private readonly counters: ForwardingCounters,
  ) {}

  /**
   * Decrypts `pc`'s incoming SRTP natively from when it connects (and again after each reconnection),
   * counting into `counters`; returns the disposer of its watch. Does nothing where the addon did not load.
   */
  static watch(pc: RTCPeerConnection, counters: ForwardingCounters): () => void {
    const { addon } = nativeFanout();
    // SFU_NATIVE_DECRYPT=off leaves decryption to werift (bench:sfu's room-round3, to compare).
    if (!addon || process.env.SFU_NATIVE_DECRYPT === 'off') return () => {};
    const installAll = () => {
      for (const dtls of pc.dtlsTransports) NativeSrtpReceiver.install(addon, dtls as unknown as DtlsTransportInternals, counters);
    };
    const sub = pc.connectionStateChange.subscribe((state) => {
      if (state === 'connected') installAll();
    });
    if (pc.connectionState === 'connected') installAll();
    return () => sub.unSubscribe();
  }

  /** Takes over `dtls`'s current SRTP session's decryption; false where it stays werift's. */
  static install(addon: SrtpFanoutAddon, dtls: DtlsTransportInternals, counters: ForwardingCounters): boolean {
    const srtp = dtls.srtp;
    if (!srtp || installed.has(srtp)) return Boolean(srtp);
    const context = srtp.remoteContext;
    if (context.profile !== AES_CM_128_HMAC_SHA1_80) return false;
    const handle = addon.createReceiver(context.srtpSessionKey, context.srtpSessionSalt, context.srtpSessionAuthTag);
    // Packets werift decrypted before: carry its rollover state over.
    for (const [ssrc, state] of Object.entries(context.srtpSSRCStates)) {
      if (state.rolloverHasProcessed) addon.seedReceiver(handle, Number(ssrc), state.rolloverCounter >>> 0, state.lastSequenceNumber & 0xffff);
    }
    const receiver = new NativeSrtpReceiver(addon, handle, counters);
    srtp.decrypt = (data: Buffer) => receiver.decrypt(data);
    installed.add(srtp);
    return true;
  }

  decrypt(data: Buffer): Buffer {
    const length = this.addon.unprotectRtp(this.receiver, data);
    if (length < 0) {
      this.counters.refusedIncomingPackets++;
      throw new SrtpAuthenticationError(REFUSAL[length] ?? 'SRTP packet refused');
    }
    this.counters.nativeDecryptedPackets++;
    return data.subarray(0, length);
  }
}
