/**
 * The forwarder side of `--scenario meeting`: the site's SFU with every peer joined through
 * server/signaling's RoomSignaling, the handler behind /ws. Each virtual browser in the load sends
 * its client messages as JSON text; they are checked as the socket checks them (size limit, JSON,
 * the protocol schema) and handled by that peer's RoomSignaling. What the room says back is
 * serialized as the socket would serialize it; the messages a browser acts on (answers, offers,
 * errors) go back to the load.
 */
import type { ClientMessage, ServerMessage } from '../../lib/protocol/messages';
import { clientMessage } from '../../lib/protocol/messages';
import { MAX_MESSAGE_BYTES } from '../../server/limits';
import { RoomSignaling } from '../../server/signaling/RoomSignaling';
import { ForwardingCounters } from '../../server/sfu/forwarding/ForwardingCounters';
import { Rooms } from '../../server/sfu/Rooms';
import type { RoomOptions } from '../../server/sfu/Room';
import type { WebRtcOptions } from '../../server/sfu/webrtc';
import type { LatencySplit } from './latencySplit';
import { instrument } from './roomForwarder';
import type { ForwardCounters } from './sfuForwarder';
import { LOOPBACK } from './weriftPeers';

export const MEETING_ROOM_ID = 'meeting';
/** What a browser's page acts on (a drop ends the run with the server's reason); the rest (stats, speaking, peer lists) is only serialized. */
const RELAYED: ReadonlySet<ServerMessage['type']> = new Set(['joined', 'publish-answer', 'subscribe-offer', 'publish-layers', 'error', 'dropped']);

export class MeetingRoom {
  private readonly ingest = { received: 0 };
  private readonly rooms: Rooms;
  private readonly signalings = new Map<number, RoomSignaling>();
  /** Bytes of JSON the room's messages to its members came to (the socket's cost, not sent here). */
  signalingBytes = 0;

  constructor(
    peers: number,
    forwarding: WebRtcOptions['forwarding'],
    /** What this mode changes in the site's room (bench/sfu/protocol.ts ROOM_MODE_OPTIONS). */
    roomOptions: Pick<RoomOptions, 'pauseUnwatchedLayers' | 'tickSlices'>,
    private readonly toBrowser: (peer: number, message: ServerMessage) => void,
    /** Times each packet's arrival in the room's code and the moment its copies left (latencySplit.ts). */
    split?: LatencySplit,
  ) {
    instrument(this.ingest, split);
    this.rooms = new Rooms({ maxPeers: peers, webrtc: { additionalHostAddresses: [LOOPBACK], forwarding }, ...roomOptions });
  }

  /** One message from peer `peer`'s page, as text. Throws what the socket would refuse. */
  async fromBrowser(peer: number, text: string): Promise<void> {
    const bytes = Buffer.byteLength(text);
    if (bytes > MAX_MESSAGE_BYTES) throw new Error(`peer ${peer}: a ${bytes}-byte message, over /ws's limit of ${MAX_MESSAGE_BYTES} bytes`);
    const parsed = clientMessage.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`peer ${peer}: not a protocol message: ${parsed.error.message}`);
    await this.signalingFor(peer).handle(parsed.data as ClientMessage);
  }

  private signalingFor(peer: number): RoomSignaling {
    let signaling = this.signalings.get(peer);
    if (!signaling) {
      const send = (message: ServerMessage) => {
        this.signalingBytes += JSON.stringify(message).length;
        if (RELAYED.has(message.type)) this.toBrowser(peer, message);
      };
      signaling = new RoomSignaling(this.rooms, {
        id: meetingPeerId(peer),
        send,
        sendError: (code, message, inReplyTo) => send({ type: 'error', code, message, ...(inReplyTo ? { inReplyTo } : {}) }),
      });
      this.signalings.set(peer, signaling);
    }
    return signaling;
  }

  get counters(): ForwardCounters {
    const { fastPackets, weriftPackets } = this.forwarding;
    return { received: this.ingest.received, forwarded: fastPackets + weriftPackets };
  }

  get forwarding(): ForwardingCounters {
    const total = new ForwardingCounters();
    const room = this.rooms.get(MEETING_ROOM_ID);
    for (const { id } of room?.listPeers() ?? []) {
      const counters = room?.getPeer(id)?.forwarding;
      if (counters) total.add(counters);
    }
    return total;
  }

  /** How many tiles get which layer now ("paused" for none): every tile should get the smallest. */
  layerCounts(): Record<string, number> {
    const counts: Record<string, number> = {};
    const room = this.rooms.get(MEETING_ROOM_ID);
    for (const { id } of room?.listPeers() ?? []) {
      for (const subscriber of room?.getPeer(id)?.subscribers ?? []) {
        const key = subscriber.selector.currentRid ?? (subscriber.selector.pendingRid ? `waiting for ${subscriber.selector.pendingRid}` : 'paused');
        counts[key] = (counts[key] ?? 0) + 1;
      }
    }
    return counts;
  }

  async close(): Promise<void> {
    for (const signaling of this.signalings.values()) signaling.close();
    this.rooms.close();
  }
}

export function meetingPeerId(peer: number): string {
  return `p${peer}`;
}
