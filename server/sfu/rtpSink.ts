import type { RTCRtpSender } from 'werift';
import type { RtpSink } from './Subscriber';

/**
 * The one place a forwarded packet leaves the SFU: a subscription's route to the werift sender of
 * the slot (transceiver) it was given in the last offer. Everything that changes how packets are
 * sent (a faster send path) changes this function.
 */

/** Where one subscription's audio or video goes. The slot is bound when the next offer is made. */
export interface SenderRoute {
  sender: RTCRtpSender | null;
  /** The sender served someone else, or nobody, until now: continue its sequence numbers and timestamps. */
  restart: boolean;
}

export function rtpSinkFor(route: SenderRoute): RtpSink {
  return {
    send: (packet) => {
      const sender = route.sender;
      if (!sender) return;
      if (route.restart) {
        route.restart = false;
        sender.replaceRTP(packet.header);
      }
      void sender.sendRtp(packet).catch(() => {});
    },
    markSourceChange: (packet) => {
      route.sender?.replaceRTP(packet.header);
      route.restart = false;
    },
  };
}
