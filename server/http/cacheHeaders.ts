import type { Route } from '../app';

/** public/assets/<name>.<10 hex of sha-256>.<ext>, written by scripts/copy-assets.mjs. */
const HASHED_ASSET = /^\/assets\/[A-Za-z0-9_-]+\.[0-9a-f]{10}\.[a-z0-9]+$/;

/** A year, the longest max-age caches honour; a content-hashed file never changes under its name. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Marks the content-hashed files in public/assets/ as immutable. Next serves public/ with `max-age=0`
 * but keeps a Cache-Control header a route set before it, so this only sets the header and lets Next
 * serve the file. Next's own /_next/static/ files (bundles, fonts) are already immutable; everything
 * else keeps Next's revalidating default.
 */
export const cacheHeaders: Route = (request, response) => {
  const path = (request.url ?? '').split('?')[0];
  if ((request.method === 'GET' || request.method === 'HEAD') && HASHED_ASSET.test(path)) {
    response.setHeader('Cache-Control', IMMUTABLE);
  }
  return false;
};
