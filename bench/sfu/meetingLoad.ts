/**
 * The load side of `--scenario meeting`: `peers` virtual browsers in one process, each doing what
 * the room page does over /ws (join as a camera, publish, answer every subscribe offer, report
 * each tile's size and the link's capacity) with werift peer connections for ICE and DTLS.
 *
 * Once connected they stay light, or the load would cost more than the forwarder it measures:
 * - a publisher sends its packets itself, encrypted with its connection's SRTP keys on its
 *   connection's socket: three simulcast layers told apart by RID (RFC 8852) and Opus with audio
 *   levels (RFC 6464), as bench/sfu/meetingMedia.ts schedules them;
 * - a viewer decrypts only the 12-byte trailer at the end of each payload (AES-CM is a stream
 *   cipher, so any range can be decrypted alone) and checks the full authentication tag of every
 *   16th packet; it sends no RTCP.
 */
import { readFileSync } from 'node:fs';
import * as werift from 'werift';
import { RTCPeerConnection, type RTCRtpSender, type RTCRtpTransceiver } from 'werift';
import type { ServerMessage } from '../../lib/protocol/messages';
import { applyLayerRequest } from '../../lib/simulcast/layerDemand';
import { RangeViews } from '../../server/sfu/forwarding/RangeViews';
import { NegotiationPacer } from '../../server/sfu/NegotiationPacer';
import { SRTP_AUTH_TAG_BYTES, SRTP_HEADROOM_BYTES, SrtpAesCmProtector } from '../../server/sfu/forwarding/SrtpAesCmProtector';
import { receiveRtpFromSocket, trailerReader, type DtlsInternals } from './lightReceiver';
import { LoopMonitor } from './loopMonitor';
import { MEETING_ROOM_ID } from './meetingForwarder';
import { MEETING_SOURCE, MeetingMedia, type MeetingPacket } from './meetingMedia';
import { Pacer, type PacerShape } from './pacer';
import { PACKET_CLASS, latencyFigures, percentile, type LatencyFigures, type LoadResult, type LoopFigures } from './protocol';
import { VIDEO_PAYLOAD_TYPE, benchClockMs, stampSendTime } from './stream';
import { connected, gatheredDescription, loopbackPeerConfig } from './weriftPeers';

// werift names its header-extension factories use*(); they are plain functions, not React hooks.
const extension = { mid: werift.useSdesMid, rid: werift.useSdesRTPStreamId, audioLevel: werift.useAudioLevelIndication };

/** A 7 x 7 grid on a 1920 x 1080 screen: 274 x 154 CSS pixels a tile, at device pixel ratio 1. */
export const MEETING_TILE = { widthPx: 274, heightPx: 154 };
/** The viewers' link: forty-nine 180p tiles need 49 x 240 kbps to start (lib/simulcast's 20 % upgrade headroom). */
export const MEETING_DOWNLINK_KBPS = 25_000;
const MAX_PACKETS = 1 << 20;
const PUBLISHER_TICK_MS = 2;
/** Each viewer socket's receive buffer (SO_RCVBUF; Linux doubles it for its own bookkeeping). */
const VIEWER_RECEIVE_BUFFER_BYTES = 2 * 1024 * 1024;
/** A publishing tick this long after the previous one has held packets back: the generator fell behind. */
const LATE_TICK_MS = 20;

function withSimulcast(offer: string, rids: readonly string[]): string {
  const sections = offer.split(/(?=^m=)/m);
  return sections
    .map((section) => {
      if (!section.startsWith('m=video')) return section;
      // RID-based simulcast (RFC 8853): the layers are told apart by RID, not by announced SSRCs.
      const lines = section.split(/\r?\n/).filter((line) => line !== '' && !line.startsWith('a=ssrc'));
      lines.push(...rids.map((rid) => `a=rid:${rid} send`), `a=simulcast:send ${rids.join(';')}`);
      return lines.join('\r\n') + '\r\n';
    })
    .join('');
}

