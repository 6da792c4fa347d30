/**
 * A benchmark viewer that stays light once connected: fifty werift receivers (or fifty full SRTP
 * decryptions per packet) in the load's one process cost more than the forwarder they measure, and
 * a receiver that falls behind shows up as the forwarder's loss and latency. A real viewer decrypts
 * only its own copy, on its own machine.
 *
 * RTP is taken straight from the connection's socket; everything else (STUN consent checks, DTLS,
 * RTCP) still goes to werift. Each packet's 12-byte trailer is decrypted alone (AES-CM is a stream
 * cipher: any range of the payload decrypts by itself) and every 16th packet is authenticated and
 * decrypted in full, so a wrong key or a corrupted packet still counts.
 */
import type { RemoteInfo } from 'node:dgram';
import type { RTCPeerConnection } from 'werift';
import { SRTP_AUTH_TAG_BYTES, SRTP_HEADROOM_BYTES, SrtpAesCmProtector } from '../../server/sfu/forwarding/SrtpAesCmProtector';
import { TRAILER_BYTES } from './stream';

const AUTHENTICATE_EVERY = 16;

export interface SrtpKeys {
  srtpSessionKey: Buffer;
  srtpSessionSalt: Buffer;
  srtpSessionAuthTag: Buffer;
}
interface PatchedUdpTransport {
  socket: import('node:dgram').Socket;
}
export interface DtlsInternals {
  srtp: { localContext: SrtpKeys; remoteContext: SrtpKeys };
  iceTransport: {
    connection: {
      nominated?: { remoteAddr: [string, number]; protocol: { transport: PatchedUdpTransport } };
      onData: { allUnsubscribe(): void; subscribe(fn: (data: Buffer) => void): void };
    };
  };
}

/**
 * Once `pc`'s SRTP is up, hands its incoming RTP datagrams to `onRtp(remote keys)` instead of werift
 * (with `receiveBufferBytes`, the socket's SO_RCVBUF is set first).
 */
export function receiveRtpFromSocket(pc: RTCPeerConnection, onRtp: (remoteKeys: SrtpKeys) => (data: Buffer) => void, receiveBufferBytes?: number): void {
  const dtls = pc.getTransceivers()[0].dtlsTransport as unknown as DtlsInternals;
  const socket = dtls.iceTransport.connection.nominated?.protocol.transport.socket;
  if (!dtls.srtp || !socket) {
    // ICE and DTLS are up but SRTP starts a moment later.
    setTimeout(() => receiveRtpFromSocket(pc, onRtp, receiveBufferBytes), 20);
    return;
  }
  if (receiveBufferBytes !== undefined) socket.setRecvBufferSize(receiveBufferBytes);
  const werift = socket.listeners('message') as ((data: Buffer, info: RemoteInfo) => void)[];
  socket.removeAllListeners('message');
  const rtp = onRtp(dtls.srtp.remoteContext);
  socket.on('message', (data: Buffer, info: RemoteInfo) => {
    const isRtp = data.length > 12 + SRTP_AUTH_TAG_BYTES && data[0] >= 128 && data[0] < 192 && (data[1] < 192 || data[1] > 223);
    if (isRtp) rtp(data);
    else for (const listener of werift) listener(data, info);
  });
}

/** Reads each SRTP packet's trailer (packet index, send time); every 16th packet is authenticated in full first. */
export function trailerReader(
  remoteKeys: SrtpKeys,
  onTrailer: (index: number, sentAtMs: number) => void,
  onAuthFailure: () => void,
): (data: Buffer) => void {
  const keys = { encryptionKey: remoteKeys.srtpSessionKey, salt: remoteKeys.srtpSessionSalt, authKey: remoteKeys.srtpSessionAuthTag };
  const protector = new SrtpAesCmProtector(keys);
  const scratch = Buffer.alloc(SRTP_HEADROOM_BYTES + 2048);
  let count = 0;
  return (data: Buffer) => {
    const end = data.length - SRTP_AUTH_TAG_BYTES;
    let headerLength = 12 + (data[0] & 0x0f) * 4;
    if (data[0] & 0x10) headerLength += 4 + data.readUInt16BE(headerLength + 2) * 4;
    if (end - headerLength < TRAILER_BYTES) return;
    const ssrc = data.readUInt32BE(8);
    const sequenceNumber = data.readUInt16BE(2);
    if (++count % AUTHENTICATE_EVERY === 0) {
      data.copy(scratch, SRTP_HEADROOM_BYTES);
      if (protector.unprotect(scratch, SRTP_HEADROOM_BYTES, data.length, headerLength, 0) < 0) {
        onAuthFailure();
        return;
      }
    }
    // Only the trailer: the keystream blocks that cover the payload's last 12 bytes. The rollover
    // counter is 0: no stream in a run sends 65536 packets.
    const trailerAt = end - headerLength - TRAILER_BYTES;
    const firstBlock = trailerAt >>> 4;
    const keystream = protector.keystream(ssrc, 0, sequenceNumber, end - headerLength - firstBlock * 16, firstBlock);
    const from = trailerAt - firstBlock * 16;
    const trailer = Buffer.allocUnsafe(TRAILER_BYTES);
    for (let i = 0; i < TRAILER_BYTES; i++) trailer[i] = data[headerLength + trailerAt + i] ^ keystream[from + i];
    onTrailer(trailer.readUInt32BE(0), trailer.readDoubleBE(4));
  };
}
