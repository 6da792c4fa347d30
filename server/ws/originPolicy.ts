/**
 * Which web pages may open /ws. A browser sends the page's origin with every WebSocket handshake
 * (RFC 6455 section 10.2) and the server is the only party that can check it: without this, any page
 * a student opens could fill the class's rooms with bots from the student's browser.
 *
 * Allowed: a handshake whose Origin names the host the request was sent to (the Host header), so the
 * site works under localhost, a LAN address or a domain with no configuration, over http or https;
 * and the origins listed in ALLOWED_ORIGINS (comma-separated, e.g. "https://class.example.org").
 * A handshake with no Origin comes from a program, not a page (tests, the benchmark); programs can
 * send any Origin they like, so refusing them would protect nothing. "null" (sandboxed frames,
 * file: pages) is refused.
 */

/** Origins from a comma-separated list, normalized (scheme://host[:port], default ports dropped). */
export function parseAllowedOrigins(list: string | undefined): string[] {
  return (list ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      let origin = 'null';
      try {
        origin = new URL(item).origin;
      } catch {
        // Reported below, with the rest.
      }
      if (origin === 'null') throw new Error(`ALLOWED_ORIGINS: "${item}" is not an origin; write it as https://class.example.org`);
      return origin;
    });
}

export function isAllowedOrigin(origin: string | undefined, host: string | undefined, allowed: readonly string[] = []): boolean {
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (allowed.includes(url.origin)) return true;
  if (!host) return false;
  try {
    // Read Host with the origin's scheme, so a default port written or left out compares equal.
    return new URL(`${url.protocol}//${host}`).host === url.host;
  } catch {
    return false;
  }
}
