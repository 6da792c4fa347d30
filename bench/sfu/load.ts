/**
 * Child process: the load. One publisher sending the synthetic stream and every receiver,
 * on the core the forwarder does not use. Publisher and receivers share this process's
 * clock, so a receiver reads the send time from the payload trailer and gets the one-way
 * latency through the forwarder directly.
 */
import dgram from 'node:dgram';
import { RTCPeerConnection, RtpHeader, RtpPacket, type RTCRtpSender } from 'werift';
import { receiveRtpFromSocket, trailerReader } from './lightReceiver';
import { raiseAutogroupPriority } from './priority';
import { MeetingLoad } from './meetingLoad';
import { Pacer, type PacerShape } from './pacer';
import { PACKET_CLASS, latencyFigures, percentile, send, type ForwarderMode, type LatencyFigures, type ToLoad } from './protocol';
import { DEFAULT_STREAM, SyntheticStream, benchClockMs, readTrailer, stampSendTime, type SyntheticPacket } from './stream';
import { LOOPBACK, connected, gatheredDescription, loopbackPeerConfig } from './weriftPeers';

const PUBLISHER_TICK_MS = 2;
const DRAIN_MS = 1000;
/** Room for about 19 minutes of the default stream; more than a run ever sends. */
const MAX_PACKETS = 1 << 18;
const SSRC = { video: 0x1234_5678, audio: 0x8765_4321 };

interface Receiver {
  seen: Uint8Array;
}

let mode: ForwarderMode = 'sfu';
let subscriberCount = 0;
let relayPort: number | undefined;
const stream = new SyntheticStream();
const receivers: Receiver[] = [];
const peers: RTCPeerConnection[] = [];
const sockets: dgram.Socket[] = [];
const pendingSubscribers = new Map<number, (sdp: string) => void>();
let publisherPc: RTCPeerConnection | undefined;
let publishAnswered: ((sdp: string) => void) | undefined;
let senders: Record<SyntheticPacket['kind'], RTCRtpSender | undefined> = { video: undefined, audio: undefined };
let publisherSocket: dgram.Socket | undefined;
let meeting: MeetingLoad | undefined;

let windowFirstIndex = -1;
let windowEndIndex = -1;
let latencies = new Float64Array(0);
let latencyClasses = new Uint8Array(0);
let latencyCount = 0;
/** Per packet index: what it was (PacketClass) and the latest receiver's latency. */
const packetClass = new Uint8Array(MAX_PACKETS);
const worstMs = new Float64Array(MAX_PACKETS).fill(NaN);
const PacketClass = PACKET_CLASS;
let windowCpu: NodeJS.CpuUsage | undefined;
let windowStartedAtMs = 0;

function deliver(receiver: Receiver, index: number, sentAtMs: number): void {
  if (index >= MAX_PACKETS || receiver.seen[index]) return;
  receiver.seen[index] = 1;
  if (windowFirstIndex >= 0 && index >= windowFirstIndex && (windowEndIndex < 0 || index < windowEndIndex)) {
    if (latencyCount === latencies.length) {
      const grown = new Float64Array(Math.max(1 << 16, latencies.length * 2));
      grown.set(latencies);
      latencies = grown;
      const grownClasses = new Uint8Array(grown.length);
      grownClasses.set(latencyClasses);
      latencyClasses = grownClasses;
    }
    const latencyMs = benchClockMs() - sentAtMs;
    latencyClasses[latencyCount] = packetClass[index];
    latencies[latencyCount++] = latencyMs;
    if (!(worstMs[index] >= latencyMs)) worstMs[index] = latencyMs;
  }
}

async function connectSfu(): Promise<void> {
  publisherPc = new RTCPeerConnection(loopbackPeerConfig());
  peers.push(publisherPc);
  senders = {
    video: publisherPc.addTransceiver('video', { direction: 'sendonly' }).sender,
    audio: publisherPc.addTransceiver('audio', { direction: 'sendonly' }).sender,
  };
  await publisherPc.setLocalDescription(await publisherPc.createOffer());
  const answer = new Promise<string>((resolve) => (publishAnswered = resolve));
  send({ to: 'forwarder', type: 'publish-offer', sdp: await gatheredDescription(publisherPc) });
  await publisherPc.setRemoteDescription({ type: 'answer', sdp: await answer });
  await connected(publisherPc);

  // Handshakes in small batches: fifty DTLS handshakes at once would time out on two cores.
  const batch = 5;
  for (let first = 0; first < subscriberCount; first += batch) {
    const ids = Array.from({ length: Math.min(batch, subscriberCount - first) }, (_, i) => first + i);
    await Promise.all(ids.map((id) => connectSfuReceiver(id)));
  }
}

