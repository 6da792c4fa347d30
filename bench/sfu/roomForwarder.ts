/**
 * The site's own SFU under the benchmark: server/sfu's Room, Peer, Publisher and Subscriber,
 * driven through the same calls the /ws signaling makes (join, acceptPublishOffer, the
 * 'subscribe-offer' message, acceptSubscribeAnswer), with the room's timers running. The only
 * additions are two counters, wrapped around the publisher's ingest and werift's sendRtp.
 */
import { RTCRtpSender, type RtpPacket } from 'werift';
import { Publisher } from '../../server/sfu/Publisher';
import { Room } from '../../server/sfu/Room';
import type { ForwardCounters } from './sfuForwarder';
import { LOOPBACK } from './weriftPeers';

const PUBLISHER_ID = 'bench-publisher';
/** The synthetic camera: the publish answer's simulcast ladder is built for this size. */
const SOURCE_WIDTH_PX = 1280;
const SOURCE_HEIGHT_PX = 720;

/** Counts every packet the room hands to a werift sender and every packet a publisher takes in. */
function instrument(counters: ForwardCounters): void {
  const sendRtp = RTCRtpSender.prototype.sendRtp;
  RTCRtpSender.prototype.sendRtp = function countedSendRtp(this: RTCRtpSender, rtp: Buffer | RtpPacket) {
    counters.forwarded++;
    return sendRtp.call(this, rtp);
  };
  const ingestVideo = Publisher.prototype.ingestVideo;
  Publisher.prototype.ingestVideo = function countedIngestVideo(this: Publisher, rid: string, packet: RtpPacket) {
    counters.received++;
    ingestVideo.call(this, rid, packet);
  };
  const ingestAudio = Publisher.prototype.ingestAudio;
  Publisher.prototype.ingestAudio = function countedIngestAudio(this: Publisher, packet: RtpPacket, level: number | null) {
    counters.received++;
    ingestAudio.call(this, packet, level);
  };
}

export class RoomFanout {
  readonly counters: ForwardCounters = { received: 0, forwarded: 0 };
  private readonly room: Room;
  private readonly offers = new Map<string, (offer: { revision: number; sdp: string }) => void>();
  private readonly revisions = new Map<number, number>();

  constructor(subscribers: number) {
    instrument(this.counters);
    // One publisher plus every subscriber: the bench goes past the site's 50-person limit on purpose.
    this.room = new Room('bench', { maxPeers: subscribers + 1, webrtc: { additionalHostAddresses: [LOOPBACK] } });
    this.room.on('message', (peerId, message) => {
      if (message.type === 'subscribe-offer') {
        this.offers.get(peerId)?.({ revision: message.revision, sdp: message.sdp });
        this.offers.delete(peerId);
      }
    });
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