class VirtualBrowser {
  /** Sampled viewers only: which packets arrived. */
  readonly seen: Uint8Array;
  /** Unsampled viewers only: RTP datagrams read (and dropped) from the socket. */
  unsampledRtp = 0;
  /** Publishing: datagrams the kernel could not take at once (node:dgram queued them): the load's own backlog. */
  queuedSends = 0;
  /** The camera's encodings as a browser's sender has them, switched by the SFU's `publish-layers`. */
  private encodings: { rid: string; active: boolean }[] = [];
  publishPc?: RTCPeerConnection;
  subscribePc?: RTCPeerConnection;
  private subscribing: Promise<void> = Promise.resolve();
  private readonly sized = new Set<string>();
  private waiters = new Map<string, (message: ServerMessage) => void>();
  // Publishing, once connected.
  private send?: (datagram: Buffer) => void;
  private protector?: SrtpAesCmProtector;
  private videoSsrc = new Map<string, number>();
  private audioSsrc = 0;
  private midId = 0;
  private ridId = 0;
  private audioLevelId = 0;
  private mids: { video: string; audio: string } = { video: '0', audio: '1' };
  private out = Buffer.alloc(SRTP_HEADROOM_BYTES + 2048 + SRTP_AUTH_TAG_BYTES);
  private readonly datagrams = new RangeViews();

  constructor(
    readonly index: number,
    /** Whether this viewer's loss and latency are measured (see MeetingLoad). */
    readonly sampled: boolean,
    private readonly toServer: (text: string) => void,
    private readonly onTrailer: (browser: VirtualBrowser, index: number, sentAtMs: number) => void,
    private readonly onAuthFailure: () => void,
    private readonly onFailure: (error: Error) => void,
    private readonly answers: NegotiationPacer,
    /** The SFU asked this camera to send only these layers (already checked against its encodings). */
    private readonly onLayers: (rids: readonly string[]) => void,
  ) {
    this.seen = new Uint8Array(sampled ? MAX_PACKETS : 0);
  }

  /** Sees the `others` peers that joined before or after it, its subscribe connection up, no offer pending. */
  subscribedTo(others: number): boolean {
    return this.sized.size === others && this.pendingOffers === 0 && (others === 0 || this.subscribePc?.connectionState === 'connected');
  }

  private pendingOffers = 0;

  message(message: ServerMessage): void {
    if (message.type === 'error') throw new Error(`peer ${this.index}: the server refused a message: ${message.code}: ${message.message}`);
    if (message.type === 'dropped') throw new Error(`peer ${this.index}: the server dropped it: ${message.message}`);
    if (message.type === 'publish-layers') {
      // As the room page does (components/room/roomClient.ts): a request that does not fit the sender is refused.
      this.encodings = applyLayerRequest(this.encodings, message.rids);
      this.onLayers(this.encodings.filter((e) => e.active).map((e) => e.rid));
      return;
    }
    if (message.type === 'subscribe-offer') {
      this.pendingOffers++;
      this.subscribing = this.subscribing.then(() => this.answer(message)).finally(() => this.pendingOffers--);
      return;
    }
    this.waiters.get(message.type)?.(message);
  }

  private next<T extends ServerMessage['type']>(type: T): Promise<Extract<ServerMessage, { type: T }>> {
    return new Promise((resolve) => this.waiters.set(type, (m) => resolve(m as Extract<ServerMessage, { type: T }>)));
  }