async function connectSfuReceiver(id: number): Promise<void> {
  const receiver: Receiver = { seen: new Uint8Array(MAX_PACKETS) };
  receivers.push(receiver);
  const pc = new RTCPeerConnection(loopbackPeerConfig());
  peers.push(pc);
  pc.onTrack.subscribe((track) => {
    track.onReceiveRtp.subscribe((rtp) => {
      const { index, sentAtMs } = readTrailer(rtp.payload);
      deliver(receiver, index, sentAtMs);
    });
  });
  const offer = new Promise<string>((resolve) => pendingSubscribers.set(id, resolve));
  send({ to: 'forwarder', type: 'subscribe', id });
  await pc.setRemoteDescription({ type: 'offer', sdp: await offer });
  await pc.setLocalDescription(await pc.createAnswer());
  send({ to: 'forwarder', type: 'subscribe-answer', id, sdp: await gatheredDescription(pc) });
  await connected(pc);
  // Once connected, the receiver stays light (lightReceiver.ts); it sends no RTCP, so the forwarder
  // gets no receiver reports or NACKs, like the relay's receivers.
  receiveRtpFromSocket(pc, (remoteKeys) =>
    trailerReader(remoteKeys, (index, sentAtMs) => deliver(receiver, index, sentAtMs), () => authenticationFailures++),
  );
}

let authenticationFailures = 0;

async function connectRelay(): Promise<void> {
  publisherSocket = dgram.createSocket({ type: 'udp4', sendBufferSize: 4 << 20 });
  sockets.push(publisherSocket);
  await new Promise<void>((resolve) => publisherSocket!.bind(0, LOOPBACK, resolve));
  for (let id = 0; id < subscriberCount; id++) {
    const receiver: Receiver = { seen: new Uint8Array(MAX_PACKETS) };
    receivers.push(receiver);
    const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: 4 << 20 });
    sockets.push(socket);
    socket.on('message', (datagram) => {
      const { index, sentAtMs } = readTrailer(datagram.subarray(RTP_HEADER_BYTES));
      deliver(receiver, index, sentAtMs);
    });
    await new Promise<void>((resolve) => socket.bind(0, LOOPBACK, resolve));
    send({ to: 'forwarder', type: 'subscribe', id, relayPort: socket.address().port });
  }
}

const RTP_HEADER_BYTES = 12;

function sendPacket(packet: SyntheticPacket): void {
  if (packet.index < MAX_PACKETS) packetClass[packet.index] = packet.kind === 'audio' ? PacketClass.audio : packet.keyframe ? PacketClass.keyframe : PacketClass.delta;
  stampSendTime(packet.payload, benchClockMs());
  const header = new RtpHeader({
    payloadType: packet.payloadType,
    sequenceNumber: packet.sequenceNumber,
    timestamp: packet.timestamp,
    ssrc: SSRC[packet.kind],
    marker: packet.marker,
  });
  if (mode !== 'relay') {
    void senders[packet.kind]?.sendRtp(new RtpPacket(header, packet.payload));
  } else {
    publisherSocket?.send(new RtpPacket(header, packet.payload).serialize(), relayPort, LOOPBACK);
  }
}

/**
 * Relay and room modes alike: the stream's packets as they fall due, through the same pacer (pacer.ts)
 * unless `--pacer off`. The trailer's send time is written as a packet leaves the pacer, so latency is
 * measured from the wire, as a browser's packets would be.
 */
