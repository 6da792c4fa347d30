/**
 * The yardstick: a plain node:dgram relay that copies each datagram from the publisher to
 * every receiver, unchanged, with no crypto and no RTP parsing. The least a forwarder in
 * Node can do per packet.
 */
import dgram from 'node:dgram';
import type { LatencySplit } from './latencySplit';
import type { ForwardCounters } from './sfuForwarder';
import { LOOPBACK } from './weriftPeers';

/** The benchmark's publisher sends no CSRCs or header extensions to the relay. */
const RTP_HEADER_BYTES = 12;

export class DgramRelay {
  readonly counters: ForwardCounters = { received: 0, forwarded: 0 };
  private readonly socket = dgram.createSocket({ type: 'udp4', recvBufferSize: 4 << 20, sendBufferSize: 4 << 20 });
  private readonly receiverPorts: number[] = [];

  /** With a `split`, each datagram's arrival and the moment its copies were handed to node:dgram are timed. */
  constructor(private readonly split?: LatencySplit) {}

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.socket.bind(0, LOOPBACK, resolve));
    this.socket.on('message', (datagram) => {
      this.counters.received++;
      const slot = this.split ? this.split.arrived(datagram.subarray(RTP_HEADER_BYTES)) : -1;
      for (const port of this.receiverPorts) {
        this.socket.send(datagram, port, LOOPBACK);
      }
      this.counters.forwarded += this.receiverPorts.length;
      this.split?.sent(slot);
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
