import { gzipSync } from 'node:zlib';

/**
 * A page's first-load JavaScript, read from what the server sends: every chunk its HTML names (script
 * tags, preloads and the chunk lists in the inline React payload), except the noModule polyfills that
 * module-capable browsers skip, each gzipped as the server compresses it. Sizes, not times: the same
 * build gives the same numbers on any machine.
 */
export interface FirstLoad {
  /** Compressed bytes of all first-load chunks. */
  bytes: number;
  chunks: { url: string; bytes: number }[];
}

const CHUNK = /(?:\/_next\/)?static\/chunks\/[A-Za-z0-9_.~-]+\.js/g;
const NO_MODULE = /<script[^>]*src="([^"]+)"[^>]*noModule[^>]*>/gi;

export function chunkUrls(html: string): string[] {
  const noModule = new Set([...html.matchAll(NO_MODULE)].map((match) => match[1]));
  const urls = new Set<string>();
  for (const [found] of html.matchAll(CHUNK)) {
    const url = found.startsWith('/_next/') ? found : `/_next/${found}`;
    if (!noModule.has(url)) urls.add(url);
  }
  return [...urls].sort();
}

export async function firstLoad(origin: string, path: string): Promise<FirstLoad> {
  const response = await fetch(origin + path);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  const html = await response.text();
  const chunks = await Promise.all(
    chunkUrls(html).map(async (url) => {
      const chunk = await fetch(origin + url, { headers: { 'accept-encoding': 'identity' } });
      if (!chunk.ok) throw new Error(`${url} (named by ${path}): HTTP ${chunk.status}`);
      return { url, bytes: gzipSync(Buffer.from(await chunk.arrayBuffer())).length };
    }),
  );
  return { bytes: chunks.reduce((sum, chunk) => sum + chunk.bytes, 0), chunks };
}
