import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import next from 'next';
import { SocketServer, type SocketServerOptions } from './ws/SocketServer';
import type { Connection } from './ws/Connection';
import { SHUTDOWN_GRACE_MS } from './limits';
import { createSecurityHeaders } from './http/securityHeaders';
import type { Logger } from './log';

/** An HTTP route the server answers before Next sees the request. Returns true when it handled it. */
export type Route = (request: IncomingMessage, response: ServerResponse) => boolean | Promise<boolean>;

/** A feature that plugs into the server: its HTTP routes, what it does with each socket, and its cleanup. */
export interface Feature {
  routes?: Route[];
  onConnection?: (connection: Connection) => void;
  /** Takes a WebSocket upgrade for a path of its own (the PeerServer's /peerjs); returns false to pass it on. */
  upgrade?: (request: IncomingMessage, socket: Duplex, head: Buffer) => boolean;
  close?: () => void | Promise<void>;
}

export interface AppServerOptions {
  port: number;
  hostname?: string;
  dev: boolean;
  /** Project root (where next.config.mjs lives). */
  dir: string;
  log: Logger;
  features?: Feature[];
  /** Who may open /ws and how many connections one address may hold. */
  sockets?: SocketServerOptions;
  /** Origins besides this one that pages may connect to (a fleet's nodes), for the CSP's connect-src. */
  connectOrigins?: () => readonly string[] | Promise<readonly string[]>;
  /** Serve https (and wss) on the same port with this key and certificate. */
  tls?: { key: string; cert: string };
}

export interface AppServer {
  httpServer: Server;
  sockets: SocketServer;
  url: string;
  /** Idempotent: stops accepting, closes sockets and features, and resolves within SHUTDOWN_GRACE_MS. */
  close(): Promise<void>;
}

function hasDecodablePath(url: string | undefined): boolean {
  try {
    decodeURIComponent(new URL(url ?? '/', 'http://localhost').pathname);
    return true;
  } catch {
    return false;
  }
}

/** One process, one port: Next.js pages, the /ws socket and every feature's routes. */
export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const { port, hostname = '0.0.0.0', dev, dir, log, features = [], tls } = options;
  const httpServer: Server = tls ? createTlsServer({ key: tls.key, cert: tls.cert }) : createServer();
  const app = next({ dev, dir, hostname, port, httpServer });
  const handle = app.getRequestHandler();
  await app.prepare();

  const sockets = new SocketServer(log, options.sockets);
  for (const feature of features) {
    if (feature.onConnection) sockets.on('connection', feature.onConnection);
  }
  const routes = features.flatMap((feature) => feature.routes ?? []);
  // Read after prepare(): in production Next has checked the build is there.
  const applySecurityHeaders = createSecurityHeaders({
    distDir: path.join(dir, process.env.NEXT_DIST_DIR || '.next'),
    dev,
    connectOrigins: options.connectOrigins,
  });

  httpServer.on('request', async (request, response) => {
    try {
      await applySecurityHeaders(request, response);
      if (!hasDecodablePath(request.url)) {
        // Next answers a malformed %-escape in a dynamic segment (/room/%ZZ) with a 500.
        response.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Bad request: the path is not valid percent-encoding.');
        return;
      }
      for (const route of routes) {
        if (await route(request, response)) return;
      }
      await handle(request, response);
    } catch (error) {
      log.error('request failed', { url: request.url, error: String(error) });
      if (!response.headersSent) {
        response.statusCode = 500;
        response.end('Internal server error');
      }
    }
  });
  const upgrades = features.flatMap((feature) => (feature.upgrade ? [feature.upgrade] : []));
  httpServer.on('upgrade', (request, socket, head) => {
    if (upgrades.some((upgrade) => upgrade(request, socket, head))) return;
    sockets.handleUpgrade(request, socket, head);
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, hostname, () => resolve());
  });
  const actualPort = (httpServer.address() as AddressInfo).port;
  const url = `${tls ? 'https' : 'http'}://localhost:${actualPort}`;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      sockets.close();
      await Promise.allSettled(features.map((feature) => feature.close?.()));
      const stopped = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeIdleConnections();
      const grace = new Promise<void>((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS - 500).unref());
      await Promise.race([stopped, grace]);
      httpServer.closeAllConnections();
      await app.close?.();
    })());

  return { httpServer, sockets, url, close };
}
