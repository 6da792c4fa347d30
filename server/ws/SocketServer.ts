import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { EventEmitter } from 'node:events';
import { WebSocketServer } from 'ws';
import { CLOSE_POLICY_VIOLATION, Connection } from './Connection';
import { clientAddressKey } from './clientAddress';
import { isAllowedOrigin } from './originPolicy';
import { DEFAULT_ADDRESS_LIMITS, HEARTBEAT_INTERVAL_MS, MAX_CONNECTIONS, MAX_MESSAGE_BYTES } from '../limits';
import type { Logger } from '../log';

export const WS_PATH = '/ws';

export interface SocketServerEvents {
  connection: [Connection];
}

export interface SocketServerOptions {
  /**
   * Origins allowed besides the page's own host (ALLOWED_ORIGINS; server/ws/originPolicy.ts), or a
   * function that lists them now (a fleet's nodes, whose pages open /ws on each other).
   */
  allowedOrigins?: readonly string[] | (() => readonly string[] | Promise<readonly string[]>);
  /** Open connections one client address may hold (server/limits.ts). */
  connectionsPerAddress?: number;
  now?: () => number;
}

/**
 * The /ws endpoint. It claims only upgrade requests for /ws and leaves every other upgrade alone,
 * so Next's own listener (hot reload in dev) keeps working on the same HTTP server. A handshake from
 * a page of another site is refused with 403 before the upgrade; a client address over its share of
 * connections is told so (`connections-per-address`) and closed with 1008.
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
  private readonly perAddress = new Map<string, number>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly allowedOrigins: () => readonly string[] | Promise<readonly string[]>;
  private readonly connectionsPerAddress: number;
  private readonly now: () => number;
  private closed = false;

  constructor(
    private readonly log: Logger,
    options: SocketServerOptions = {},
  ) {
    super();
    const allowed = options.allowedOrigins ?? [];
    this.allowedOrigins = typeof allowed === 'function' ? allowed : () => allowed;
    this.connectionsPerAddress = options.connectionsPerAddress ?? DEFAULT_ADDRESS_LIMITS.connections;
    this.now = options.now ?? Date.now;
    this.heartbeat = setInterval(() => this.checkAlive(), HEARTBEAT_INTERVAL_MS);
    this.heartbeat.unref();
  }

  /** Handles the upgrade if it is for /ws; returns false (touching nothing) otherwise. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const { pathname, searchParams } = new URL(request.url ?? '/', 'http://localhost');
    if (pathname !== WS_PATH) return false;
    const allowed = this.allowedOrigins();
    if (Array.isArray(allowed)) {
      this.admit(request, socket, head, allowed, searchParams);
    } else {
      // A fleet reads its nodes' origins from the registry (cached); the upgrade waits for it.
      void Promise.resolve(allowed).then(
        (list) => this.admit(request, socket, head, list, searchParams),
        () => refuse(socket, 503, 'Service Unavailable', 'The server cannot check where this page comes from; try again.'),
      );
    }
    return true;
  }

  /** Checks the Origin and the limits, then upgrades (or refuses, touching nothing of the server's). */
  private admit(request: IncomingMessage, socket: Duplex, head: Buffer, allowedOrigins: readonly string[], searchParams: URLSearchParams): void {
    if (socket.destroyed) return;
    const origin = request.headers.origin;
    if (!isAllowedOrigin(origin, request.headers.host, allowedOrigins)) {
      this.log.warn('refused a /ws handshake from another origin', { origin, host: request.headers.host });
      refuse(socket, 403, 'Forbidden', 'This socket serves pages of this site only.');
      return;
    }
    const wss = searchParams.get('compress') === 'deflate' ? this.wssDeflate : this.wss;
    if (this.closed || this.connections.size >= MAX_CONNECTIONS) {
      refuse(socket, 503, 'Service Unavailable', 'The server is full; try again later.');
      return;
    }
    const address = clientAddressKey(request.socket.remoteAddress);
    wss.handleUpgrade(request, socket, head, (ws) => {
      const connection = new Connection(ws, this.log, this.now, socket, address);
      const held = this.perAddress.get(address) ?? 0;
      if (held >= this.connectionsPerAddress) {
        this.log.warn('refused a connection over the per-address limit', { address, held });
        connection.sendError('connections-per-address', `Your address has ${held} connections to this server open, the most it may; close a tab and try again.`);
        connection.close(CLOSE_POLICY_VIOLATION, 'too many connections from this address');
        return;
      }
      this.perAddress.set(address, held + 1);
      this.connections.add(connection);
      connection.once('close', () => {
        this.connections.delete(connection);
        const left = (this.perAddress.get(address) ?? 1) - 1;
        if (left > 0) this.perAddress.set(address, left);
        else this.perAddress.delete(address);
      });
      this.emit('connection', connection);
    });
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
    this.perAddress.clear();
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

function refuse(socket: Duplex, status: number, statusText: string, body: string): void {
  socket.end(`HTTP/1.1 ${status} ${statusText}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}
