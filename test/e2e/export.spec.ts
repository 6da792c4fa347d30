import { existsSync, readFileSync } from 'node:fs';
import { test, expect } from '@playwright/test';
import { chapters, collectErrors, loadEveryFigure } from './support/pages';
import { serveStatic } from './support/staticServer';
import { chunkUrls } from './support/firstLoad';
import { usesCameraOrMicrophone } from '@/lib/site/mediaPages';

/**
 * The chapters as a CDN serves them: `npm run export`'s files (out/, built by the e2e runner with
 * NEXT_PUBLIC_ROOM_ORIGIN=EXPORT_ROOM_ORIGIN) behind a plain static file server, with no Node server behind
 * them. Every chapter renders, every figure goes live, and room links lead to the room's server.
 */
const EXPORT_ROOM_ORIGIN = 'http://room.test:3000';

let site: Awaited<ReturnType<typeof serveStatic>>;

test.describe('the static export', () => {
  test.beforeAll(async () => {
    expect(existsSync('out/index.html'), 'out/ exists (npm run test:e2e builds it with npm run export)').toBe(true);
    expect(readFileSync('out/.room-origin', 'utf8')).toBe(EXPORT_ROOM_ORIGIN);
    site = await serveStatic('out');
  });
  test.afterAll(async () => site?.close());

  test('the exported pages’ first-load chunks carry the compile hint, as the server’s do', () => {
    for (const page of ['out/index.html', `out/learn/${chapters[0].slug}.html`]) {
      const urls = chunkUrls(readFileSync(page, 'utf8'));
      expect(urls.length).toBeGreaterThan(3);
      const unhinted = urls.filter((url) => !readFileSync(`out${url}`, 'utf8').startsWith('//# allFunctionsCalledOnLoad\n'));
      expect(unhinted, `${page}: first-load chunks without the hint`).toEqual([]);
    }
  });

  test('has the landing page and every chapter, and no room page', async ({ page }) => {
    const errors = collectErrors(page);
    await page.goto(`${site.origin}/`);
    await expect(page.locator('.chapter-list li')).toHaveCount(chapters.length);
    for (const link of await page.locator('a[href*="/room/"]').all()) {
      expect(await link.getAttribute('href')).toBe(`${EXPORT_ROOM_ORIGIN}/room/lobby`);
    }
    expect((await page.request.get(`${site.origin}/room/lobby`)).status()).toBe(404);
    expect(errors).toEqual([]);
  });

  for (const chapter of chapters) {
    test(`chapter "${chapter.slug}" works from plain files`, async ({ page }) => {
      // There is no room server in this test: what goes to it (the live fleet figure's GET /api/fleet, the live
      // gateway figure's socket) fails, and Chromium logs that; everything else must load without an error.
      const toRoomServer: string[] = [];
      const roomHost = new URL(EXPORT_ROOM_ORIGIN).host;
      page.on('request', (request) => {
        if (request.url().startsWith(EXPORT_ROOM_ORIGIN)) toRoomServer.push(new URL(request.url()).pathname);
      });
      page.on('websocket', (socket) => {
        if (new URL(socket.url()).host === roomHost) toRoomServer.push(new URL(socket.url()).pathname);
      });
      const errors = collectErrors(page);
      const notAboutRoomServer = (error: string) => !error.includes(`//${roomHost}/`);
      await page.goto(`${site.origin}/learn/${chapter.slug}`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(chapter.title);
      await loadEveryFigure(page);
      for (const figure of await page.locator('figure[data-figure]').all()) {
        await expect(figure.locator('.figure-body')).toHaveAttribute('data-figure-state', 'live');
      }
      for (const link of await page.locator('a[href*="/room/"]').all()) {
        expect(await link.getAttribute('href')).toMatch(new RegExp(`^${EXPORT_ROOM_ORIGIN}/room/`));
      }
      const fleet = page.locator('figure[data-figure="autoscaling/fleet"]');
      if (await fleet.count()) {
        await fleet.scrollIntoViewIfNeeded(); // it reads the fleet only while on screen
        await expect.poll(() => toRoomServer).toContain('/api/fleet');
      }
      if (await page.locator('figure[data-figure="gateway-and-guilds/live"]').count()) {
        await expect.poll(() => toRoomServer).toContain('/ws');
      }
      expect(errors.filter(notAboutRoomServer)).toEqual([]);
    });
  }

  test('moving to the next chapter navigates on the client, from the exported payloads', async ({ page }) => {
    // A page that may use the camera or microphone loads in full (its Permissions-Policy differs), so the
    // pair is the first two neighbouring chapters that use neither.
    const at = chapters.findIndex((chapter, i) => i + 1 < chapters.length && ![chapter, chapters[i + 1]].some((c) => usesCameraOrMicrophone(`/learn/${c.slug}`)));
    test.skip(at < 0, 'needs two neighbouring chapters without camera or microphone');
    await page.goto(`${site.origin}/learn/${chapters[at].slug}`);
    await expect(page.locator('html')).toHaveAttribute('data-chapter-keys', 'on');
    await page.evaluate(() => ((window as unknown as { beforeNavigation: boolean }).beforeNavigation = true));
    await page.locator('.pager-next').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(chapters[at + 1].title);
    // Still the same document: the router fetched the next chapter's payload instead of reloading.
    expect(await page.evaluate(() => (window as unknown as { beforeNavigation?: boolean }).beforeNavigation)).toBe(true);
  });
});
