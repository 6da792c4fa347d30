/**
 * The forwarding path under test, driven through werift directly: one RTCPeerConnection per
 * peer, the publisher's tracks fanned out to every subscriber's sender with `sendRtp` after
 * clearing the header extensions (the subscriber's sender writes its own), exactly what the
 * site's SFU does per packet. Nothing is decoded.
 */
import { RTCPeerConnection, type RTCRtpSender, type RtpPacket } from 'werift';
import { connected, gatheredDescription, loopbackPeerConfig } from './weriftPeers';

export interface ForwardCounters {
  received: number;
  forwarded: number;
}

export class WeriftFanout {
  readonly counters: ForwardCounters = { received: 0, forwarded: 0 };
  private readonly peers: RTCPeerConnection[] = [];
  private readonly videoSenders: RTCRtpSender[] = [];
  private readonly audioSenders: RTCRtpSender[] = [];
  private readonly pendingSubscribers = new Map<number, RTCPeerConnection>();

  async acceptPublisher(offerSdp: string): Promise<string> {
    const pc = new RTCPeerConnection(loopbackPeerConfig());
    this.peers.push(pc);
    pc.onTrack.subscribe((track) => {
      const senders = track.kind === 'video' ? this.videoSenders : this.audioSenders;
      track.onReceiveRtp.subscribe((rtp: RtpPacket) => {
        this.counters.received++;
        rtp.header.extensions = [];
        for (const sender of senders) {
          void sender.sendRtp(rtp);
        }
        this.counters.forwarded += senders.length;
      });
    });
    await pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
    await pc.setLocalDescription(await pc.createAnswer());
    return gatheredDescription(pc);
  }

  async offerSubscriber(id: number): Promise<string> {
    const pc = new RTCPeerConnection(loopbackPeerConfig());
    this.peers.push(pc);
    this.pendingSubscribers.set(id, pc);
    pc.addTransceiver('video', { direction: 'sendonly' });
    pc.addTransceiver('audio', { direction: 'sendonly' });
    await pc.setLocalDescription(await pc.createOffer());
    return gatheredDescription(pc);
  }

  async acceptSubscriberAnswer(id: number, answerSdp: string): Promise<void> {
    const pc = this.pendingSubscribers.get(id);
    if (!pc) throw new Error(`no subscriber ${id}`);
    this.pendingSubscribers.delete(id);
    await pc.setRemoteDescription({ type: 'answer', sdp: answerSdp });
    await connected(pc);
    for (const transceiver of pc.getTransceivers()) {
      (transceiver.kind === 'video' ? this.videoSenders : this.audioSenders).push(transceiver.sender);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.peers.map((pc) => pc.close()));
  }
}
