import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.flac': 'audio/flac',
  '.json': 'application/json',
};

/**
 * A plain static file server over a folder, on loopback only, resolving `/a/b` to `a/b`, `a/b.html` or
 * `a/b/index.html` the way static hosts do, with the folder's 404.html for anything else. Stands in for
 * the CDN in the static-export tests: nothing here knows about Next.
 */
export async function serveStatic(dir: string): Promise<{ origin: string; close: () => Promise<void> }> {
  const root = path.resolve(dir);
  const resolve = (urlPath: string): string | null => {
    const clean = path.normalize(decodeURIComponent(urlPath)).replace(/^([/\\])+/, '');
    for (const candidate of [clean, `${clean}.html`, path.join(clean, 'index.html')]) {
      const file = path.join(root, candidate);
      if (file.startsWith(root) && existsSync(file) && statSync(file).isFile()) return file;
    }
    return null;
  };
  const server: Server = createServer((request, response) => {
    const urlPath = (request.url ?? '/').split('?')[0];
    const file = resolve(urlPath);
    const served = file ?? path.join(root, '404.html');
    response.statusCode = file ? 200 : 404;
    response.setHeader('Content-Type', TYPES[path.extname(served)] ?? 'application/octet-stream');
    createReadStream(served).pipe(response);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
