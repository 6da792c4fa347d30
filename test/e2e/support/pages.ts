import type { Page } from '@playwright/test';
import { chapters } from '@/content/chapters.generated';

/** Every page a reader can reach from the landing page. */
export const pages = [
  { path: '/', name: 'landing page' },
  ...chapters.map((c) => ({ path: `/learn/${c.slug}`, name: `chapter "${c.slug}"` })),
  { path: '/room/lobby', name: 'live room, before joining' },
];

export { chapters };

/** Console errors and uncaught exceptions a page produces while the test drives it. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') {
      const where = message.location().url;
      errors.push(`console: ${message.text()}${where ? ` (${where})` : ''}`);
    }
  });
  page.on('pageerror', (error) => errors.push(`exception: ${error.message}`));
  return errors;
}

/**
 * Waits until the page has hydrated: on a chapter, its keyboard shortcuts are live (ChapterKeys, whose effect runs
 * with the rest of the page's); elsewhere, Next's client has started. The `load` event does not say so: a
 * prerendered page asks for its scripts after its first paint (scripts/paint-first.mjs), which can come after `load`.
 */
export async function waitForHydration(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    /\/learn\/[^/]+$/.test(location.pathname.replace(/\.html$/, '')) ? document.documentElement.dataset.chapterKeys === 'on' : 'next' in window,
  );
}

/**
 * Scrolls through the whole page so every lazy figure loads, then waits for them to go live. It waits for the
 * page to hydrate first: a figure the page was scrolled past before its observer existed would stay a still.
 */
export async function loadEveryFigure(page: Page): Promise<void> {
  await waitForHydration(page);
  const figures = page.locator('figure[data-figure]');
  const count = await figures.count();
  for (let i = 0; i < count; i += 1) {
    await figures.nth(i).scrollIntoViewIfNeeded();
  }
  await page.waitForFunction(() => document.querySelectorAll('figure[data-figure] [data-still]').length === 0, undefined, {
    timeout: 20_000,
  });
}
