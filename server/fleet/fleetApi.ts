import type { IncomingMessage, ServerResponse } from 'node:http';
import { NO_FLEET, type FleetSnapshot, type RoomPlacement } from '@/lib/protocol/fleet';
import { isValidRoomId } from '@/lib/protocol/room';
import type { Feature } from '../app';
import { sendJson } from '../api/rooms';
import { RoomError } from '../sfu/Room';
import { FLEET_PLACEMENT_BURST, FLEET_PLACEMENT_REFILL_MS } from '../limits';
import { AddressLimiter } from './AddressLimiter';

/**
 * GET /api/fleet             -> the fleet's live node reports (lib/protocol/fleet.ts `FleetSnapshot`);
 *                               { running: false, nodes: [] } on a server without Redis; readable
 *                               from any origin (CORS), for chapters exported to a static host
 * GET /api/fleet/rooms/<id>  -> the node room <id> lives on, placed now if it had none
 *                               (`RoomPlacement`); node null on a server without a fleet: join here
 *
 * This file loads no Redis client: a server without REDIS_URL answers from `singleServer`.
 */

/** What the routes ask: a FleetNode with Redis, or `singleServer` without. */
export interface FleetSource {
  snapshot(): Promise<FleetSnapshot>;
  /** The room's node; null if it needed placing and `mayPlace` refused. */
  place(roomId: string, mayPlace?: () => boolean): Promise<RoomPlacement | null>;
  drain?(): Promise<void>;
  close?(): Promise<void>;
}

export const singleServer: FleetSource = {
  snapshot: async () => NO_FLEET,
  place: async (roomId) => ({ roomId, node: null, placed: 'single', reports: [] }),
};

export function fleetApi(source: FleetSource, limiter = new AddressLimiter(FLEET_PLACEMENT_BURST, FLEET_PLACEMENT_REFILL_MS)) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    if (pathname !== '/api/fleet' && !pathname.startsWith('/api/fleet/')) return false;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendJson(response, 405, { error: 'method-not-allowed', message: 'Only GET is supported.' }, { Allow: 'GET, HEAD' });
      return true;
    }
    try {
      if (pathname === '/api/fleet') {
        // Public, read-only and without credentials: a chapter exported to a CDN may read it from the fleet.
        sendJson(response, 200, await source.snapshot(), { 'Access-Control-Allow-Origin': '*' });
        return true;
      }
      const match = /^\/api\/fleet\/rooms\/([^/]+)$/.exec(pathname);
      if (!match) {
        sendJson(response, 404, { error: 'not-found', message: 'Try /api/fleet or /api/fleet/rooms/<id>.' });
        return true;
      }
      const id = safeDecode(match[1]);
      if (id === null || !isValidRoomId(id)) {
        sendJson(response, 400, { error: 'bad-room-id', message: 'A room id is 1-32 letters, digits or "-".' });
        return true;
      }
      const address = request.socket.remoteAddress ?? 'unknown';
      const placement = await source.place(id, () => limiter.take(address));
      if (placement) sendJson(response, 200, placement);
      else {
        sendJson(
          response,
          429,
          { error: 'rate-limited', message: 'Too many new rooms from your address just now; try again in a few seconds.' },
          { 'Retry-After': String(Math.ceil(FLEET_PLACEMENT_REFILL_MS / 1000)) },
        );
      }
    } catch (error) {
      if (!(error instanceof RoomError)) throw error;
      sendJson(response, 503, { error: error.code, message: error.message }, { 'Retry-After': '2' });
    }
    return true;
  };
}

/** The fleet as a server feature: its routes, and closing the Redis connection on shutdown. */
export function createFleetFeature(source: FleetSource): Feature {
  return { routes: [fleetApi(source)], close: () => source.close?.() };
}

function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
