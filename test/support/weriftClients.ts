import { RTCPeerConnection, RTCRtpCodecParameters } from 'werift';
import type { Room } from '@/server/sfu/Room';
import type { ServerMessage } from '@/lib/protocol/messages';

/**
 * Browser stand-ins for server tests: werift peer connections on loopback, full ICE agents as a browser
 * is, with no STUN server, answering the room's subscribe offers the way the room page does
 * (components/room/roomClient.ts). Real DTLS, SRTP and ICE against the real SFU, without Chromium.
 */

export const LOOPBACK = '127.0.0.1';

export function clientConnection(): RTCPeerConnection {
  return new RTCPeerConnection({
    iceServers: [],
    iceUseIpv6: false,
    iceAdditionalHostAddresses: [LOOPBACK],
    bundlePolicy: 'max-bundle',
    codecs: {
      audio: [new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48_000, channels: 2 })],
      video: [new RTCRtpCodecParameters({ mimeType: 'video/VP8', clockRate: 90_000 })],
    },
  });
}

/** A publish offer as a browser camera makes one: bundled video (with these simulcast RIDs) and audio. */
export async function publishOffer(pc: RTCPeerConnection, rids: string[] = []): Promise<string> {
  pc.addTransceiver('video', { direction: 'sendonly' });
  pc.addTransceiver('audio', { direction: 'sendonly' });
  await pc.setLocalDescription(await pc.createOffer());
  const sdp = pc.localDescription!.sdp;
  if (rids.length === 0) return sdp;
  // werift cannot send simulcast itself; the offer only needs to declare the layers.
  const lines = rids.map((rid) => `a=rid:${rid} send\r\n`).join('') + `a=simulcast:send ${rids.join(';')}\r\n`;
  return sdp.replace(/(m=video[^]*?)(?=m=audio|$)/, (section) => section + lines);
}

export async function answerOffer(pc: RTCPeerConnection, offerSdp: string): Promise<string> {
  await pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
  await pc.setLocalDescription(await pc.createAnswer());
  return pc.localDescription!.sdp;
}

export function connected(pc: RTCPeerConnection, timeoutMs = 10_000): Promise<void> {
  if (pc.connectionState === 'connected') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.unSubscribe();
      reject(new Error(`not connected after ${timeoutMs} ms (state ${pc.connectionState})`));
    }, timeoutMs);
    const sub = pc.connectionStateChange.subscribe((state) => {
      if (state === 'connected') {
        clearTimeout(timer);
        sub.unSubscribe();
        resolve();
      }
    });
  });
}

/** What one stand-in viewer saw. */
export interface ViewerRecord {
  pc: RTCPeerConnection;
  /** Every message the room sent it. */
  messages: ServerMessage[];
  /** The publishers of the last offer it answered. */
  answeredPublishers: Set<string>;
  /** Answers the server refused. */
  refusals: string[];
}

/**
 * Viewers that join `room` and answer every subscribe offer at once. `errors()` lists the viewers the
 * room told its connection failed.
 */
export class LoopbackViewers {
  readonly viewers = new Map<string, ViewerRecord>();
  private readonly answering = new Map<string, Promise<void>>();

  constructor(
    private readonly room: Room,
    private readonly mutate: (sdp: string) => string = (sdp) => sdp,
  ) {
    room.on('message', (peerId, message) => {
      const viewer = this.viewers.get(peerId);
      if (!viewer) return;
      viewer.messages.push(message);
      if (message.type === 'subscribe-offer') {
        // One answer at a time per viewer, in order, as a browser's signaling does.
        const previous = this.answering.get(peerId) ?? Promise.resolve();
        this.answering.set(peerId, previous.then(() => this.answer(peerId, viewer, message)));
      }
    });
  }

  join(id: string): ViewerRecord {
    const viewer: ViewerRecord = { pc: clientConnection(), messages: [], answeredPublishers: new Set(), refusals: [] };
    this.viewers.set(id, viewer);
    this.room.join(id, id, 'viewer');
    return viewer;
  }

  async leave(id: string): Promise<void> {
    const viewer = this.viewers.get(id);
    this.room.leave(id);
    this.viewers.delete(id);
    await this.answering.get(id)?.catch(() => {});
    this.answering.delete(id);
    await viewer?.pc.close();
  }

  /** Waits until every viewer answered an offer that carries all of `publisherIds` and is connected. */
  async settled(publisherIds: string[], timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (const viewer of this.viewers.values()) {
      while (!publisherIds.every((id) => viewer.answeredPublishers.has(id)) && Date.now() < deadline && !this.failed(viewer)) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      if (!this.failed(viewer)) await connected(viewer.pc, Math.max(1, deadline - Date.now())).catch(() => {});
    }
  }

  /** Viewers the room dropped: it sent them a negotiation-failed error. */
  errors(): string[] {
    return [...this.viewers.entries()].filter(([, viewer]) => this.failed(viewer)).map(([id]) => id);
  }

  async close(): Promise<void> {
    for (const id of [...this.viewers.keys()]) await this.leave(id);
  }

  private failed(viewer: ViewerRecord): boolean {
    return viewer.messages.some((m) => m.type === 'error' && m.code === 'negotiation-failed');
  }

  private async answer(peerId: string, viewer: ViewerRecord, offer: Extract<ServerMessage, { type: 'subscribe-offer' }>): Promise<void> {
    const sdp = this.mutate(await answerOffer(viewer.pc, offer.sdp));
    const peer = this.room.getPeer(peerId);
    if (!peer) return;
    try {
      await peer.acceptSubscribeAnswer(offer.revision, sdp);
      viewer.answeredPublishers = new Set(offer.tracks.map((t) => t.publisherId));
    } catch (error) {
      viewer.refusals.push(String(error));
    }
  }
}
