import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { z } from 'zod';
import { MAX_SDP_CHARS } from '@/lib/protocol/room';
import type { SentEncoding } from '@/lib/bandwidth/members';
import { Bot, botWeights } from '../sfu/Bot';
import type { BotMedia } from '../sfu/BotMedia';
import type { UdpSocketBudget } from '../sfu/UdpSocketBudget';
import type { WebRtcOptions } from '../sfu/webrtc';
import type { Logger } from '../log';
import type { LocalPeerjsChannel } from './LocalPeerjsChannel';
import { MeshBotCall, type PeerjsSignal } from './MeshBotCall';

/**
 * A bot in a mesh room: a peerjs-compatible peer built on werift. It holds a PeerServer connection under
 * its own room peer id (in this process: LocalPeerjsChannel), answers the browsers that call it and calls
 * the ones it is told to, one MeshBotCall each, and sends every call the same pre-encoded clips the SFU's
 * bots send (server/sfu/Bot): one VP8 layer, since a mesh peer sends each other peer one stream, and its
 * spoken lines when the room gives it the turn. What browsers send it is received and dropped.
 */

export interface MeshBotEvents {
  /** The bot finished its line; the room passes the turn on. */
  'turn-done': [];
  /** A call with this browser ended by itself (it failed, or the browser left the PeerServer). */
  'call-ended': [remote: string];
}

export interface MeshBotOptions {
  id: string;
  name: string;
  peerjsId: string;
  media: BotMedia;
  seed: number;
  now: () => number;
  /** The bot's PeerServer connection, already open under `peerjsId`. */
  channel: LocalPeerjsChannel;
  /** Which of the clip's layers it sends (the mesh layer's height). */
  rid: string;
  webrtc: WebRtcOptions;
  opusKbps: number;
  sockets: UdpSocketBudget;
  log: Logger;
  /** Run the clip's timers and the heartbeat (off in unit tests that drive it by hand). */
  timers?: boolean;
}

/** peerjs clients send a heartbeat every 5 s; so does the bot. */
export const MESH_BOT_HEARTBEAT_MS = 5000;

const relayed = z.object({
  type: z.enum(['OFFER', 'ANSWER', 'CANDIDATE', 'LEAVE', 'EXPIRE', 'OPEN', 'ERROR', 'ID-TAKEN']),
  src: z.string().max(64).optional(),
  payload: z.unknown().optional(),
});
const sdpPayload = z.object({
  sdp: z.object({ type: z.enum(['offer', 'answer']), sdp: z.string().min(1).max(MAX_SDP_CHARS) }),
  type: z.literal('media'),
  connectionId: z.string().min(1).max(64),
});

