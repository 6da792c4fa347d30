/**
 * What one peer's subscribe connection did with the packets the room handed it: sent on the fast
 * path (FastRtpSender), handed to werift's own sender because the fast path could not take them,
 * or dropped because the connection could not send yet. The room adds them up in its stats, so a
 * test can tell when the fast path is silently bypassed.
 */
export class ForwardingCounters {
  fastPackets = 0;
  weriftPackets = 0;
  droppedPackets = 0;
  /** Resent from the fast path's history after a viewer's NACK. */
  retransmittedPackets = 0;

  add(other: ForwardingCounters): void {
    this.fastPackets += other.fastPackets;
    this.weriftPackets += other.weriftPackets;
    this.droppedPackets += other.droppedPackets;
    this.retransmittedPackets += other.retransmittedPackets;
  }
}
