/**
 * The werift patch makes an ICE socket send before `send` returns: node:dgram looks every
 * destination up first, and dns.lookup answers even an IP literal on the next tick. The SFU's fast
 * path reuses one buffer for every datagram, which is only safe when the send is done at once.
 */
import dgram from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { UdpTransport } from 'werift';

const LOOPBACK = '127.0.0.1';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function receiver(): Promise<{ port: number; received: string[] }> {
  const socket = dgram.createSocket('udp4');
  const received: string[] = [];
  socket.on('message', (data) => received.push(data.toString()));
  await new Promise<void>((resolve) => socket.bind(0, LOOPBACK, resolve));
  cleanups.push(() => void socket.close());
  return { port: socket.address().port, received };
}

async function transport(): Promise<UdpTransport> {
  const t = await UdpTransport.init('udp4', { interfaceAddresses: { udp4: LOOPBACK } });
  cleanups.push(() => t.close());
  return t;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('the patched werift UdpTransport', () => {
  it('has sent a datagram to an IP address by the time socket.send returns, so its buffer can be reused', async () => {
    const viewer = await receiver();
    const t = await transport();
    expect((t as unknown as { sendsSynchronously: boolean }).sendsSynchronously).toBe(true);
    const buffer = Buffer.from('first');
    t.socket.send(buffer, viewer.port, LOOPBACK);
    buffer.write('later');
    t.socket.send(buffer, viewer.port, LOOPBACK);
    await settle();
    expect(viewer.received).toEqual(['first', 'later']);
  });

  it("an unpatched node:dgram socket would still be waiting for its lookup (what the patch changes)", async () => {
    const viewer = await receiver();
    const plain = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => plain.bind(0, LOOPBACK, resolve));
    cleanups.push(() => void plain.close());
    const buffer = Buffer.from('first');
    plain.send(buffer, viewer.port, LOOPBACK);
    buffer.write('later');
    await settle();
    expect(viewer.received).toEqual(['later']);
  });

  it('still resolves host names, and keeps sending through werift’s own send', async () => {
    const viewer = await receiver();
    const t = await transport();
    await t.send(Buffer.from('by name'), ['localhost', viewer.port]);
    await t.send(Buffer.from('by address'), [LOOPBACK, viewer.port]);
    await settle();
    expect(viewer.received.sort()).toEqual(['by address', 'by name']);
  });
});
