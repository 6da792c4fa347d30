/**
 * The yardstick: a plain node:dgram relay that copies each datagram from the publisher to
 * every receiver, unchanged, with no crypto and no RTP parsing. The least a forwarder in
 * Node can do per packet.
 */
import dgram from 'node:dgram';
import type { ForwardCounters } from './sfuForwarder';
import { LOOPBACK } from './weriftPeers';

export class DgramRelay {
  readonly counters: ForwardCounters = { received: 0, forwarded: 0 };
  private readonly socket = dgram.createSocket({ type: 'udp4', recvBufferSize: 4 << 20, sendBufferSize: 4 << 20 });
  private readonly receiverPorts: number[] = [];

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.socket.bind(0, LOOPBACK, resolve));
    this.socket.on('message', (datagram) => {
      this.counters.received++;
      for (const port of this.receiverPorts) {
        this.socket.send(datagram, port, LOOPBACK);
      }
      this.counters.forwarded += this.receiverPorts.length;
    });
    return this.socket.address().port;
  }

  addReceiver(port: number): void {
    this.receiverPorts.push(port);
  }

  close(): void {
    this.socket.close();
  }
}
