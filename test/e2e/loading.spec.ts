import { test, expect, type Page } from '@playwright/test';
import { chapters, waitForHydration } from './support/pages';
import { chunkUrls, firstLoad } from './support/firstLoad';
import { DESKTOP, measureTransfer, PHONE } from './support/transfer';

/**
 * Budgets for what a reader downloads before reading (issue 13): compressed JavaScript named by each page's
 * HTML, measured on the built site. Sizes are deterministic, so these are exact gates, not timings.
 */
const BUDGET = {
  chapter: 170_000,
  landing: 170_000,
  // The room's client (socket, peer connections, the protocol's zod schemas) loads after the page is
  // interactive (components/room/RoomApp.tsx): 190.4 kB at 949d878, about 152 kB since.
  room: 190_000,
};

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

test.describe('first-load JavaScript budgets', () => {
  for (const chapter of chapters) {
    test(`chapter "${chapter.slug}" names at most ${kB(BUDGET.chapter)} of compressed JavaScript`, async ({ baseURL }) => {
      const { bytes, chunks } = await firstLoad(baseURL!, `/learn/${chapter.slug}`);
      expect(bytes, chunks.map((c) => `${c.url} ${kB(c.bytes)}`).join('\n')).toBeLessThanOrEqual(BUDGET.chapter);
    });
  }

  test(`the landing page names at most ${kB(BUDGET.landing)}`, async ({ baseURL }) => {
    expect((await firstLoad(baseURL!, '/')).bytes).toBeLessThanOrEqual(BUDGET.landing);
  });

  test(`the room page names at most ${kB(BUDGET.room)}`, async ({ baseURL }) => {
    expect((await firstLoad(baseURL!, '/room/lobby')).bytes).toBeLessThanOrEqual(BUDGET.room);
  });
});

/**
 * Everything a reader's browser fetches before they scroll, prefetches and figures within reach of the first
 * screen included, on a phone and on a desktop screen (on a desktop a figure less than a screen below the fold
 * is already "near"). Bytes on the wire: compressed bodies plus headers, so a few hundred bytes above the HTML's
 * own count, and the same on any machine.
 */
test.describe('JavaScript fetched before the reader scrolls', () => {
  const screens = { phone: PHONE, desktop: DESKTOP };
  for (const path of ['/', ...chapters.map((c) => `/learn/${c.slug}`)]) {
    const budget = path === '/' ? BUDGET.landing : BUDGET.chapter;
    test(`${path} fetches at most ${kB(budget)} on a phone and on a desktop screen`, async ({ browser, baseURL }) => {
      // The two screens side by side, each in its own context: their quiet windows pass together.
      const measured = await Promise.all(Object.values(screens).map((device) => measureTransfer(browser, baseURL! + path, device, 1500)));
      for (const [i, screen] of Object.keys(screens).entries()) {
        const { js, requests } = measured[i];
        const scripts = requests.filter((r) => r.type === 'Script').map((r) => `${new URL(r.url).pathname} ${kB(r.bytes)}`);
        expect(js, `${screen}:\n${scripts.join('\n')}`).toBeLessThanOrEqual(budget);
      }
    });
  }
});

/**
 * The JavaScript a page runs as it loads is compiled off the main thread (scripts/compile-hints.mjs): each of
 * these files starts with V8's explicit compile hint. Without it Chromium compiles every function lazily on
 * the main thread when it is first called, most of the framework's start-up task on every page.
 */
test.describe('first-load JavaScript compiles while it downloads', () => {
  for (const path of ['/', `/learn/${chapters[0].slug}`, '/room/lobby']) {
    test(`every chunk ${path} names starts with V8's compile hint`, async ({ baseURL }) => {
      const html = await (await fetch(baseURL! + path)).text();
      const urls = chunkUrls(html);
      expect(urls.length).toBeGreaterThan(3);
      const unhinted: string[] = [];
      for (const url of urls) {
        const text = await (await fetch(baseURL! + url)).text();
        if (!text.startsWith('//# allFunctionsCalledOnLoad\n')) unhinted.push(url);
      }
      expect(unhinted, 'first-load chunks without the hint').toEqual([]);
    });
  }
});

/**
 * A prerendered page paints its first screen before it asks for its JavaScript (scripts/paint-first.mjs): the
 * page is readable as server-rendered HTML, so no script evaluation may hold that paint. Which comes first is
 * decided by the page, not by timing: the scripts are inserted when the browser reports the paint.
 */
