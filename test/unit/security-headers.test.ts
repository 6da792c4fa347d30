import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CAMERA_CHAPTERS, CAMERA_FIGURES, MICROPHONE_CHAPTERS, MICROPHONE_FIGURES, mediaPermissionsFor, usesCameraOrMicrophone } from '@/lib/site/mediaPages';
import { themeScript } from '@/lib/site/theme';
import { cspHash, inlineScriptHashes } from '@/server/http/inlineScriptHashes';
import { createSecurityHeaders, permissionsPolicy } from '@/server/http/securityHeaders';

const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** A build directory with two prerendered pages, as `next build` leaves them. */
function fakeBuild(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'csp-'));
  mkdirSync(path.join(dir, 'server', 'app', 'learn'), { recursive: true });
  writeFileSync(path.join(dir, 'prerender-manifest.json'), JSON.stringify({ routes: { '/': {}, '/learn/cost': {}, '/_not-found': {} } }));
  writeFileSync(path.join(dir, 'server', 'app', 'index.html'), `<script>${themeScript}</script><script src="/_next/a.js" async=""></script><script>self.__next_f.push([1,"home"])</script>`);
  writeFileSync(path.join(dir, 'server', 'app', 'learn', 'cost.html'), `<script>${themeScript}</script><script>self.__next_f.push([1,"cost"])</script>`);
  writeFileSync(path.join(dir, 'server', 'app', '_not-found.html'), `<script>self.__next_f.push([1,"404"])</script>`);
  return dir;
}

function request(url: string, headers: Record<string, string> = {}) {
  const req = { url, headers: { host: 'localhost:3000', ...headers } } as unknown as IncomingMessage;
  const set: Record<string, string> = {};
  const res = { setHeader: (name: string, value: string) => (set[name.toLowerCase()] = value) } as unknown as ServerResponse;
  return { req, res, set };
}

describe('inline script hashes', () => {
  it('hashes each inline script of a page once and skips scripts with src', () => {
    expect(cspHash('alert(1)')).toBe(sha('alert(1)'));
    expect(inlineScriptHashes('<script>a()</script><script src="x.js"></script><script id="_R_">b()</script><script>a()</script>')).toEqual([sha('a()'), sha('b()')]);
  });
});