  async joinAndPublish(rids: readonly string[]): Promise<void> {
    const joined = this.next('joined');
    this.toServer(JSON.stringify({ type: 'join', roomId: MEETING_ROOM_ID, role: 'camera', name: `Peer ${this.index}` }));
    await joined;
    this.encodings = rids.map((rid) => ({ rid, active: true }));
    this.toServer(JSON.stringify({ type: 'downlink-cap', kbps: MEETING_DOWNLINK_KBPS }));
    const pc = new RTCPeerConnection({
      ...loopbackPeerConfig(),
      headerExtensions: { video: [extension.mid(), extension.rid()], audio: [extension.mid(), extension.audioLevel()] },
    });
    this.publishPc = pc;
    const video = pc.addTransceiver('video', { direction: 'sendonly' });
    const audio = pc.addTransceiver('audio', { direction: 'sendonly' });
    await pc.setLocalDescription(await pc.createOffer());
    const answered = this.next('publish-answer');
    const sdp = withSimulcast(await gatheredDescription(pc), rids);
    this.toServer(JSON.stringify({ type: 'publish-offer', sdp, sourceWidth: MEETING_SOURCE.width, sourceHeight: MEETING_SOURCE.height }));
    await pc.setRemoteDescription({ type: 'answer', sdp: (await answered).sdp });
    // A minute, not 20 s: on a loaded machine an arrival waits behind every viewer's renegotiation.
    await connected(pc, 60_000).catch((error: unknown) => {
      throw new Error(`peer ${this.index}'s publish connection: ${String(error)}`);
    });
    this.preparePublishing(pc, video, audio, rids);
  }

  private preparePublishing(pc: RTCPeerConnection, videoTransceiver: RTCRtpTransceiver, audioTransceiver: RTCRtpTransceiver, rids: readonly string[]): void {
    const video = videoTransceiver.sender;
    const audio = audioTransceiver.sender;
    const extensionId = (sender: RTCRtpSender, uri: string) =>
      (sender as unknown as { headerExtensions: { id: number; uri: string }[] }).headerExtensions.find((e) => e.uri === uri)?.id ?? 0;
    this.midId = extensionId(video, werift.RTP_EXTENSION_URI.sdesMid);
    this.ridId = extensionId(video, werift.RTP_EXTENSION_URI.sdesRTPStreamID);
    this.audioLevelId = extensionId(audio, werift.RTP_EXTENSION_URI.audioLevelIndication);
    this.mids = { video: videoTransceiver.mid ?? '0', audio: audioTransceiver.mid ?? '1' };
    this.audioSsrc = audio.ssrc;
    rids.forEach((rid, i) => this.videoSsrc.set(rid, (0x10000000 + this.index * 16 + i) >>> 0));
    // The transport the senders use: with BUNDLE, every track's.
    const dtls = video.dtlsTransport as unknown as DtlsInternals;
    const { localContext } = dtls.srtp;
    this.protector = new SrtpAesCmProtector({ encryptionKey: localContext.srtpSessionKey, salt: localContext.srtpSessionSalt, authKey: localContext.srtpSessionAuthTag });
    const connection = dtls.iceTransport.connection;
    this.send = (datagram) => {
      const pair = connection.nominated;
      if (!pair) return;
      // The patched werift socket sends before returning (see FastRtpSender), unless it had to queue.
      const { socket } = pair.protocol.transport;
      socket.send(datagram, pair.remoteAddr[1], pair.remoteAddr[0]);
      if (socket.getSendQueueCount() > 0) {
        this.queuedSends++;
        this.out = Buffer.alloc(this.out.length);
      }
    };
  }

