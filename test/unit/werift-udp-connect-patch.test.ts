/**
 * The werift patch lets an ICE socket be connected to the one peer it talks to
 * (UdpTransport.connect), so the SFU's fast path sends without node:dgram's per-datagram address
 * lookup. werift's own sends must keep working on such a socket, to that peer and to any other
 * address, and a peer that goes away must not crash the server.
 */
import dgram from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { UdpTransport } from 'werift';

const LOOPBACK = '127.0.0.1';

interface PatchedUdpTransport {
  connect(addr: [string, number]): void;
  disconnect(): void;
  sendTo(data: Buffer, addr: [string, number]): void;
  send(data: Buffer, addr: [string, number]): Promise<void>;
  connectedAddress?: [string, number];
  socket: dgram.Socket;
  close(): Promise<void>;
}

const sockets: dgram.Socket[] = [];
const transports: PatchedUdpTransport[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  for (const transport of transports.splice(0)) await transport.close();
});

async function peer(): Promise<{ addr: [string, number]; received: string[] }> {
  const socket = dgram.createSocket('udp4');
  sockets.push(socket);
  const received: string[] = [];
  socket.on('message', (data) => received.push(data.toString()));
  await new Promise<void>((resolve) => socket.bind(0, LOOPBACK, resolve));
  return { addr: [LOOPBACK, socket.address().port], received };
}

async function transport(): Promise<PatchedUdpTransport> {
  const t = (await UdpTransport.init('udp4', { interfaceAddresses: { udp4: LOOPBACK } })) as unknown as PatchedUdpTransport;
  transports.push(t);
  return t;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('the patched werift UdpTransport', () => {
  it('connects to a peer and sends to it without an address', async () => {
    const viewer = await peer();
    const t = await transport();
    t.connect(viewer.addr);
    await settle();
    expect(t.connectedAddress).toEqual(viewer.addr);
    expect(t.socket.remoteAddress()).toMatchObject({ address: LOOPBACK, port: viewer.addr[1] });
    t.sendTo(Buffer.from('a'), viewer.addr);
    await t.send(Buffer.from('b'), viewer.addr);
    await settle();
    expect(viewer.received).toEqual(['a', 'b']);
  });

  it('disconnects again to send to another address, so ICE can move to another pair', async () => {
    const viewer = await peer();
    const other = await peer();
    const t = await transport();
    t.connect(viewer.addr);
    await settle();
    t.sendTo(Buffer.from('x'), other.addr);
    await settle();
    expect(other.received).toEqual(['x']);
    expect(t.connectedAddress).toBeUndefined();
    expect(() => t.socket.remoteAddress()).toThrow();
  });

  it('survives the peer going away (ICMP port unreachable on a connected socket)', async () => {
    const gone = await peer();
    const t = await transport();
    t.connect(gone.addr);
    await settle();
    sockets.pop()?.close();
    for (let i = 0; i < 5; i++) t.sendTo(Buffer.from('?'), gone.addr);
    await settle();
    // Still usable: a later peer on another port gets its datagram.
    const next = await peer();
    t.sendTo(Buffer.from('next'), next.addr);
    await settle();
    expect(next.received).toEqual(['next']);
  });
});
