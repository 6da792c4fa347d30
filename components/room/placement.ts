import { roomPlacement, type RoomPlacement } from '@/lib/protocol/fleet';

/**
 * Where the browser joins a room. The page asks its own server; on a fleet of SFU nodes
 * (server/fleet) the answer names the node the room lives on (placing it now if it had none), and on
 * a single server it says "here". The join's /ws then goes to that node's origin.
 */

export class PlacementError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The room's node, or `node: null` when the page's own server hosts every room. Throws PlacementError. */
export async function locateRoom(roomId: string): Promise<RoomPlacement> {
  let response: Response;
  try {
    response = await fetch(`/api/fleet/rooms/${encodeURIComponent(roomId)}`, { cache: 'no-store' });
  } catch {
    throw new PlacementError('fleet-unavailable', 'The server could not be reached. Check the connection and try again.');
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = body as { error?: unknown; message?: unknown } | null;
    throw new PlacementError(
      typeof error?.error === 'string' ? error.error : 'fleet-unavailable',
      typeof error?.message === 'string' ? error.message : `The server answered ${response.status} when asked where the room lives.`,
    );
  }
  const parsed = roomPlacement.safeParse(body);
  if (!parsed.success) throw new PlacementError('fleet-unavailable', 'The server’s answer about where the room lives made no sense.');
  return parsed.data;
}

/**
 * The /ws address for a placement: the node's origin, or this page's own server. Compressed
 * (permessage-deflate with context takeover): a member's stats repeat the same field names every second,
 * and deflate takes a 50-publisher room's feed from 21.6 kB to about 0.5 kB a second per member, which a
 * phone on a slow link feels (docs/room-stats-feed.md).
 */
export function socketUrl(placement: RoomPlacement, page: Pick<Location, 'origin'>): string {
  const origin = placement.node?.origin ?? page.origin;
  return `${origin.replace(/^http/, 'ws')}/ws?compress=deflate`;
}
