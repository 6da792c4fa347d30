import type { RTCRtpSender, RtpPacket } from 'werift';
import { FastRtpSender } from './forwarding/FastRtpSender';
import { nativeFanout } from './forwarding/nativeAddon';
import type { ForwardingCounters } from './forwarding/ForwardingCounters';
import type { RtpSink } from './Subscriber';
import type { WebRtcOptions } from './webrtc';

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

/**
 * 'native' (the default): server/sfu/forwarding keeps werift's books for each viewer's copy and the
 * native fan-out writes, encrypts and sends all copies of a packet in one call (the JavaScript fast
 * path where the fan-out is not built); 'js': the JavaScript fast path, which writes and encrypts each
 * copy in place and sends it on the ICE socket; 'werift': werift's RTCRtpSender.sendRtp. The last two
 * are kept to compare (bench:sfu).
 */
export function rtpSinkFor(route: SenderRoute, counters: ForwardingCounters, path: WebRtcOptions['forwarding'] = 'native'): RtpSink {
  let sender: RTCRtpSender | null = null;
  let fast: FastRtpSender | null = null;
  const send = (packet: RtpPacket) => {
    if (path === 'werift') {
      counters.weriftPackets++;
      void route.sender!.sendRtp(packet).catch(() => {});
      return;
    }
    if (route.sender !== sender) {
      sender = route.sender;
      fast = sender ? FastRtpSender.for(sender, counters, path === 'native') : null;
    }
    fast!.send(packet);
  };
  return {
    send: (packet) => {
      if (!route.sender) return;
      if (route.restart) {
        route.restart = false;
        route.sender.replaceRTP(packet.header);
      }
      send(packet);
    },
    markSourceChange: (packet) => {
      route.sender?.replaceRTP(packet.header);
      route.restart = false;
    },
    member: () => (route.sender !== null && route.sender === sender && fast !== null && fast.nativeMember ? { fast, route, sender } : null),
  };
}

/** The path packets actually leave on for a `forwarding` option: 'native' only where the fan-out loaded. */
export function forwardingPath(path: WebRtcOptions['forwarding'] = 'native'): 'native' | 'js' | 'werift' {
  if (path === 'native' && nativeFanout().addon === null) return 'js';
  return path;
}
