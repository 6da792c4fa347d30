import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { EventEmitter } from 'node:events';
import { WebSocketServer } from 'ws';
import { Connection } from './Connection';
import { HEARTBEAT_INTERVAL_MS, MAX_CONNECTIONS, MAX_MESSAGE_BYTES } from '../limits';
import type { Logger } from '../log';

export const WS_PATH = '/ws';

export interface SocketServerEvents {
  connection: [Connection];
}

/**
 * The /ws endpoint. It claims only upgrade requests for /ws and leaves every other upgrade alone,
 * so Next's own listener (hot reload in dev) keeps working on the same HTTP server.
 */
export class SocketServer extends EventEmitter<SocketServerEvents> {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES * 2 });
  /**
   * The same endpoint with permessage-deflate (RFC 7692), for clients that ask with /ws?compress=deflate, as
   * Discord's clients ask for compress=zlib-stream. One compression context for the life of the connection
   * (context takeover), so repeated field names get cheaper; every message is compressed (threshold 0)
   * because gateway frames are small. Others skip the zlib memory it costs per connection.
   */
  private readonly wssDeflate = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES * 2,
    perMessageDeflate: { threshold: 0, concurrencyLimit: 4 },
  });
  private readonly connections = new Set<Connection>();
  private readonly heartbeat: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly log: Logger) {
    super();
    this.heartbeat = setInterval(() => this.checkAlive(), HEARTBEAT_INTERVAL_MS);
    this.heartbeat.unref();
  }

  /** Handles the upgrade if it is for /ws; returns false (touching nothing) otherwise. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const { pathname, searchParams } = new URL(request.url ?? '/', 'http://localhost');
    if (pathname !== WS_PATH) return false;
    const wss = searchParams.get('compress') === 'deflate' ? this.wssDeflate : this.wss;
    if (this.closed || this.connections.size >= MAX_CONNECTIONS) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n');
      return true;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      const connection = new Connection(ws, this.log, Date.now, socket);
      this.connections.add(connection);
      connection.once('close', () => this.connections.delete(connection));
      this.emit('connection', connection);
    });
    return true;
  }

  get size(): number {
    return this.connections.size;
  }

  /** Idempotent: closes every connection with 1001 (going away) and stops the heartbeat. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    for (const connection of this.connections) connection.close(1001, 'server shutting down');
    this.connections.clear();
    this.wss.close();
    this.wssDeflate.close();
    this.removeAllListeners();
  }

  private checkAlive(): void {
    for (const connection of this.connections) {
      if (!connection.alive) connection.close(1001, 'missed heartbeat');
      else connection.ping();
    }
  }
}
