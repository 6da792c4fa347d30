import { expect, type Page } from '@playwright/test';

/**
 * The security headers every page of the site carries (server/http), checked on the response to `path`.
 * The room pages, and the chapter that embeds a live mesh room (lib/site/mediaPages CAMERA_CHAPTERS), may use
 * the camera; those and the chapters with a microphone figure may use the microphone.
 */
export function expectSecurityHeaders(headers: Record<string, string>, path: string): void {
  expect(headers['content-security-policy']).toMatch(/script-src 'self' 'wasm-unsafe-eval' ('(sha256|nonce)-[^']+' ?)+(;|$)/);
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['content-security-policy']).toMatch(/connect-src 'self' ws:\/\/localhost:\d+ wss:\/\/localhost:\d+/);
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(headers['x-frame-options']).toBe('DENY');
  const room = path.startsWith('/room/') || path === '/learn/mesh-vs-sfu';
  const microphone = room || path === '/learn/voice-activity' || path === '/learn/noise-suppression';
  expect(headers['permissions-policy']).toContain(`camera=${room ? '(self)' : '()'}, microphone=${microphone ? '(self)' : '()'}`);
}

/**
 * Records the page's Content-Security-Policy violations from the first byte of each load on; the function
 * returned reads those of the current load.
 */
export async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`));
  });
  return () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
}
