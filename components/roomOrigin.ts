/**
 * Where the live room runs. `npm start` serves everything from one Node process, so by default room links
 * are same-origin. A static export of the chapters (`npm run export`, for a CDN) has no room pages and no
 * /ws: build it with NEXT_PUBLIC_ROOM_ORIGIN=https://your-node-server and its room links go there; the room
 * page, served by that server, opens its socket there. Inlined at build time (Next's NEXT_PUBLIC_ convention).
 */
export const ROOM_ORIGIN = (process.env.NEXT_PUBLIC_ROOM_ORIGIN ?? '').replace(/\/+$/, '');

/** The href of a room page: `/room/<id>` on this server, or on ROOM_ORIGIN in a static export. */
export function roomHref(id: string): string {
  return `${ROOM_ORIGIN}/room/${encodeURIComponent(id)}`;
}

/** Rewrites a same-site link to a room (e.g. from a chapter's prose) to where the room runs. */
export function withRoomOrigin(href: string): string {
  return ROOM_ORIGIN && href.startsWith('/room/') ? `${ROOM_ORIGIN}${href}` : href;
}


/** A URL on the room server (its JSON API): same-origin, or on ROOM_ORIGIN in a static export. */
export function roomServerUrl(path: string): string {
  return `${ROOM_ORIGIN}${path}`;
}
