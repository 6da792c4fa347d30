import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Feature } from '../app';
import type { Logger } from '../log';
import { normalizeClassCode } from '@/lib/protocol/gateway';
import { FollowService, type FollowServiceOptions } from './FollowService';
import { FollowSignaling } from './FollowSignaling';

/**
 * The class follow service as a server feature: a FollowSignaling per /ws socket, and
 *   GET /api/classes/<code> -> { code, status: 'live' | 'ended' | 'unknown', sessions? }
 * so a follow page can say at once whether a code is good.
 */
export function createFollowFeature(log: Logger, options: Partial<FollowServiceOptions> = {}): Feature & { follow: FollowService } {
  const follow = new FollowService({ log, ...options });
  return {
    follow,
    routes: [classesApi(follow)],
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
