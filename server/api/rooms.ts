import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeRoomIdSegment, isValidRoomId } from '@/lib/protocol/room';
import type { Rooms } from '../sfu/Rooms';

/**
 * GET /api/rooms             -> { rooms: [{ id, peers, bots, publishers }] }
 * GET /api/rooms/<id>/stats  -> the room's latest stats snapshot (lib/protocol/room.ts `RoomStats`),
 *                               the same numbers the room page's live panel shows.
 * Returns false for any other path, so the request goes on to Next.
 */
export function roomsApi(rooms: Rooms) {
  return (request: IncomingMessage, response: ServerResponse): boolean => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    if (pathname !== '/api/rooms' && !pathname.startsWith('/api/rooms/')) return false;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendJson(response, 405, { error: 'method-not-allowed', message: 'Only GET is supported.' }, { Allow: 'GET, HEAD' });
      return true;
    }
    if (pathname === '/api/rooms') {
      sendJson(response, 200, { rooms: rooms.list() });
      return true;
    }
    const match = /^\/api\/rooms\/([^/]+)\/stats$/.exec(pathname);
    if (!match) {
      sendJson(response, 404, { error: 'not-found', message: 'Try /api/rooms or /api/rooms/<id>/stats.' });
      return true;
    }
    const id = decodeRoomIdSegment(match[1]);
    if (id === null || !isValidRoomId(id)) {
      sendJson(response, 400, { error: 'bad-room-id', message: 'A room id is 1-32 letters, digits or "-".' });
      return true;
    }
    const room = rooms.get(id);
    if (!room) {
      sendJson(response, 404, { error: 'no-such-room', message: `Nobody is in room "${id}".` });
      return true;
    }
    sendJson(response, 200, room.stats);
    return true;
  };
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  response.end(JSON.stringify(body));
}