  /** Writes, encrypts and sends one packet of this peer's schedule. */
  publish(packet: MeetingPacket, nowMs: number): void {
    if (!this.send || !this.protector) return;
    const out = this.out;
    const at = SRTP_HEADROOM_BYTES;
    const elements: [number, Buffer | number][] =
      packet.rid === null
        ? [
            [this.midId, Buffer.from(this.mids.audio)],
            [this.audioLevelId, packet.audioLevel],
          ]
        : [
            [this.midId, Buffer.from(this.mids.video)],
            [this.ridId, Buffer.from(packet.rid)],
          ];
    let offset = at + 16;
    for (const [id, value] of elements) {
      if (typeof value === 'number') {
        out[offset++] = (id << 4) | 0;
        out[offset++] = value & 0x7f; // V bit 0: no voice activity claim; the SFU judges by level
      } else {
        out[offset++] = (id << 4) | (value.length - 1);
        value.copy(out, offset);
        offset += value.length;
      }
    }
    while ((offset - at) % 4 !== 0) out[offset++] = 0;
    const headerLength = offset - at;
    out[at] = 0x90; // V=2, X=1
    out[at + 1] = (packet.marker ? 0x80 : 0) | (packet.rid === null ? packet.payloadType : VIDEO_PAYLOAD_TYPE);
    out.writeUInt16BE(packet.sequenceNumber, at + 2);
    out.writeUInt32BE(packet.timestamp >>> 0, at + 4);
    out.writeUInt32BE(packet.rid === null ? this.audioSsrc : this.videoSsrc.get(packet.rid)!, at + 8);
    out.writeUInt16BE(0xbede, at + 12);
    out.writeUInt16BE((headerLength - 16) / 4, at + 14);
    stampSendTime(packet.payload, nowMs);
    const length = this.protector.protect(out, at, headerLength, packet.payload, packet.payload.length, 0);
    this.send(this.datagrams.get(out, at, length));
  }

  private async answer(offer: Extract<ServerMessage, { type: 'subscribe-offer' }>): Promise<void> {
    const first = !this.subscribePc;
    const pc = (this.subscribePc ??= new RTCPeerConnection(loopbackPeerConfig()));
    // Fifty browsers' answers in one process take turns, as the SFU's offers do, so that this
    // process's own ICE and DTLS are not held up behind a burst a real class spreads over 50 machines.
    await this.answers.run(async () => {
      await pc.setRemoteDescription({ type: 'offer', sdp: offer.sdp });
      await pc.setLocalDescription(await pc.createAnswer());
    });
    this.toServer(JSON.stringify({ type: 'subscribe-answer', revision: offer.revision, sdp: await gatheredDescription(pc) }));
    // The page reports the tiles that appeared, in one `tiles` message (as components/room does).
    const tiles = [];
    for (const track of offer.tracks) {
      if (track.kind !== 'video' || this.sized.has(track.publisherId)) continue;
      this.sized.add(track.publisherId);
      tiles.push({ publisherId: track.publisherId, ...MEETING_TILE, visible: true, videoOff: false });
    }
    if (tiles.length > 0) this.toServer(JSON.stringify({ type: 'tiles', devicePixelRatio: 1, tiles }));
    if (first) {
      void connected(pc, 120_000).then(
        () => this.receiveLightly(pc),
        (error: unknown) => this.onFailure(new Error(`peer ${this.index}'s subscribe connection: ${String(error)}`)),
      );
    }
  }

  private receiveLightly(pc: RTCPeerConnection): void {
    // Fifty browsers' sockets read by one event loop: a stall of a few tens of milliseconds (the load's own
    // publishing, GC, the machine's other work) would overflow the default 208 KiB receive buffer at 1,700
    // packets a second per viewer, and that loss would be the load's, not the forwarder's (each browser reads
    // its own socket in its own process). The kernel caps it at net.core.rmem_max; what is left is reported.
    receiveRtpFromSocket(
      pc,
      (remoteKeys) =>
        this.sampled
          ? trailerReader(remoteKeys, (index, sentAtMs) => this.onTrailer(this, index, sentAtMs), this.onAuthFailure)
          : () => this.unsampledRtp++,
      VIEWER_RECEIVE_BUFFER_BYTES,
    );
  }

  async close(): Promise<void> {
    await Promise.all([this.publishPc?.close(), this.subscribePc?.close()]);
  }
}

