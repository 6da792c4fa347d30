import { EventEmitter } from 'node:events';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import express from 'express';
import { ExpressPeerServer, type IClient } from 'peer';
import { WebSocketServer } from 'ws';
import { MAX_PEERJS_CLIENTS, MAX_PEERJS_MESSAGE_BYTES, PEERJS_ALIVE_TIMEOUT_MS, PEERJS_CLIENTS_PER_ADDRESS } from '../limits';
import type { Logger } from '../log';
import { LocalPeerjsChannel } from './LocalPeerjsChannel';
import { CLOSE_POLICY_VIOLATION, PeerjsSocket, type AdmitMessage, type PeerjsTransport } from './PeerjsSocket';
import { peerjsError, readHandshake } from './peerjsMessages';

/** Where the PeerServer is mounted: a peerjs client's `path` option. */
export const PEERJS_PATH = '/peerjs';
/** peerjs clients' default key, the only one this server accepts. */
export const PEERJS_KEY = 'peerjs';
/** Where peerjs clients open their socket: the mount path, then "peerjs" (peerjs lib/socket.ts). */
export const PEERJS_SOCKET_PATH = `${PEERJS_PATH}/peerjs`;
/** Ids starting with this are given out by mesh rooms (with a token) and by no one else. */
export const ROOM_PEER_ID_PREFIX = 'room-';

export interface PeerjsServerOptions {
  /** Whether a page at `origin` may open the socket on `host` (the same rule as /ws). Default: any. */
  isAllowedOrigin?: (origin: string | undefined, host: string | undefined) => boolean;
  /** The key per-address limits count under. Default: the socket's remote address. */
  addressOf?: (request: IncomingMessage) => string;
  clientsPerAddress?: number;
  maxClients?: number;
  now?: () => number;
}

export interface PeerjsServerEvents {
  /** A peer id connected (opened its socket and was accepted). */
  connected: [id: string];
  /** A peer id's socket closed, or it stopped sending heartbeats. */
  disconnected: [id: string];
}

interface Reservation {
  token: string;
  /** The room: reserved peers may signal only peers reserved in the same group. */
  group: string;
}

interface Held {
  socket: PeerjsSocket;
  token: string;
}

/**
 * The PeerServer for mesh rooms: the `peer` package (peers/peerjs-server 1.0.2) mounted at /peerjs on the
 * site's own HTTP server, so `new Peer({ host, port, path: '/peerjs' })` reaches it with peerjs's defaults
 * otherwise. It only introduces browsers to each other; their media goes straight between them.
 *
 * The package is left to do what it does (ids, tokens, relaying offers, answers and candidates, heartbeats),
 * and everything a stranger can send is checked before it gets there, as on /ws:
 * - it claims only upgrades for /peerjs/peerjs, through its own `noServer` WebSocket server, so /ws and
 *   Next's hot-reload socket are untouched (the package would otherwise attach to the HTTP server and
 *   answer every other upgrade with 400);
 * - a handshake from another site's page is refused with 403 before the upgrade;
 * - the whole server holds at most `maxClients` peers, one address at most `clientsPerAddress`;
 * - every frame is checked by PeerjsSocket (size, rate, shape, destination);
 * - ids with the room prefix belong to mesh rooms: only the holder of the room's token may take one, and a
 *   room's peers may signal only each other, so no stranger can call into a room;
 * - a message for a peer that is not connected is answered at once with EXPIRE instead of being queued
 *   (the package would hold it for `expire_timeout`), so nobody can make the server store messages.
 */