export class MeshBot extends EventEmitter<MeshBotEvents> {
  readonly id: string;
  readonly name: string;
  readonly peerjsId: string;
  private readonly clip: Bot;
  private readonly calls = new Map<string, MeshBotCall>();
  private heartbeat: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly options: MeshBotOptions) {
    super();
    this.id = options.id;
    this.name = options.name;
    this.peerjsId = options.peerjsId;
    this.clip = new Bot(options.id, options.name, options.media, options.seed, options.now);
    this.clip.on('turn-done', () => this.emit('turn-done'));
    this.clip.publisher.attach({
      onVideo: (rid, packet) => {
        if (rid !== options.rid) return;
        for (const call of this.calls.values()) call.sendVideo(packet);
      },
      onAudio: (packet) => {
        for (const call of this.calls.values()) call.sendAudio(packet);
      },
    });
    options.channel.on('message', (text) => void this.receive(text));
    options.channel.on('close', () => this.close());
    if (options.timers !== false) {
      this.clip.start();
      this.heartbeat = setInterval(() => options.channel.send(JSON.stringify({ type: 'HEARTBEAT' })), MESH_BOT_HEARTBEAT_MS);
    }
  }

  get talking(): boolean {
    return this.clip.talking;
  }

  /** The browsers it has a call with (connected or not yet). */
  get callees(): string[] {
    return [...this.calls.keys()];
  }

  /** The room gives this bot the floor. */
  startTalking(): void {
    this.clip.startTalking();
  }

  /** Calls each of these browsers it has no call with yet. */
  call(remotes: readonly string[]): void {
    for (const remote of remotes) {
      if (this.closed || this.calls.has(remote)) continue;
      const call = this.open(remote, `mc_${randomBytes(8).toString('hex')}`);
      call?.offer().catch((error: unknown) => this.drop(remote, call, `could not call: ${String(error)}`));
    }
  }

  /** Ends the call with this browser (it left the room). */
  hangUp(remote: string): void {
    this.calls.get(remote)?.close();
    this.calls.delete(remote);
  }

  /** Idempotent: ends every call, stops the clip and the heartbeat, and leaves the PeerServer. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    for (const call of this.calls.values()) call.close();
    this.calls.clear();
    this.clip.close();
    this.options.channel.close();
    this.removeAllListeners();
  }

  /** Sends the clip's next video frame and audio frame (for tests that tick by hand). */
  tick(): void {
    this.clip.sendVideoFrame();
    this.clip.sendAudioFrame();
  }

  get resources(): { calls: number; timers: number } {
    return { calls: this.calls.size, timers: (this.heartbeat ? 1 : 0) + this.clip.timersRunning };
  }

  private open(remote: string, connectionId: string): MeshBotCall | null {
    let call: MeshBotCall;
    try {
      call = new MeshBotCall(remote, connectionId, (message) => this.signal(remote, message), this.options.webrtc, this.options.opusKbps, this.options.sockets);
    } catch (error) {
      this.options.log.warn('mesh bot could not open a call', { bot: this.id, remote, error: String(error) });
      return null;
    }
    call.once('failed', (reason) => this.drop(remote, call, reason));
    this.calls.set(remote, call);
    return call;
  }

  private drop(remote: string, call: MeshBotCall, reason: string): void {
    if (this.calls.get(remote) !== call) return;
    this.options.log.warn('mesh bot call ended', { bot: this.id, remote, reason });
    call.close();
    this.calls.delete(remote);
    this.emit('call-ended', remote);
  }

  private signal(remote: string, message: PeerjsSignal): void {
    if (!this.closed) this.options.channel.send(JSON.stringify({ ...message, dst: remote }));
  }

  private async receive(text: string): Promise<void> {
    if (this.closed) return;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return;
    }
    const parsed = relayed.safeParse(json);
    if (!parsed.success) return;
    const { type, src, payload } = parsed.data;
    if (type === 'ERROR' || type === 'ID-TAKEN') {
      this.options.log.warn('the PeerServer refused a mesh bot', { bot: this.id, type, payload });
      return;
    }
    if (!src || type === 'OPEN' || type === 'CANDIDATE') return;
    if (type === 'LEAVE' || type === 'EXPIRE') {
      const call = this.calls.get(src);
      if (call) this.drop(src, call, type === 'EXPIRE' ? 'the browser is not on the PeerServer' : 'the browser left');
      return;
    }
    const signal = sdpPayload.safeParse(payload);
    if (!signal.success) return;
    const { sdp, connectionId } = signal.data;
    if (type === 'OFFER') {
      // A browser calling (again) replaces any call the bot had with it.
      this.hangUp(src);
      const call = this.open(src, connectionId);
      await call?.answer(sdp.sdp).catch((error: unknown) => this.drop(src, call, `could not answer: ${String(error)}`));
    } else {
      const call = this.calls.get(src);
      if (call?.connectionId === connectionId) await call.accept(sdp.sdp).catch((error: unknown) => this.drop(src, call, `bad answer: ${String(error)}`));
    }
  }
}

/** What a mesh bot sends: one layer of the clips (the SFU's bots send them all), and its voice while it talks. */
export function meshBotWeights(media: BotMedia, rid: string): { video: SentEncoding[]; voiceWireKbps: number } {
  const all = botWeights(media);
  const layer = all.layers.find((l) => l.rid === rid);
  if (!layer) throw new RangeError(`the bot clips have no layer "${rid}"`);
  return { video: [layer], voiceWireKbps: all.voiceWireKbps };
}