export class MeetingLoad {
  private readonly browsers: VirtualBrowser[] = [];
  private readonly media: MeetingMedia;
  private windowFirstIndex = -1;
  private windowEndIndex = -1;
  private latencies = new Float64Array(1 << 16);
  private latencyClasses = new Uint8Array(1 << 16);
  private latencyCount = 0;
  /** Per packet index: what it was (PACKET_CLASS) and the latest sampled viewer's latency, for the forwarder's latency split. */
  private readonly packetClass = new Uint8Array(MAX_PACKETS);
  private readonly worstMs = new Float64Array(MAX_PACKETS).fill(NaN);
  /** Each camera's send pacer (pacer.ts), unless the run is unpaced. */
  private readonly pacers: Pacer<MeetingPacket>[] = [];
  private authenticationFailures = 0;
  private publishTimer: NodeJS.Timeout | null = null;
  /** The first connection that failed on the load's side. */
  private failure: Error | null = null;
  private readonly answers = new NegotiationPacer();
  private unsampledAtWindowStart = 0;
  private unsampledAtWindowStop = 0;
  /** The generator's own health over the window: how late its ticks ran, packets sent, datagrams queued. */
  private inWindow = false;
  private tickGaps: number[] = [];
  private packetsSentInWindow = 0;
  private packetsLateInWindow = 0;
  private queuedAtWindowStart = 0;
  private queuedAtWindowStop = 0;
  private udpAtWindowStart: UdpCounters | null = null;
  private udpAtWindowStop: UdpCounters | null = null;

  /**
   * `sampled` of the `peers` viewers, spread evenly over the arrival order, have their loss and
   * latency measured in full: every packet's trailer read, every 16th authenticated. The others are
   * subscribed and sent to like them, answer their ICE checks and DTLS as browsers do, and read
   * every datagram from their sockets, but only count RTP and drop it: one process on one core
   * cannot decrypt ~93,000 packets a second beside 50 publishers (bench/sfu's load core share says
   * how busy it is).
   */
  constructor(
    private readonly peers: number,
    private readonly toServer: (peer: number, text: string) => void,
    /** At every tenth arrival: how many are in, seconds since the first, this process's event loop since the last mark. */
    private readonly onSetupMark: (joined: number, seconds: number, load: LoopFigures) => void,
    sampled = peers,
    pacer: PacerShape | null = null,
  ) {
    this.media = new MeetingMedia(peers);
    if (pacer) for (let i = 0; i < peers; i++) this.pacers.push(new Pacer<MeetingPacket>(this.media.targetKbps(i), pacer));
    const measured = sampledViewers(peers, sampled);
    for (let i = 0; i < peers; i++) {
      this.browsers.push(
        new VirtualBrowser(
          i,
          measured.has(i),
          (text) => this.toServer(i, text),
          (browser, index, sentAtMs) => this.deliver(browser, index, sentAtMs),
          () => this.authenticationFailures++,
          (error) => (this.failure ??= error),
          this.answers,
          (rids) => {
            this.media.setSending(i, rids);
            this.pacers[i]?.setTarget(this.media.targetKbps(i));
          },
        ),
      );
    }
  }

  get packetsScheduled(): number {
    return this.media.packetsScheduled;
  }

  fromServer(peer: number, message: ServerMessage): void {
    this.browsers[peer].message(message);
  }

