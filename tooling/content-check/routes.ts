import { readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * The site's routes, read from app/ (every folder with a page file), so the content check knows which
 * internal links lead somewhere: "/learn/[slug]" matches "/learn/simulcast", "/room/[id]" any room.
 */

export interface Route {
  /** "/learn/[slug]" */
  pattern: string;
  segments: string[];
}

const PAGE = /^page(\.server)?\.(tsx|ts|mdx)$/;

export function siteRoutes(root: string): Route[] {
  const routes: Route[] = [];
  const walk = (dir: string, segments: string[]) => {
    const entries = readdirSync(dir, { withFileTypes: true });
    if (entries.some((entry) => entry.isFile() && PAGE.test(entry.name))) {
      routes.push({ pattern: `/${segments.join('/')}`, segments });
    }
    for (const entry of entries) {
      if (!entry.isDirectory() || entry.name.startsWith('_')) continue;
      // Route groups "(name)" add no segment.
      const next = /^\(.*\)$/.test(entry.name) ? segments : [...segments, entry.name];
      walk(path.join(dir, entry.name), next);
    }
  };
  walk(path.join(root, 'app'), []);
  return routes.sort((a, b) => a.pattern.localeCompare(b.pattern));
}

/** The route a path leads to, with the values of its dynamic segments ("[slug]" -> "simulcast"). */
export function matchRoute(routes: Route[], pathname: string): { route: Route; params: Record<string, string> } | null {
  const parts = pathname.split('/').filter(Boolean);
  // Static segments win over dynamic ones, as in Next.
  const ordered = [...routes].sort((a, b) => dynamicCount(a) - dynamicCount(b));
  for (const route of ordered) {
    if (route.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const matches = route.segments.every((segment, i) => {
      const dynamic = /^\[(\w+)\]$/.exec(segment);
      if (dynamic) {
        params[dynamic[1]] = decodeURIComponent(parts[i]);
        return true;
      }
      return segment === parts[i];
    });
    if (matches) return { route, params };
  }
  return null;
}

const dynamicCount = (route: Route) => route.segments.filter((segment) => segment.startsWith('[')).length;
