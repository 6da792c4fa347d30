import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { themeScript } from '@/lib/site/theme';
import { mediaPermissionsFor } from '@/lib/site/mediaPages';
import { mayBeFramed } from '@/lib/site/framing';
import { cspHash, loadPrerenderedPageHashes } from './inlineScriptHashes';

/**
 * The one place that decides the security headers of every response, by path.
 *
 * Content-Security-Policy: scripts only from this origin, plus the page's own inline scripts, which
 * Next's app router emits on every page (the RSC payload, its bootstrap) and our theme script:
 *   - a page Next prerendered at build time is served as a fixed file, so its inline scripts are
 *     allowed by their hashes, read from that file at startup (server/http/inlineScriptHashes.ts);
 *   - a page rendered per request (the room) gets a fresh nonce; handing Next the policy as a request
 *     header makes it put the nonce on every script it writes (Next reads it from there), and the theme
 *     script, which Next does not touch, is allowed by its hash.
 * No 'unsafe-inline' and no 'unsafe-eval' for scripts. 'wasm-unsafe-eval' lets the noise chapter
 * compile RNNoise (WebAssembly.compile); it allows no JavaScript eval. Styles keep 'unsafe-inline':
 * React writes style attributes in server-rendered HTML. connect-src names the /ws socket on the host
 * the page was asked for, so a LAN address and, later, https/wss work without configuration.
 *
 * Permissions-Policy grants camera and microphone to this origin on the pages that use them
 * (lib/site/mediaPages.ts) and to nobody elsewhere. Framing is refused everywhere but the figure embeds,
 * /embed/<chapter>/<figure>, which exist to sit in an instructor's slides or another site's page
 * (lib/site/framing.ts says which paths).
 */

/** Paths that are files, not pages: Next's build output and public/ (anything with an extension). */
function isAsset(pathname: string): boolean {
  return pathname.startsWith('/_next/') || pathname.startsWith('/api/') || /\.[A-Za-z0-9]+$/.test(pathname);
}

/** Who may frame the page at `pathname`: any site for a figure embed, nobody for every other page. */
export function frameAncestorsFor(pathname: string): string {
  return mayBeFramed(pathname) ? '*' : "'none'";
}

/** A Host header fit to go into a header value: a name or address with an optional port, else nothing. */
function safeHost(host: string | undefined): string | null {
  return host && /^[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host) ? host : null;
}

export interface ContentSecurityPolicyInput {
  /** Sources for script-src beyond 'self': hashes and/or a nonce. */
  scriptSources: string[];
  host: string | null;
  /** Other origins the page talks to (a fleet's nodes: their /ws and API), as http(s) origins. */
  connectOrigins?: readonly string[];
  frameAncestors: string;
  dev: boolean;
}

export function contentSecurityPolicy({ scriptSources, host, connectOrigins = [], frameAncestors, dev }: ContentSecurityPolicyInput): string {
  const socket = host ? ` ws://${host} wss://${host}` : '';
  const others = connectOrigins.map((origin) => ` ${origin} ${origin.replace(/^http/, 'ws')}`).join('');
  return [
    "default-src 'self'",
    // Next's dev server (React's overlay, Turbopack's hot reload) evaluates code; production never does.
    `script-src 'self' 'wasm-unsafe-eval' ${scriptSources.join(' ')}${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "media-src 'self' blob:",
    `connect-src 'self'${socket}${others}`,
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');
}

export function permissionsPolicy(pathname: string): string {
  const { camera, microphone } = mediaPermissionsFor(pathname);
  const allow = (granted: boolean) => (granted ? '(self)' : '()');
  return `camera=${allow(camera)}, microphone=${allow(microphone)}, geolocation=(), display-capture=()`;
}

export interface SecurityHeadersOptions {
  /** Next's build directory (.next); its prerendered pages are hashed once, here. */
  distDir: string;
  dev: boolean;
  /** Origins besides this host that pages may connect to, asked per page request (a fleet's nodes). */
  connectOrigins?: () => readonly string[] | Promise<readonly string[]>;
  nonce?: () => string;
}

export type ApplySecurityHeaders = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/** Returns the function the HTTP server calls on every request before anything else answers it. */
export function createSecurityHeaders({
  distDir,
  dev,
  connectOrigins = () => [],
  nonce = () => randomBytes(16).toString('base64'),
}: SecurityHeadersOptions): ApplySecurityHeaders {
  const staticPages = dev ? new Map<string, string[]>() : loadPrerenderedPageHashes(distDir);
  const themeHash = cspHash(themeScript);
  // A path Next has no page for is answered with the prerendered 404 (or, on a crash, the error page).
  const fallbackHashes = [...new Set([themeHash, ...(staticPages.get('/_not-found') ?? []), ...(staticPages.get('/_global-error') ?? [])])];

  return async (request, response) => {
    // Only this server decides the policy Next sees; a client cannot hand Next a nonce of its choosing.
    delete request.headers['content-security-policy'];
    delete request.headers['content-security-policy-report-only'];
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
    response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    if (isAsset(pathname)) return;

    const frameAncestors = frameAncestorsFor(pathname);
    const prerendered = staticPages.get(pathname);
    let scriptSources: string[];
    let perRequest = false;
    if (prerendered) {
      scriptSources = prerendered;
    } else {
      scriptSources = [`'nonce-${nonce()}'`, ...fallbackHashes];
      perRequest = true;
    }
    const policy = contentSecurityPolicy({
      scriptSources,
      host: safeHost(request.headers.host),
      connectOrigins: (await connectOrigins()).filter((origin) => /^https?:\/\/[A-Za-z0-9.\-[\]:]+$/.test(origin)),
      frameAncestors,
      dev,
    });
    if (perRequest) request.headers['content-security-policy'] = policy;
    response.setHeader('Content-Security-Policy', policy);
    response.setHeader('Permissions-Policy', permissionsPolicy(pathname));
    if (frameAncestors === "'none'") response.setHeader('X-Frame-Options', 'DENY');
  };
}