test.describe('the first paint comes before the JavaScript', () => {
  for (const path of ['/', `/learn/${chapters[0].slug}`]) {
    test(`${path} asks for its scripts only after its first contentful paint`, async ({ page }) => {
      await page.goto(path);
      await page.waitForLoadState('networkidle');
      const { paint, scripts } = await page.evaluate(() => ({
        paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
        scripts: performance
          .getEntriesByType('resource')
          .filter((entry) => /\/_next\/static\/chunks\/[^/]+\.js$/.test(new URL(entry.name).pathname))
          .map((entry) => entry.startTime),
      }));
      expect(paint, 'a first contentful paint').not.toBeNull();
      expect(scripts.length, 'the page still loads its scripts').toBeGreaterThan(3);
      expect(Math.min(...scripts), 'first script request, ms after navigation').toBeGreaterThanOrEqual(paint!);
    });
  }
});

/** The script URLs a page fetches, in order, from now on. */
function recordScripts(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script') urls.push(new URL(request.url()).pathname);
  });
  return urls;
}

test.describe('figures load as the reader reaches them', () => {
  // A phone, where no figure is within a screen of the top of a chapter.
  test.use({ viewport: { width: 390, height: 800 }, isMobile: true, hasTouch: true });

  test('a chapter fetches a figure’s code only when it nears the screen, and the landing and room pages never do', async ({ page }) => {
    const chapter = chapters.find((c) => c.slug === 'mesh-vs-sfu') ?? chapters[0];
    const scripts = recordScripts(page);
    await page.goto(`/learn/${chapter.slug}`);
    await page.waitForLoadState('networkidle');
    const waiting = page.locator('figure[data-figure]:has([data-still])');
    expect(await waiting.count(), 'figures below the first screen wait as stills').toBeGreaterThan(1);
    const beforeScroll = new Set(scripts);

    const figure = page.locator(`figure[data-figure="${await waiting.first().getAttribute('data-figure')}"]`);
    await figure.scrollIntoViewIfNeeded();
    await expect(figure.locator('[data-still]')).toHaveCount(0, { timeout: 20_000 });
    const figureChunks = scripts.filter((url) => !beforeScroll.has(url));
    expect(figureChunks.length, 'the first figure brought its own code').toBeGreaterThan(0);
    await expect(page.locator('figure[data-figure]').last().locator('[data-still]')).toHaveCount(1);

    for (const path of ['/', '/room/lobby']) {
      const other = await page.context().newPage();
      const otherScripts = recordScripts(other);
      await other.goto(path);
      await other.waitForLoadState('networkidle');
      expect(otherScripts.filter((url) => figureChunks.includes(url)), `${path} fetched figure code`).toEqual([]);
      await other.close();
    }
  });

  test('a reader who scrolled before the page hydrated gets the figures a screen ahead, without scrolling again', async ({ page }) => {
    const chapter = chapters.find((c) => c.slug === 'mesh-vs-sfu') ?? chapters[0];
    // A slow phone: the page is painted and scrolled before its scripts run. Hold them until the reader has scrolled.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/_next/static/chunks/*.js', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`/learn/${chapter.slug}`, { waitUntil: 'commit' });
    const figure = page.locator('figure[data-figure]').nth(1);
    await page.locator('.pager').waitFor({ state: 'attached' });
    // Half a screen below the bottom of the screen: not on it, within the screen ahead that a scrolled page loads.
    await figure.evaluate((element) => window.scrollTo(0, element.getBoundingClientRect().top + window.scrollY - 1.5 * window.innerHeight));
    expect(await figure.evaluate((element) => element.getBoundingClientRect().top / window.innerHeight)).toBeGreaterThan(1.2);
    release();
    await waitForHydration(page);
    await expect(figure.locator('[data-still]')).toHaveCount(0, { timeout: 20_000 });
    expect(await figure.evaluate((element) => element.getBoundingClientRect().top / window.innerHeight), 'the reader did not scroll again').toBeGreaterThan(1.2);
  });

  test('the landing page’s live figure loads its code only when the reader reaches it', async ({ page }) => {
    const scripts = recordScripts(page);
    await page.goto('/');
    await page.waitForLoadState('networkidle');
    const figure = page.locator('figure[data-figure]');
    await expect(figure).toHaveCount(1);
    await expect(figure.locator('[data-still]'), 'below the first screens it waits as a still').toHaveCount(1);
    const beforeScroll = new Set(scripts);
    await figure.scrollIntoViewIfNeeded();
    await expect(figure.locator('[data-still]')).toHaveCount(0, { timeout: 20_000 });
    expect(scripts.filter((url) => !beforeScroll.has(url)).length, 'the figure brought its own code').toBeGreaterThan(0);
  });
});
