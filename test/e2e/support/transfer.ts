/**
 * What a route costs a reader who opens it and does not scroll (npm run bench's transfer table, and
 * loading.spec's before-scrolling budget): every response the browser receives
 * until the network has been quiet for a while (prefetches included), split into JavaScript and the
 * rest, in bytes on the wire (Chromium's encodedDataLength: compressed bodies plus headers).
 */
import type { Browser, BrowserContextOptions } from '@playwright/test';

export interface Transfer {
  /** Compressed JavaScript bytes. */
  js: number;
  /** Every byte received. */
  total: number;
  requests: { url: string; type: string; bytes: number }[];
}

/** Lighthouse's mobile device: a Moto G Power sized viewport. */
export const PHONE: BrowserContextOptions = {
  viewport: { width: 412, height: 823 },
  deviceScaleFactor: 1.75,
  isMobile: true,
  hasTouch: true,
};
export const DESKTOP: BrowserContextOptions = { viewport: { width: 1350, height: 940 } };

/** How long the network must stay quiet after load before counting stops (Next prefetches links at idle). */
const QUIET_MS = 2500;

export async function measureTransfer(browser: Browser, url: string, device: BrowserContextOptions, quietMs = QUIET_MS): Promise<Transfer> {
  const context = await browser.newContext(device);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const started = new Map<string, { url: string; type: string }>();
  const requests: Transfer['requests'] = [];
  let lastActivity = Date.now();
  cdp.on('Network.responseReceived', (event) => {
    started.set(event.requestId, { url: event.response.url, type: event.type });
    lastActivity = Date.now();
  });
  cdp.on('Network.loadingFinished', (event) => {
    const request = started.get(event.requestId);
    if (request) requests.push({ ...request, bytes: event.encodedDataLength });
    lastActivity = Date.now();
  });
  await page.goto(url, { waitUntil: 'load' });
  // Idle-time work (Next's link prefetching) starts after load; wait until nothing has moved for a while.
  while (Date.now() - lastActivity < quietMs) await page.waitForTimeout(250);
  await context.close();
  const isJs = (r: { url: string; type: string }) => r.type === 'Script' || /\.m?js(\?|$)/.test(r.url);
  const sum = (list: Transfer['requests']) => list.reduce((total, r) => total + r.bytes, 0);
  return { js: sum(requests.filter(isJs)), total: sum(requests), requests };
}
