import type { RTCRtpSender, RtpPacket } from 'werift';
import type { SenderRoute } from '../rtpSink';
import type { FastRtpSender } from './FastRtpSender';

/**
 * The viewers that receive every packet of one incoming stream (a publisher's simulcast layer, or
 * its audio) through the native fan-out: the route table the room keeps per stream.
 *
 * A viewer's subscription joins the stream once its copy went out natively (FastRtpSender checked
 * everything werift's sender would: DTLS up, negotiated codec and header extensions, the ICE pair),
 * and leaves when its layer changes, it pauses, it closes, or the subscription's sender slot is
 * given to someone else. Between those, a packet costs one pass over this list (the copy ids staged
 * for StreamFanout's one native call) instead of the room's per-viewer JavaScript: layer gate,
 * meter, sink and sender checks. Every `RECHECK_PACKETS` packets, and at once when werift
 * renegotiates, stops the sender or its DTLS transport changes state (FastRtpSender.disarm), a
 * member is handed back to the per-viewer path for one packet, which checks everything again.
 */
export interface StreamMember {
  readonly fast: FastRtpSender;
  /** The subscription's slot, and the sender it held when the member joined. */
  readonly route: SenderRoute;
  readonly sender: RTCRtpSender;
  /** The stream the member is in now (null: none, the per-viewer path sends its packets). */
  stream: StreamRoute | null;
  /** What the member was sent since the room's meter last took it (Subscriber.roll). */
  meterBytes: number;
  meterPackets: number;
}

export class StreamRoute {
  private readonly members: StreamMember[] = [];

  get size(): number {
    return this.members.length;
  }

  join(member: StreamMember): void {
    if (member.stream === this) return;
    member.stream?.leave(member);
    member.stream = this;
    this.members.push(member);
  }

  leave(member: StreamMember): void {
    if (member.stream !== this) return;
    member.stream = null;
    const at = this.members.indexOf(member);
    if (at >= 0) this.members.splice(at, 1);
  }

  /**
   * Stages `packet` for every member whose copy can still go out natively; a member that cannot (its
   * slot changed hands, its sender was disarmed, or it is due a full check) leaves the stream, and
   * the room's per-viewer path sends it this packet. `meterBytes`: what the room's meters count for it.
   */
  forward(packet: RtpPacket, meterBytes: number): void {
    const members = this.members;
    for (let i = 0; i < members.length; ) {
      const member = members[i];
      if (member.route.sender === member.sender && member.fast.stageMember(packet)) {
        member.meterBytes += meterBytes;
        member.meterPackets++;
        i++;
        continue;
      }
      member.stream = null;
      members.splice(i, 1);
    }
  }
}
