/**
 * Child process: the load. One publisher sending the synthetic stream and every receiver,
 * on the core the forwarder does not use. Publisher and receivers share this process's
 * clock, so a receiver reads the send time from the payload trailer and gets the one-way
 * latency through the forwarder directly.
 */
import dgram from 'node:dgram';
import { RTCPeerConnection, RtpHeader, RtpPacket, type RTCRtpSender } from 'werift';
import { raiseAutogroupPriority } from './priority';
import { MeetingLoad } from './meetingLoad';
import { percentile, send, type ForwarderMode, type ToLoad } from './protocol';
import { SyntheticStream, readTrailer, stampSendTime, type SyntheticPacket } from './stream';
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
let latencyCount = 0;
let windowCpu: NodeJS.CpuUsage | undefined;
let windowStartedAtMs = 0;

function deliver(receiver: Receiver, payload: Uint8Array): void {
  const { index, sentAtMs } = readTrailer(payload);
  if (index >= MAX_PACKETS || receiver.seen[index]) return;
  receiver.seen[index] = 1;
  if (windowFirstIndex >= 0 && index >= windowFirstIndex && (windowEndIndex < 0 || index < windowEndIndex)) {
    if (latencyCount === latencies.length) {
      const grown = new Float64Array(Math.max(1 << 16, latencies.length * 2));
      grown.set(latencies);
      latencies = grown;
    }
    latencies[latencyCount++] = performance.now() - sentAtMs;
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
    track.onReceiveRtp.subscribe((rtp) => deliver(receiver, rtp.payload));
  });
  const offer = new Promise<string>((resolve) => pendingSubscribers.set(id, resolve));
  send({ to: 'forwarder', type: 'subscribe', id });
  await pc.setRemoteDescription({ type: 'offer', sdp: await offer });
  await pc.setLocalDescription(await pc.createAnswer());
  send({ to: 'forwarder', type: 'subscribe-answer', id, sdp: await gatheredDescription(pc) });
  await connected(pc);
  receiveLightly(pc, receiver);
}

/**
 * Fifty werift receivers in one process cost more than the forwarder they measure (each packet
 * through werift's receiver pipeline: SRTP, RTP parsing, NACK and jitter bookkeeping), and a
 * receiver that falls behind shows up as the forwarder's loss. Once connected, each receiver
 * keeps only SRTP decryption (a wrong key or a corrupted packet still counts as lost) and reads
 * the trailer at the end of the decrypted packet. It sends no RTCP, so the forwarder gets no
 * receiver reports or NACKs: like the relay's receivers.
 */
function receiveLightly(pc: RTCPeerConnection, receiver: Receiver): void {
  for (const dtls of pc.dtlsTransports) {
    const { onData } = dtls.iceTransport.connection;
    onData.allUnsubscribe();
    onData.subscribe((data: Buffer) => {
      const isRtp = data.length > RTP_HEADER_BYTES && data[0] >= 128 && data[0] < 192 && (data[1] < 192 || data[1] > 223);
      if (!isRtp) return;
      let decrypted: Buffer;
      try {
        decrypted = dtls.srtp.decrypt(data);
      } catch {
        authenticationFailures++;
        return;
      }
      deliver(receiver, decrypted);
    });
  }
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
    socket.on('message', (datagram) => deliver(receiver, datagram.subarray(RTP_HEADER_BYTES)));
    await new Promise<void>((resolve) => socket.bind(0, LOOPBACK, resolve));
    send({ to: 'forwarder', type: 'subscribe', id, relayPort: socket.address().port });
  }
}

const RTP_HEADER_BYTES = 12;

function sendPacket(packet: SyntheticPacket): void {
  stampSendTime(packet.payload, performance.now());
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

function startPublishing(): void {
  const startedAtMs = performance.now();
  const tick = () => {
    for (const packet of stream.due(performance.now() - startedAtMs)) sendPacket(packet);
    setTimeout(tick, PUBLISHER_TICK_MS);
  };
  tick();
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
      if (message.scenario === 'meeting') {
        meeting = new MeetingLoad(
          subscriberCount,
          (peer, text) => send({ to: 'forwarder', type: 'client', peer, text }),
          (joined, seconds, load) => send({ to: 'forwarder', type: 'setup-mark', joined, seconds, load }),
          message.sample,
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
      else startPublishing();
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