  /**
   * People join one after another, each once everyone before is connected and subscribed to all
   * the others, so the time and event-loop delay at every tenth arrival are what an arrival costs in
   * a room of that size (the room renegotiates every viewer's subscribe connection when a publisher
   * arrives; a class arriving together would see those renegotiations fold into fewer offers).
   */
  async connect(): Promise<void> {
    const rids = ['q', 'h', 'f'];
    const startedAtMs = performance.now();
    const loop = new LoopMonitor();
    for (let joined = 1; joined <= this.peers; joined++) {
      await this.browsers[joined - 1].joinAndPublish(rids);
      const present = this.browsers.slice(0, joined);
      // Each arrival renegotiates every connection already there (2 m-sections per publisher).
      const deadline = Date.now() + 300_000;
      while (!present.every((b) => b.subscribedTo(joined - 1))) {
        if (this.failure) throw this.failure;
        if (Date.now() > deadline) throw new Error(`meeting: peers not subscribed to the ${joined - 1} others after 5 minutes`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      if (joined % 10 === 0 || joined === this.peers) this.onSetupMark(joined, (performance.now() - startedAtMs) / 1000, loop.mark());
    }
    loop.close();
  }

  startPublishing(): void {
    const startedAtMs = performance.now();
    let lastTickMs = startedAtMs;
    const leaving: MeetingPacket[] = [];
    const byPeer: { packet: MeetingPacket; bytes: number; audio: boolean }[][] = this.browsers.map(() => []);
    const tick = () => {
      const nowMs = performance.now();
      const due = this.media.due(nowMs - startedAtMs);
      leaving.length = 0;
      if (this.pacers.length > 0) {
        // Each camera paces its own packets (a browser's pacer serves its one connection).
        for (const packet of due) byPeer[packet.peer].push({ packet, bytes: packet.payload.length, audio: packet.rid === null });
        for (let peer = 0; peer < this.pacers.length; peer++) {
          this.pacers[peer].push(nowMs - startedAtMs, byPeer[peer], leaving);
          byPeer[peer].length = 0;
        }
      } else {
        leaving.push(...due);
      }
      for (const packet of leaving) {
        if (packet.index < MAX_PACKETS) this.packetClass[packet.index] = packet.rid === null ? PACKET_CLASS.audio : packet.keyframe ? PACKET_CLASS.keyframe : PACKET_CLASS.delta;
        this.browsers[packet.peer].publish(packet, benchClockMs());
      }
      if (this.inWindow) {
        // A packet due just after the previous tick waited the whole gap: the generator's lag, not the forwarder's.
        const gapMs = nowMs - lastTickMs;
        this.tickGaps.push(gapMs);
        this.packetsSentInWindow += leaving.length;
        if (gapMs > LATE_TICK_MS) this.packetsLateInWindow += leaving.length;
      }
      lastTickMs = nowMs;
      this.publishTimer = setTimeout(tick, PUBLISHER_TICK_MS);
    };
    tick();
  }

  private deliver(browser: VirtualBrowser, index: number, sentAtMs: number): void {
    if (index >= MAX_PACKETS || browser.seen[index]) return;
    browser.seen[index] = 1;
    if (this.windowFirstIndex >= 0 && index >= this.windowFirstIndex && (this.windowEndIndex < 0 || index < this.windowEndIndex)) {
      if (this.latencyCount === this.latencies.length) {
        const grown = new Float64Array(this.latencies.length * 2);
        grown.set(this.latencies);
        this.latencies = grown;
        const grownClasses = new Uint8Array(grown.length);
        grownClasses.set(this.latencyClasses);
        this.latencyClasses = grownClasses;
      }
      const latencyMs = benchClockMs() - sentAtMs;
      this.latencyClasses[this.latencyCount] = this.packetClass[index];
      this.latencies[this.latencyCount++] = latencyMs;
      if (!(this.worstMs[index] >= latencyMs)) this.worstMs[index] = latencyMs;
    }
  }

  windowStart(): void {
    this.windowFirstIndex = this.media.packetsScheduled;
    this.unsampledAtWindowStart = this.unsampledRead();
    this.queuedAtWindowStart = this.queuedSends();
    this.udpAtWindowStart = udpCounters();
    this.inWindow = true;
  }

  windowStop(): void {
    this.windowEndIndex = this.media.packetsScheduled;
    this.unsampledAtWindowStop = this.unsampledRead();
    this.queuedAtWindowStop = this.queuedSends();
    this.udpAtWindowStop = udpCounters();
    this.inWindow = false;
  }

  private queuedSends(): number {
    return this.browsers.reduce((sum, b) => sum + b.queuedSends, 0);
  }

  private unsampledRead(): number {
    return this.browsers.reduce((sum, b) => sum + b.unsampledRtp, 0);
  }

  /** Loss and latency over the window; `sentPackets` counts what viewers should get (smallest layer and audio). */
  result(loadCpuUs: number, wallMs: number): LoadResult {
    if (this.failure) throw this.failure;
    const forwardable = this.media.forwardableBetween(this.windowFirstIndex, this.windowEndIndex);
    const sampled = this.browsers.filter((b) => b.sampled);
    let delivered = 0;
    let expected = 0;
    let expectedUnsampled = 0;
    for (const { index, peer } of forwardable) {
      for (const browser of sampled) {
        if (browser.index === peer) continue;
        expected++;
        delivered += browser.seen[index];
      }
      expectedUnsampled += this.peers - 1 - (sampled.length - (this.browsers[peer].sampled ? 1 : 0));
    }
    const sorted = this.latencies.slice(0, this.latencyCount).sort();
    const gaps = Float64Array.from(this.tickGaps).sort();
    return {
      generator: {
        packetsSent: this.packetsSentInWindow,
        packetsLate: this.packetsLateInWindow,
        tickGapP99Ms: percentile(gaps, 99),
        tickGapMaxMs: gaps.length ? gaps[gaps.length - 1] : NaN,
        queuedSends: this.queuedAtWindowStop - this.queuedAtWindowStart,
        receiveBufferDrops:
          this.udpAtWindowStart && this.udpAtWindowStop ? this.udpAtWindowStop.receiveBufferErrors - this.udpAtWindowStart.receiveBufferErrors : NaN,
      },
      sentPackets: forwardable.length,
      expectedDeliveries: expected,
      deliveredPackets: delivered,
      sampling: {
        viewers: sampled.length,
        of: this.peers,
        unsampledRead: this.unsampledAtWindowStop - this.unsampledAtWindowStart,
        unsampledExpected: expectedUnsampled,
      },
      latencyP50Ms: percentile(sorted, 50),
      latencyP99Ms: percentile(sorted, 99),
      latencyMaxMs: sorted.length ? sorted[sorted.length - 1] : NaN,
      loadCpuUs,
      wallMs,
      srtpFailures: this.authenticationFailures,
      byClass: { audio: this.byClass(PACKET_CLASS.audio), delta: this.byClass(PACKET_CLASS.delta), keyframe: this.byClass(PACKET_CLASS.keyframe) },
      perPacket: {
        firstIndex: this.windowFirstIndex,
        classes: Array.from(this.packetClass.subarray(this.windowFirstIndex, this.windowEndIndex)),
        worstMs: Array.from(this.worstMs.subarray(this.windowFirstIndex, this.windowEndIndex)),
      },
    };
  }

  private byClass(ofClass: number): LatencyFigures {
    return latencyFigures(this.latencies, this.latencyClasses, this.latencyCount, ofClass);
  }

  async close(): Promise<void> {
    if (this.publishTimer) clearTimeout(this.publishTimer);
    await Promise.all(this.browsers.map((b) => b.close()));
  }
}

interface UdpCounters {
  receiveBufferErrors: number;
}

/**
 * The kernel's UDP counters (Linux /proc/net/snmp): `RcvbufErrors` counts datagrams dropped because a
 * socket's receive buffer was full, i.e. its process did not read in time. Machine-wide: in a run, the
 * load's viewers' sockets or the forwarder's own (when it falls behind its cameras); the forwarder's
 * intake tells which. Null where /proc is not there.
 */
function udpCounters(): UdpCounters | null {
  try {
    const lines = readFileSync('/proc/net/snmp', 'utf8').split('\n').filter((line) => line.startsWith('Udp:'));
    const [names, values] = lines.map((line) => line.trim().split(/\s+/));
    const i = names.indexOf('RcvbufErrors');
    return i > 0 ? { receiveBufferErrors: Number(values[i]) } : null;
  } catch {
    return null;
  }
}

/** `count` of `peers` indices, spread evenly (the first, the last and between): who joins early and late is measured alike. */
export function sampledViewers(peers: number, count: number): Set<number> {
  const n = Math.max(1, Math.min(peers, Math.round(count)));
  if (n === peers) return new Set(Array.from({ length: peers }, (_, i) => i));
  if (n === 1) return new Set([0]);
  return new Set(Array.from({ length: n }, (_, i) => Math.round((i * (peers - 1)) / (n - 1))));
}