export class PeerjsServer extends EventEmitter<PeerjsServerEvents> {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PEERJS_MESSAGE_BYTES * 2 });
  private readonly app = express();
  private readonly held = new Map<string, Held>();
  private readonly sockets = new Set<PeerjsSocket>();
  private readonly perAddress = new Map<string, number>();
  private readonly reservations = new Map<string, Reservation>();
  private readonly isAllowedOrigin: NonNullable<PeerjsServerOptions['isAllowedOrigin']>;
  private readonly addressOf: NonNullable<PeerjsServerOptions['addressOf']>;
  private readonly clientsPerAddress: number;
  private readonly maxClients: number;
  private readonly now: () => number;
  private closed = false;

  constructor(
    private readonly log: Logger,
    options: PeerjsServerOptions = {},
  ) {
    super();
    this.isAllowedOrigin = options.isAllowedOrigin ?? (() => true);
    this.addressOf = options.addressOf ?? ((request) => request.socket.remoteAddress ?? 'unknown');
    this.clientsPerAddress = options.clientsPerAddress ?? PEERJS_CLIENTS_PER_ADDRESS;
    this.maxClients = options.maxClients ?? MAX_PEERJS_CLIENTS;
    this.now = options.now ?? Date.now;
    this.app.disable('x-powered-by');
    const peerServer = ExpressPeerServer(
      // The package wants the HTTP server only to hand it to createWebSocketServer, which ignores it here.
      {} as Server,
      {
        path: '/',
        key: PEERJS_KEY,
        allow_discovery: false,
        alive_timeout: PEERJS_ALIVE_TIMEOUT_MS,
        concurrent_limit: this.maxClients,
        // Its HTTP API (GET /peerjs/peerjs/id) is for this site's pages; the socket checks Origin itself.
        corsOptions: { origin: false },
        createWebSocketServer: () => this.wss,
      },
    );
    peerServer.disable('x-powered-by');
    peerServer.on('connection', (client: IClient) => this.emit('connected', client.getId()));
    peerServer.on('disconnect', (client: IClient) => this.emit('disconnected', client.getId()));
    // The package reports what it cannot handle as 'error' on the app; unheard, that would end the process.
    peerServer.on('error', (error: Error) => this.log.warn('peer server error', { error: String(error) }));
    this.app.use(PEERJS_PATH, peerServer);
  }

  /** The HTTP side (GET /peerjs, /peerjs/peerjs/id); returns false for any other path. */
  route = (request: IncomingMessage, response: ServerResponse): boolean => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    if (pathname !== PEERJS_PATH && !pathname.startsWith(`${PEERJS_PATH}/`)) return false;
    this.app(request as express.Request, response as express.Response);
    return true;
  };

  /** Handles the upgrade if it is for the PeerServer's socket; returns false (touching nothing) otherwise. */
  upgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): boolean => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    if (pathname !== PEERJS_SOCKET_PATH) return false;
    if (!this.isAllowedOrigin(request.headers.origin, request.headers.host)) {
      this.log.warn('refused a /peerjs handshake from another origin', { origin: request.headers.origin, host: request.headers.host });
      refuse(socket, 403, 'Forbidden', 'This PeerServer serves pages of this site only.');
      return true;
    }
    if (this.closed || this.sockets.size >= this.maxClients) {
      refuse(socket, 503, 'Service Unavailable', 'The PeerServer is full; try again later.');
      return true;
    }
    const address = this.addressOf(request);
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, request.url, address));
    return true;
  };

  /**
   * Keeps `id` for a mesh room's member: only a client presenting `token` may connect as it, and it may
   * signal only ids reserved in the same `group`. Ids must start with ROOM_PEER_ID_PREFIX.
   */
  reserve(id: string, token: string, group: string): void {
    if (!id.startsWith(ROOM_PEER_ID_PREFIX)) throw new RangeError(`room peer ids start with "${ROOM_PEER_ID_PREFIX}"`);
    this.reservations.set(id, { token, group });
  }

  /** Gives the id up and disconnects whoever holds it. Idempotent. */
  release(id: string): void {
    this.reservations.delete(id);
    this.held.get(id)?.socket.close(1000, 'left the room');
  }

  isConnected(id: string): boolean {
    return this.held.has(id);
  }

  /** A connection for one of the server's own peers (a mesh bot), in this process. */
  connectLocal(id: string, token: string): LocalPeerjsChannel {
    const channel = new LocalPeerjsChannel();
    const query = new URLSearchParams({ key: PEERJS_KEY, id, token, version: 'server' });
    this.accept(channel.server, `${PEERJS_SOCKET_PATH}?${query}`, null);
    return channel;
  }

  get size(): number {
    return this.sockets.size;
  }

  /** Idempotent: closes every client with 1001 and refuses new ones. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const socket of [...this.sockets]) socket.close(1001, 'server shutting down');
    this.sockets.clear();
    this.held.clear();
    this.perAddress.clear();
    this.reservations.clear();
    this.wss.close();
    this.removeAllListeners();
  }

  /** `address` null: the server's own peer, which no per-address limit counts. */
  private accept(transport: PeerjsTransport, url: string | undefined, address: string | null): void {
    const turnAway = (message: string) => {
      this.log.warn('refused a peerjs client', { address, message });
      transport.send(peerjsError(message));
      transport.close(CLOSE_POLICY_VIOLATION, 'refused');
    };
    if (this.closed) return turnAway('The server is shutting down.');
    const handshake = readHandshake(url);
    if ('problem' in handshake) return turnAway(handshake.problem);
    if (handshake.key !== PEERJS_KEY) return turnAway('Invalid key provided');
    const reservation = this.reservations.get(handshake.id);
    if (reservation && reservation.token !== handshake.token) return turnAway(`ID "${handshake.id}" belongs to someone in a room.`);
    if (!reservation && handshake.id.startsWith(ROOM_PEER_ID_PREFIX)) {
      return turnAway(`IDs starting with "${ROOM_PEER_ID_PREFIX}" are given out by rooms; join a room to get one.`);
    }
    const held = address === null ? 0 : (this.perAddress.get(address) ?? 0);
    if (address !== null && held >= this.clientsPerAddress) {
      return turnAway(`Your address has ${held} peers connected to this server, the most it may.`);
    }

    const socket = new PeerjsSocket(transport, handshake.id, address ?? 'server', this.admitFrom(handshake.id), this.log, this.now);
    this.sockets.add(socket);
    if (address !== null) this.perAddress.set(address, held + 1);
    socket.once('close', () => {
      this.sockets.delete(socket);
      if (this.held.get(handshake.id)?.socket === socket) this.held.delete(handshake.id);
      if (address === null) return;
      const left = (this.perAddress.get(address) ?? 1) - 1;
      if (left > 0) this.perAddress.set(address, left);
      else this.perAddress.delete(address);
    });
    const previous = this.held.get(handshake.id);
    if (!previous || previous.token === handshake.token) {
      this.held.set(handshake.id, { socket, token: handshake.token });
    }
    // The package answers OPEN (or ID-TAKEN when another token holds the id, and closes the socket).
    this.wss.emit('connection', socket, { url });
    // The same peer reconnecting takes its id over; its old socket would otherwise linger unheard.
    if (previous && previous.token === handshake.token && previous.socket !== socket) previous.socket.close(1000, 'reconnected');
  }

  private admitFrom(src: string): AdmitMessage {
    return (message) => {
      if (message.type === 'HEARTBEAT' || !message.dst) return null;
      const { dst } = message;
      if (dst === src) return { refuse: 'A peer cannot signal itself.' };
      const from = this.reservations.get(src);
      const to = this.reservations.get(dst);
      if (to && from?.group !== to.group) return { refuse: `"${dst}" is in a room you are not in.` };
      if (from && !to) return { refuse: 'Peers in a room signal only the others in that room.' };
      if (!this.held.has(dst)) return { unavailable: dst };
      return null;
    };
  }
}

function refuse(socket: Duplex, status: number, statusText: string, body: string): void {
  socket.end(`HTTP/1.1 ${status} ${statusText}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}
