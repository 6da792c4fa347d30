/**
 * What one peer's subscribe connection did with the packets the room handed it: sent on the fast
 * path (FastRtpSender), handed to werift's own sender because the fast path could not take them,
 * or dropped because the connection could not send yet. The room adds them up in its stats, so a
 * test can tell when the fast path (or, where it is built, the native fan-out) is silently bypassed.
 */
export class ForwardingCounters {
  /** Sent on the fast path: written by the native fan-out or by FastRtpSender's JavaScript. */
  fastPackets = 0;
  /** Of the fast path's packets, those the native fan-out wrote and sent (native/srtp_fanout.c). */
  nativePackets = 0;
  weriftPackets = 0;
  droppedPackets = 0;
  /** Fast-path datagrams the kernel refused (a full socket buffer): lost, as on a congested link. */
  refusedPackets = 0;
  /** Resent from the fast path's history after a viewer's NACK. */
  retransmittedPackets = 0;
  /** Incoming RTP from this peer's browser decrypted by the native addon (NativeSrtpReceiver), not werift. */
  nativeDecryptedPackets = 0;
  /** Incoming SRTP packets the native addon refused (bad tag, replayed, malformed). */
  refusedIncomingPackets = 0;

  /** The room's stats line (lib/protocol/room.ts `forwarding`): these counters and the path the room forwards on. */
  summary(path: 'native' | 'js' | 'werift') {
    const { fastPackets, nativePackets, weriftPackets, droppedPackets, refusedPackets, nativeDecryptedPackets } = this;
    return { path, fastPackets, nativePackets, weriftPackets, droppedPackets, refusedPackets, nativeDecryptedPackets };
  }

  add(other: ForwardingCounters): void {
    this.fastPackets += other.fastPackets;
    this.nativePackets += other.nativePackets;
    this.weriftPackets += other.weriftPackets;
    this.droppedPackets += other.droppedPackets;
    this.refusedPackets += other.refusedPackets;
    this.retransmittedPackets += other.retransmittedPackets;
    this.nativeDecryptedPackets += other.nativeDecryptedPackets;
    this.refusedIncomingPackets += other.refusedIncomingPackets;
  }
}