function startPublishing(shape: PacerShape | null): void {
  const startedAtMs = performance.now();
  const pacer = shape ? new Pacer<SyntheticPacket>(DEFAULT_STREAM.videoKbps, shape) : null;
  const leaving: SyntheticPacket[] = [];
  const tick = () => {
    const nowMs = performance.now() - startedAtMs;
    const due = stream.due(nowMs);
    if (pacer) {
      leaving.length = 0;
      pacer.push(nowMs, due.map((packet) => ({ packet, bytes: packet.payload.length, audio: packet.kind === 'audio' })), leaving);
      for (const packet of leaving) sendPacket(packet);
    } else {
      for (const packet of due) sendPacket(packet);
    }
    setTimeout(tick, PUBLISHER_TICK_MS);
  };
  tick();
}

let pacerShape: PacerShape | null = null;

function byClass(ofClass: number): LatencyFigures {
  return latencyFigures(latencies, latencyClasses, latencyCount, ofClass);
}

function countDeliveries(): number {
  let delivered = 0;
  for (const receiver of receivers) {
    for (let index = windowFirstIndex; index < windowEndIndex; index++) delivered += receiver.seen[index];
  }
  return delivered;
}

async function handle(message: ToLoad): Promise<void> {
  switch (message.type) {
    case 'init':
      mode = message.mode;
      subscriberCount = message.subscribers;
      relayPort = message.relayPort;
      pacerShape = message.pacer;
      if (message.scenario === 'meeting') {
        meeting = new MeetingLoad(
          subscriberCount,
          (peer, text) => send({ to: 'forwarder', type: 'client', peer, text }),
          (joined, seconds, load) => send({ to: 'forwarder', type: 'setup-mark', joined, seconds, load }),
          message.sample,
          message.pacer,
        );
        await meeting.connect();
      } else if (mode === 'relay') await connectRelay();
      else await connectSfu();
      send({ to: 'orchestrator', type: 'connected', subscribers: subscriberCount });
      return;
    case 'server':
      meeting?.fromServer(message.peer, message.message);
      return;
    case 'publish-answer':
      publishAnswered?.(message.sdp);
      return;
    case 'subscribe-offer':
      pendingSubscribers.get(message.id)?.(message.sdp);
      pendingSubscribers.delete(message.id);
      return;
    case 'start-publishing':
      if (meeting) meeting.startPublishing();
      else startPublishing(pacerShape);
      return;
    case 'window-start':
      meeting?.windowStart();
      windowFirstIndex = stream.packetsScheduled;
      windowCpu = process.cpuUsage();
      windowStartedAtMs = performance.now();
      return;
    case 'window-stop': {
      meeting?.windowStop();
      windowEndIndex = stream.packetsScheduled;
      const cpu = process.cpuUsage(windowCpu);
      const wallMs = performance.now() - windowStartedAtMs;
      await new Promise((resolve) => setTimeout(resolve, DRAIN_MS));
      if (meeting) {
        send({ to: 'orchestrator', type: 'load-result', result: meeting.result(cpu.user + cpu.system, wallMs) });
        return;
      }
      const sorted = latencies.slice(0, latencyCount).sort();
      const sentPackets = windowEndIndex - windowFirstIndex;
      send({
        to: 'orchestrator',
        type: 'load-result',
        result: {
          sentPackets,
          expectedDeliveries: sentPackets * subscriberCount,
          deliveredPackets: countDeliveries(),
          latencyP50Ms: percentile(sorted, 50),
          latencyP99Ms: percentile(sorted, 99),
          latencyMaxMs: sorted.length ? sorted[sorted.length - 1] : NaN,
          loadCpuUs: cpu.user + cpu.system,
          wallMs,
          srtpFailures: authenticationFailures,
          byClass: { audio: byClass(PacketClass.audio), delta: byClass(PacketClass.delta), keyframe: byClass(PacketClass.keyframe) },
          perPacket: {
            firstIndex: windowFirstIndex,
            classes: Array.from(packetClass.subarray(windowFirstIndex, windowEndIndex)),
            worstMs: Array.from(worstMs.subarray(windowFirstIndex, windowEndIndex)),
          },
        },
      });
      return;
    }
    case 'exit':
      await meeting?.close();
      await Promise.all(peers.map((pc) => pc.close()));
      for (const socket of sockets) socket.close();
      process.exit(0);
  }
}

raiseAutogroupPriority();

process.on('message', (message: ToLoad) => {
  handle(message).catch((error: unknown) => {
    send({ to: 'orchestrator', type: 'error', message: `load: ${error instanceof Error ? error.stack : String(error)}` });
  });
});
