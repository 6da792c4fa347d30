import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { RTCPeerConnection } from 'werift';
import { PeerjsServer, PEERJS_SOCKET_PATH } from '@/server/mesh/PeerjsServer';
import { MeshBot, meshBotWeights } from '@/server/mesh/MeshBot';
import { loadBotMedia } from '@/server/sfu/BotMedia';
import { UdpSocketBudget } from '@/server/sfu/UdpSocketBudget';
import { silentLogger } from '@/server/log';
import { recordedStreamWireKbps } from '@/lib/bandwidth';
import { clientConnection, connected, LOOPBACK } from '../support/weriftClients';

/**
 * A mesh bot against a browser stand-in: werift on loopback, speaking peerjs's protocol to the real
 * PeerServer over a WebSocket, as the peerjs client in a browser does. Real ICE, DTLS and SRTP.
 */

let http: Server | null = null;
let peerjs: PeerjsServer | null = null;
const cleanups: (() => unknown)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  peerjs?.close();
  if (http) await new Promise((resolve) => http!.close(resolve));
  http = null;
});

async function startPeerServer(): Promise<string> {
  peerjs = new PeerjsServer(silentLogger);
  http = createServer();
  http.on('upgrade', (request, socket, head) => {
    if (!peerjs!.upgrade(request, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => http!.listen(0, LOOPBACK, resolve));
  return `ws://${LOOPBACK}:${(http.address() as AddressInfo).port}`;
}

/** A PeerServer frame as the tests read it (OFFER and ANSWER carry an SDP and the call's id). */
interface Frame {
  type: string;
  src?: string;
  payload: { connectionId: string; type: string; sdp: { type: string; sdp: string } };
  taken?: boolean;
}

/** A peerjs client's socket, reduced to sending and waiting for typed messages. */
async function peerjsSocket(base: string, id: string, token: string) {
  const ws = new WebSocket(`${base}${PEERJS_SOCKET_PATH}?key=peerjs&id=${id}&token=${token}`);
  const frames: Frame[] = [];
  const waiting: { type: string; resolve: (f: Frame) => void }[] = [];
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as Frame;
    frames.push(frame);
    const i = waiting.findIndex((w) => w.type === frame.type);
    if (i >= 0) waiting.splice(i, 1)[0].resolve(frame);
  });
  const next = (type: string) => {
    const ready = frames.find((f) => f.type === type && !f.taken);
    if (ready) {
      ready.taken = true;
      return Promise.resolve(ready);
    }
    return new Promise<Frame>((resolve) => waiting.push({ type, resolve }));
  };
  cleanups.push(() => ws.close());
  await next('OPEN');
  return { ws, frames, next, send: (message: unknown) => ws.send(JSON.stringify(message)) };
}

function bot(peerjsId: string, sockets = new UdpSocketBudget(64)): MeshBot {
  const media = loadBotMedia();
  const b = new MeshBot({
    id: 'bot-1',
    name: 'Bot 1',
    peerjsId,
    media,
    seed: 1,
    now: Date.now,
    channel: peerjs!.connectLocal(peerjsId, 'bot-token'),
    rid: 'h',
    webrtc: { additionalHostAddresses: [LOOPBACK] },
    opusKbps: 64,
    sockets,
    log: silentLogger,
    timers: false,
  });
  cleanups.push(() => b.close());
  return b;
}

/** Ticks the bot's clip until the browser stand-in has received `count` video packets. */
async function receiveVideo(pc: RTCPeerConnection, b: MeshBot, count = 5): Promise<number> {
  let packets = 0;
  for (const transceiver of pc.getTransceivers()) {
    transceiver.onTrack.subscribe((track) => {
      if (track.kind === 'video') track.onReceiveRtp.subscribe(() => (packets += 1));
    });
    for (const track of transceiver.receiver.tracks) if (track.kind === 'video') track.onReceiveRtp.subscribe(() => (packets += 1));
  }
  for (let i = 0; i < 200 && packets < count; i += 1) {
    b.tick();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return packets;
}

describe('a mesh bot, a peerjs peer built on werift', () => {
  it('answers a browser that calls it (media and peerjs’s data channel) and sends it the clip’s video', async () => {
    const base = await startPeerServer();
    peerjs!.reserve('room-bot', 'bot-token', 'lobby');
    peerjs!.reserve('room-web', 'web-token', 'lobby');
    const b = bot('room-bot');
    const web = await peerjsSocket(base, 'room-web', 'web-token');
    const pc = clientConnection();
    cleanups.push(() => pc.close());
    pc.addTransceiver('audio', { direction: 'recvonly' });
    pc.addTransceiver('video', { direction: 'recvonly' });
    // peerjs opens a data channel beside every call's media.
    pc.createDataChannel('mc_web1');
    await pc.setLocalDescription(await pc.createOffer());
    expect(pc.localDescription!.sdp).toContain('m=application');
    web.send({ type: 'OFFER', dst: 'room-bot', payload: { sdp: { type: 'offer', sdp: pc.localDescription!.sdp }, type: 'media', connectionId: 'mc_web1' } });
    const answer = await web.next('ANSWER');
    expect(answer).toMatchObject({ src: 'room-bot', payload: { type: 'media', connectionId: 'mc_web1', sdp: { type: 'answer' } } });
    expect(answer.payload.sdp.sdp).toContain('maxaveragebitrate=64000');
    await pc.setRemoteDescription({ type: 'answer', sdp: answer.payload.sdp.sdp });
    await connected(pc, 30_000);
    expect(await receiveVideo(pc, b)).toBeGreaterThanOrEqual(5);
    expect(b.callees).toEqual(['room-web']);
  });

  it('calls a browser it is told to, and the browser’s answer connects them', async () => {
    const base = await startPeerServer();
    peerjs!.reserve('room-bot', 'bot-token', 'lobby');
    peerjs!.reserve('room-web', 'web-token', 'lobby');
    const b = bot('room-bot');
    const web = await peerjsSocket(base, 'room-web', 'web-token');
    b.call(['room-web']);
    b.call(['room-web']);
    const offer = await web.next('OFFER');
    expect(offer).toMatchObject({ src: 'room-bot', payload: { type: 'media', sdp: { type: 'offer' } } });
    const pc = clientConnection();
    cleanups.push(() => pc.close());
    await pc.setRemoteDescription({ type: 'offer', sdp: offer.payload.sdp.sdp });
    await pc.setLocalDescription(await pc.createAnswer());
    web.send({ type: 'ANSWER', dst: 'room-bot', payload: { sdp: { type: 'answer', sdp: pc.localDescription!.sdp }, type: 'media', connectionId: offer.payload.connectionId } });
    await connected(pc, 30_000);
    expect(await receiveVideo(pc, b)).toBeGreaterThanOrEqual(5);
    expect(web.frames.filter((f) => f.type === 'OFFER')).toHaveLength(1);
  });

  it('drops a call whose offer a mesh peer would not send (simulcast), and keeps going', async () => {
    const base = await startPeerServer();
    peerjs!.reserve('room-bot', 'bot-token', 'lobby');
    peerjs!.reserve('room-web', 'web-token', 'lobby');
    const b = bot('room-bot');
    const ended: string[] = [];
    b.on('call-ended', (remote) => ended.push(remote));
    const web = await peerjsSocket(base, 'room-web', 'web-token');
    const pc = clientConnection();
    cleanups.push(() => pc.close());
    pc.addTransceiver('video', { direction: 'sendonly' });
    await pc.setLocalDescription(await pc.createOffer());
    const simulcast = pc.localDescription!.sdp.replace(/(m=video[^]*)$/, (m) => `${m}a=rid:q send\r\na=rid:h send\r\na=simulcast:send q;h\r\n`);
    web.send({ type: 'OFFER', dst: 'room-bot', payload: { sdp: { type: 'offer', sdp: simulcast }, type: 'media', connectionId: 'mc_bad' } });
    web.send({ type: 'OFFER', dst: 'room-bot', payload: { sdp: 'not an sdp', type: 'media', connectionId: 'mc_worse' } });
    for (let i = 0; i < 100 && ended.length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(ended).toEqual(['room-web']);
    expect(b.resources.calls).toBe(0);
    expect(web.frames.some((f) => f.type === 'ANSWER')).toBe(false);
  });

  it('gives back every UDP socket and timer when it closes, and closing twice is harmless', async () => {
    const base = await startPeerServer();
    peerjs!.reserve('room-bot', 'bot-token', 'lobby');
    peerjs!.reserve('room-web', 'web-token', 'lobby');
    const sockets = new UdpSocketBudget(64);
    const b = bot('room-bot', sockets);
    await peerjsSocket(base, 'room-web', 'web-token');
    b.call(['room-web']);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sockets.inUse).toBeGreaterThan(0);
    b.close();
    b.close();
    expect(sockets.inUse).toBe(0);
    expect(b.resources).toEqual({ calls: 0, timers: 0 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(peerjs!.isConnected('room-bot')).toBe(false);
  });

  it('weighs its clips as the model weighs any stream: packets plus 40 bytes of headers over their length', () => {
    const media = loadBotMedia();
    const weights = meshBotWeights(media, 'h');
    const h = media.layers.find((l) => l.layer.rid === 'h')!;
    const bytes = h.frames.reduce((s, f) => s + f.length, 0);
    // Each frame is cut into packets of at most 1100 bytes, each with a 4-byte VP8 descriptor.
    const packets = h.frames.reduce((s, f) => s + Math.ceil(f.length / 1096), 0);
    expect(weights.video[0].wireKbps).toBeCloseTo(((bytes + packets * 44) * 8) / 1000 / (h.frames.length / media.framesPerSecond), 6);
    expect(weights.voiceWireKbps).toBeGreaterThan(0);
    expect(weights.voiceWireKbps).toBeLessThan(recordedStreamWireKbps(Array(50).fill(200), 1));
    expect(() => meshBotWeights(media, 'x')).toThrow(RangeError);
  });
});
