import { EventEmitter } from 'node:events';
import type { PeerjsTransport } from './PeerjsSocket';

/**
 * A PeerServer connection inside this process, for the server's own bots: the same text frames a browser's
 * WebSocket carries, handed over in memory. A bot on the server would otherwise open a socket to its own
 * port, and under `--https` have to trust its own self-signed certificate to do it.
 *
 * `server` is the end the PeerServer reads (a PeerjsTransport); the channel itself is the bot's end.
 * Frames are delivered on a later tick, as a socket would deliver them, so neither side re-enters the other.
 */
export interface LocalPeerjsChannelEvents {
  message: [text: string];
  close: [];
}

export class LocalPeerjsChannel extends EventEmitter<LocalPeerjsChannelEvents> {
  readonly server: PeerjsTransport & EventEmitter = Object.assign(new EventEmitter(), {
    send: (text: string) => this.deliver(text),
    close: () => this.close(),
  });
  private closed = false;

  /** The bot sends a frame to the PeerServer. */
  send(text: string): void {
    if (this.closed) return;
    setImmediate(() => {
      if (!this.closed) this.server.emit('message', text, false);
    });
  }

  /** The PeerServer sends a frame to the bot. */
  private deliver(text: string): void {
    if (this.closed) return;
    setImmediate(() => {
      if (!this.closed) this.emit('message', text);
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Idempotent: both ends see 'close'. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.server.emit('close');
    this.emit('close');
    this.removeAllListeners();
    this.server.removeAllListeners();
  }
}
