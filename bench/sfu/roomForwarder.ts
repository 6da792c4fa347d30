/**
 * The site's own SFU under the benchmark: server/sfu's Room, Peer, Publisher and Subscriber,
 * driven through the same calls the /ws signaling makes (join, acceptPublishOffer, the
 * 'subscribe-offer' message, acceptSubscribeAnswer), with the room's timers running. Packets in
 * are counted by a wrapper around the publisher's ingest; packets out are the room's own
 * forwarding counters (fast path plus werift's sender).
 */
import type { RtpPacket } from 'werift';
import { ForwardingCounters } from '../../server/sfu/forwarding/ForwardingCounters';
import { Publisher } from '../../server/sfu/Publisher';
import { Room } from '../../server/sfu/Room';
import type { WebRtcOptions } from '../../server/sfu/webrtc';
import type { LatencySplit } from './latencySplit';
import type { ForwardCounters } from './sfuForwarder';
import { LOOPBACK } from './weriftPeers';

const PUBLISHER_ID = 'bench-publisher';
/** The synthetic camera: the publish answer's simulcast ladder is built for this size. */
const SOURCE_WIDTH_PX = 1280;
const SOURCE_HEIGHT_PX = 720;

/**
 * Counts every packet a publisher takes in and, with a `split`, times it: its arrival in the room's
 * code (werift's receive path done) and, in a microtask queued after the room's own (the fan-out
 * batch flushes in one), the moment its copies have left.
 */
export function instrument(counters: { received: number }, split?: LatencySplit): void {
  const sent = (slot: number) => {
    if (slot >= 0) queueMicrotask(() => split?.sent(slot));
  };
  const ingestVideo = Publisher.prototype.ingestVideo;
  Publisher.prototype.ingestVideo = function countedIngestVideo(this: Publisher, rid: string, packet: RtpPacket) {
    counters.received++;
    const slot = split ? split.arrived(packet.payload) : -1;
    ingestVideo.call(this, rid, packet);
    sent(slot);
  };
  const ingestAudio = Publisher.prototype.ingestAudio;
  Publisher.prototype.ingestAudio = function countedIngestAudio(this: Publisher, packet: RtpPacket, level: number | null) {
    counters.received++;
    const slot = split ? split.arrived(packet.payload) : -1;
    ingestAudio.call(this, packet, level);
    sent(slot);
  };
}

export class RoomFanout {
  private readonly ingest = { received: 0 };
  private readonly room: Room;
  private readonly offers = new Map<string, (offer: { revision: number; sdp: string }) => void>();
  private readonly revisions = new Map<number, number>();

  /** `forwarding` is the room's path out: 'native' as the site runs (the JavaScript fast path where the native fan-out is not built), 'js' for the JavaScript fast path, 'werift' for werift's own sender. */
  constructor(subscribers: number, forwarding: WebRtcOptions['forwarding'] = 'native', split?: LatencySplit) {
    instrument(this.ingest, split);
    // One publisher plus every subscriber: the bench goes past the site's 50-person limit on purpose.
    this.room = new Room('bench', { maxPeers: subscribers + 1, webrtc: { additionalHostAddresses: [LOOPBACK], forwarding } });
    this.room.on('message', (peerId, message) => {
      if (message.type === 'subscribe-offer') {
        this.offers.get(peerId)?.({ revision: message.revision, sdp: message.sdp });
        this.offers.delete(peerId);
      }
    });
  }

  get counters(): ForwardCounters {
    const { fastPackets, weriftPackets } = this.forwarding;
    return { received: this.ingest.received, forwarded: fastPackets + weriftPackets };
  }

  /** How the packets left, now: the fast path's share shows whether it was bypassed. */
  get forwarding(): ForwardingCounters {
    const total = new ForwardingCounters();
    for (const { id } of this.room.listPeers()) {
      const counters = this.room.getPeer(id)?.forwarding;
      if (counters) total.add(counters);
    }
    return total;
  }

  async acceptPublisher(offerSdp: string): Promise<string> {
    const peer = this.room.join(PUBLISHER_ID, 'Synthetic camera', 'camera');
    return peer.acceptPublishOffer(offerSdp, SOURCE_WIDTH_PX, SOURCE_HEIGHT_PX);
  }

  async offerSubscriber(id: number): Promise<string> {
    const peerId = `bench-viewer-${id}`;
    const offer = new Promise<{ revision: number; sdp: string }>((resolve) => this.offers.set(peerId, resolve));
    // Joining subscribes the viewer to the publisher already in the room, which makes the offer.
    this.room.join(peerId, `Viewer ${id}`, 'viewer');
    const { revision, sdp } = await offer;
    this.revisions.set(id, revision);
    return sdp;
  }

  async acceptSubscriberAnswer(id: number, answerSdp: string): Promise<void> {
    const peer = this.room.getPeer(`bench-viewer-${id}`);
    const revision = this.revisions.get(id);
    if (!peer || revision === undefined) throw new Error(`no viewer ${id} waiting for an answer`);
    await peer.acceptSubscribeAnswer(revision, answerSdp);
  }

  async close(): Promise<void> {
    this.room.close();
  }
}