describe('the security headers of each response', () => {
  const apply = createSecurityHeaders({ distDir: fakeBuild(), dev: false, nonce: () => 'bm9uY2U=' });

  it('allows a prerendered page’s own inline scripts by hash, and no other inline script', async () => {
    const { req, res, set } = request('/learn/cost');
    await apply(req, res);
    const scriptSrc = set['content-security-policy'].split('; ').find((d) => d.startsWith('script-src'))!;
    expect(scriptSrc).toBe(`script-src 'self' 'wasm-unsafe-eval' ${sha(themeScript)} ${sha('self.__next_f.push([1,"cost"])')}`);
    // Next serves this page from its file; it gets no policy to add a nonce from.
    expect(req.headers['content-security-policy']).toBeUndefined();
  });

  it('gives a page rendered per request a nonce, hands the same policy to Next, and allows the theme script and the 404 page by hash', async () => {
    const { req, res, set } = request('/room/lobby', { 'content-security-policy': "script-src 'nonce-chosen-by-client'" });
    await apply(req, res);
    const policy = set['content-security-policy'];
    expect(policy).toContain(`script-src 'self' 'wasm-unsafe-eval' 'nonce-bm9uY2U=' ${sha(themeScript)} ${sha('self.__next_f.push([1,"404"])')}`);
    expect(req.headers['content-security-policy']).toBe(policy);
    expect(policy).not.toContain("'unsafe-eval'");
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  });

  it('lets the page reach /ws on the host it was asked for, forbids framing, and sets the other headers', async () => {
    const { req, res, set } = request('/', { host: '192.168.1.20:3000' });
    await apply(req, res);
    expect(set['content-security-policy']).toContain("connect-src 'self' ws://192.168.1.20:3000 wss://192.168.1.20:3000");
    expect(set['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(set['content-security-policy']).toContain("object-src 'none'");
    expect(set['x-frame-options']).toBe('DENY');
    expect(set['x-content-type-options']).toBe('nosniff');
    expect(set['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(set['permissions-policy']).toBe('camera=(), microphone=(), geolocation=(), display-capture=()');
  });

  it('lets the page connect to the other nodes of a fleet, as they report themselves', async () => {
    const nodes = ['http://localhost:3001', 'https://sfu-2.example.org'];
    const fleetAware = createSecurityHeaders({ distDir: fakeBuild(), dev: false, connectOrigins: async () => nodes });
    const { req, res, set } = request('/room/lobby');
    await fleetAware(req, res);
    expect(set['content-security-policy']).toContain(
      "connect-src 'self' ws://localhost:3000 wss://localhost:3000 http://localhost:3001 ws://localhost:3001 https://sfu-2.example.org wss://sfu-2.example.org;",
    );
  });

  it('leaves a Host header that could break the header out of connect-src', async () => {
    const { req, res, set } = request('/', { host: 'evil.example; script-src *' });
    await apply(req, res);
    expect(set['content-security-policy']).toContain("connect-src 'self'; ");
  });

  it('lets any site frame a figure embed, and no other page', async () => {
    const { req, res, set } = request('/embed/udp-vs-tcp/lanes');
    await apply(req, res);
    expect(set['content-security-policy']).toContain('frame-ancestors *');
    expect(set['x-frame-options']).toBeUndefined();
    for (const url of ['/embed/', '/embedded/x', '/learn/udp-vs-tcp', '/catalog', '/room/lobby', '/present/cost']) {
      const refused = request(url);
      await apply(refused.req, refused.res);
      expect(refused.set['content-security-policy'], url).toContain("frame-ancestors 'none'");
      expect(refused.set['x-frame-options'], url).toBe('DENY');
    }
  });

  it('gives files (build output, public/, the API) only the headers that matter for them', async () => {
    for (const url of ['/_next/static/chunks/a.js', '/worklets/vad-tap.js', '/api/rooms']) {
      const { req, res, set } = request(url);
      await apply(req, res);
      expect(Object.keys(set).sort(), url).toEqual(['cross-origin-opener-policy', 'referrer-policy', 'x-content-type-options']);
    }
  });
});

describe('camera and microphone', () => {
  it('are granted to this origin on the room and the microphone chapters only (and the microphone to presenting and following)', () => {
    expect(permissionsPolicy('/room/lobby')).toBe('camera=(self), microphone=(self), geolocation=(), display-capture=()');
    expect(permissionsPolicy('/learn/voice-activity')).toBe('camera=(), microphone=(self), geolocation=(), display-capture=()');
    expect(permissionsPolicy('/present/cost')).toBe('camera=(), microphone=(self), geolocation=(), display-capture=()');
    expect(permissionsPolicy('/follow/ABCD/cost')).toBe('camera=(), microphone=(self), geolocation=(), display-capture=()');
    expect(permissionsPolicy('/learn/cost')).toBe('camera=(), microphone=(), geolocation=(), display-capture=()');
    // An embed of a figure that asks for the microphone, and no other embed.
    expect(permissionsPolicy('/embed/voice-activity/clip')).toBe('camera=(), microphone=(self), geolocation=(), display-capture=()');
    expect(permissionsPolicy('/embed/voice-activity/room')).toBe('camera=(), microphone=(), geolocation=(), display-capture=()');
    expect(usesCameraOrMicrophone('/learn/voice-activity')).toBe(true);
    expect(usesCameraOrMicrophone('/learn/noise-suppression?x=1')).toBe(true);
    expect(usesCameraOrMicrophone('/room/')).toBe(false);
    expect(mediaPermissionsFor('/room/lobby/mesh')).toEqual({ camera: true, microphone: true });
    expect(mediaPermissionsFor('/learn/mesh-vs-sfu')).toEqual({ camera: true, microphone: true });
    expect(mediaPermissionsFor('/room/lobby/other')).toEqual({ camera: false, microphone: false });
    expect(usesCameraOrMicrophone('/learn/cost')).toBe(false);
    expect(usesCameraOrMicrophone('/')).toBe(false);
  });

  it('are granted to exactly the chapters that show a figure calling getUserMedia', () => {
    const usesMic = readdirSync('components/figures', { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .filter((d) => readdirSync(path.join('components/figures', d.name), { recursive: true }).some((f) => /\.tsx?$/.test(String(f)) && readFileSync(path.join('components/figures', d.name, String(f)), 'utf8').includes('getUserMedia(')))
      .map((d) => d.name);
    expect(usesMic.sort()).toEqual([...new Set(MICROPHONE_FIGURES.map((name) => name.split('/')[0]))].sort());
    const chapters = readdirSync('content', { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .filter((d) => MICROPHONE_FIGURES.some((figure) => readFileSync(path.join('content', d.name, 'index.mdx'), 'utf8').includes(`name="${figure}"`)))
      .map((d) => d.name.replace(/^\d+-/, ''));
    expect(chapters.sort()).toEqual([...MICROPHONE_CHAPTERS].sort());
  });

  it('grant camera and microphone to exactly the chapters that embed a live mesh room', () => {
    const chapters = readdirSync('content', { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .filter((d) => CAMERA_FIGURES.some((figure) => readFileSync(path.join('content', d.name, 'index.mdx'), 'utf8').includes(`name="${figure}"`)))
      .map((d) => d.name.replace(/^\d+-/, ''));
    expect(chapters.sort()).toEqual([...CAMERA_CHAPTERS].sort());
    expect(readFileSync('components/figures/mesh-vs-sfu/LiveMeshFigure.tsx', 'utf8')).toContain('MeshRoomApp');
  });
});
