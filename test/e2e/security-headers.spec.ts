import { expect, test } from '@playwright/test';
import WebSocket from 'ws';
import { collectErrors, loadEveryFigure, pages } from './support/pages';
import { expectSecurityHeaders, watchViolations } from './support/securityHeaders';

/**
 * The security headers in real Chromium: every page carries them, no page breaks a rule of its own
 * Content-Security-Policy (Next's inline scripts, the theme script, workers, WebAssembly, the socket),
 * the figures still go live, and the camera works on the room page however the reader got there.
 */

test.describe('security headers', () => {
  // Each chapter's headers and CSP are checked on the load that checks its content (site.spec.ts).
  for (const { path, name } of [...pages.filter((p) => !p.path.startsWith('/learn/')), { path: '/no-such-page', name: 'a page that does not exist' }]) {
    test(`${name} carries the headers and breaks none of its own rules`, async ({ page }) => {
      const violations = await watchViolations(page);
      const errors = collectErrors(page);
      const response = (await page.goto(path))!;
      expectSecurityHeaders(response.headers(), path);
      if (await page.locator('figure[data-figure]').count()) await loadEveryFigure(page);
      // Hydrated: React attached its handlers (a live figure, or the chapter keys, or the room's form).
      await page.waitForLoadState('networkidle');
      expect(await violations()).toEqual([]);
      expect(errors.filter((e) => /Content.Security.Policy|Refused to/i.test(e))).toEqual([]);
    });
  }

  test('a page rendered per request gets a fresh nonce that every script of it carries', async ({ page }) => {
    const first = (await page.goto('/room/lobby'))!.headers()['content-security-policy'];
    const second = (await page.goto('/room/lobby'))!.headers()['content-security-policy'];
    const nonce = /'nonce-([^']+)'/.exec(second)?.[1];
    expect(nonce).toBeTruthy();
    expect(first).not.toBe(second);
    const unmarked = await page.evaluate(
      (n) => [...document.scripts].filter((s) => !s.src && s.nonce !== n).map((s) => s.textContent?.slice(0, 80)),
      nonce!,
    );
    // Only the theme script has no nonce; it is allowed by its hash.
    expect(unmarked).toEqual([expect.stringContaining('episode-theme')]);
  });

  test('the camera works on the room page reached by a link from a chapter', async ({ page }) => {
    const violations = await watchViolations(page);
    await page.goto('/learn/udp-vs-tcp');
    await page.locator('a[href="/room/lobby"]').first().click();
    await expect(page).toHaveURL(/\/room\/lobby$/);
    await page.locator('[data-control="preview-camera"]').click();
    await expect
      .poll(() => page.evaluate(() => [...document.querySelectorAll('video')].some((v) => (v.srcObject as MediaStream | null)?.getVideoTracks().length)), { timeout: 15_000 })
      .toBe(true);
    expect(await violations()).toEqual([]);
  });

  test('/ws refuses a handshake from another site’s page with 403', async ({ baseURL }) => {
    const url = `${baseURL!.replace('http', 'ws')}/ws`;
    const status = await new Promise<number>((resolve) => {
      const socket = new WebSocket(url, { origin: 'https://evil.example' });
      socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.once('open', () => resolve(101));
    });
    expect(status).toBe(403);
  });

  test('answers a room id that is not valid percent-encoding with 400, page and API alike', async ({ page }) => {
    expect((await page.request.get('/api/rooms/%ZZ/stats')).status()).toBe(400);
    expect((await page.request.get('/room/%ZZ')).status()).toBe(400);
    expect((await page.request.get('/learn/%ZZ')).status()).toBe(400);
  });
});
