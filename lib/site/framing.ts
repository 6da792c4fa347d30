/**
 * Which pages another site may show in a frame: the figure embeds (/embed/<chapter>/<figure>), made to sit
 * in an instructor's slides or someone's page. Every other page refuses to be framed (frame-ancestors
 * 'none' and X-Frame-Options: DENY), so nobody can dress the room or the chapters up as their own.
 * The server's security headers ask this function, path by path: server/http/securityHeaders.ts's
 * frameAncestorsFor answers frame-ancestors * where it is true, and 'none' with X-Frame-Options: DENY elsewhere.
 */
export const FRAMEABLE_PATH_PREFIX = '/embed/';

export function mayBeFramed(pathname: string): boolean {
  return pathname.startsWith(FRAMEABLE_PATH_PREFIX) && pathname.length > FRAMEABLE_PATH_PREFIX.length;
}
