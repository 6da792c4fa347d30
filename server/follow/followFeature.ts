import type { IncomingMessage, ServerResponse } from 'node:http';
import { networkInterfaces } from 'node:os';
import type { Feature } from '../app';
import type { Logger } from '../log';
import { normalizeClassCode } from '@/lib/protocol/gateway';
import { FollowService, type FollowServiceOptions } from './FollowService';
import { FollowSignaling } from './FollowSignaling';

/**
 * The class follow service as a server feature: a FollowSignaling per /ws socket, and
 *   GET /api/classes/<code> -> { code, status: 'live' | 'ended' | 'unknown', sessions? }
 * so a follow page can say at once whether a code is good, and
 *   GET /api/network -> { origins: ['http://192.168.1.20:3000', …] }
 * the server's addresses on the local network, for the QR codes a projecting laptop shows (answered only
 * to a browser on the same machine: nobody else needs the laptop's other addresses).
 */
export function createFollowFeature(log: Logger, options: Partial<FollowServiceOptions> = {}): Feature & { follow: FollowService } {
  const follow = new FollowService({ log, ...options });
  return {
    follow,
    routes: [classesApi(follow), networkApi],
    onConnection(connection) {
      const signaling = new FollowSignaling(follow, connection, log);
      connection.on('message', (message) => signaling.handle(message));
      connection.once('close', () => signaling.close());
    },
    close() {
      follow.close();
    },
  };
}

function classesApi(follow: FollowService) {
  return (request: IncomingMessage, response: ServerResponse): boolean => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    const match = /^\/api\/classes\/([^/]+)$/.exec(pathname);
    if (!match) return false;
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
      response.end(JSON.stringify(body));
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      send(405, { error: 'method-not-allowed', message: 'Only GET is supported.' });
      return true;
    }
    let code: string | null = null;
    try {
      code = normalizeClassCode(decodeURIComponent(match[1]));
    } catch {
      // A malformed %-escape is just a bad code.
    }
    if (!code) {
      send(400, { error: 'bad-code', message: 'A class code is six letters and digits, like ABC 234.' });
      return true;
    }
    const status = follow.status(code);
    if (status === 'live') send(200, { code, status, sessions: follow.classInfo(code).sessions });
    else send(404, { code, status });
    return true;
  };
}

function networkApi(request: IncomingMessage, response: ServerResponse): boolean {
  const { pathname } = new URL(request.url ?? '/', 'http://localhost');
  if (pathname !== '/api/network') return false;
  const remote = request.socket.remoteAddress ?? '';
  const loopback = remote === '::1' || remote.startsWith('127.') || remote.startsWith('::ffff:127.');
  const secure = 'encrypted' in request.socket && Boolean((request.socket as { encrypted?: boolean }).encrypted);
  const port = request.socket.localPort;
  const origins = loopback ? lanAddresses().map((address) => `${secure ? 'https' : 'http'}://${address}:${port}`) : [];
  response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(JSON.stringify({ origins }));
  return true;
}

/** This machine's IPv4 addresses other than loopback (what phones on the same network can reach). */
export function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((address) => address && address.family === 'IPv4' && !address.internal)
    .map((address) => address!.address);
}
