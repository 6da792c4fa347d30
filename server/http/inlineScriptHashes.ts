import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The CSP hashes of the inline scripts in each page Next prerendered at build time (its RSC payload
 * `self.__next_f.push(...)`, its bootstrap, our theme script). A static page is served byte for byte
 * from .next/server/app/<route>.html, so these hashes, read once at startup, are exactly what the
 * browser will check. Pages rendered per request get a nonce instead (server/http/securityHeaders.ts).
 */

/** 'sha256-...' of one script's text, as CSP Level 2 section 4.2 computes it. */
export function cspHash(script: string): string {
  return `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`;
}

/** The hashes of every inline script (a <script> without src) in an HTML document, in order, without repeats. */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\bsrc\s*=/i.test(match[1])) continue;
    if (match[2].length > 0) hashes.add(cspHash(match[2]));
  }
  return [...hashes];
}

interface PrerenderManifest {
  routes: Record<string, unknown>;
}

/** Route -> hashes for every prerendered page of the build in `distDir`; empty when there is no build (dev). */
export function loadPrerenderedPageHashes(distDir: string): Map<string, string[]> {
  const pages = new Map<string, string[]>();
  const manifestPath = path.join(distDir, 'prerender-manifest.json');
  if (!existsSync(manifestPath)) return pages;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as PrerenderManifest;
  for (const route of Object.keys(manifest.routes)) {
    const file = path.join(distDir, 'server', 'app', `${route === '/' ? 'index' : route.slice(1)}.html`);
    if (existsSync(file)) pages.set(route, inlineScriptHashes(readFileSync(file, 'utf8')));
  }
  return pages;
}
