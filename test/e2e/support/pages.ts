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

/** Scrolls through the whole page so every lazy figure loads, then waits for them to go live. */
export async function loadEveryFigure(page: Page): Promise<void> {
  const figures = page.locator('figure[data-figure]');
  const count = await figures.count();
  for (let i = 0; i < count; i += 1) {
    await figures.nth(i).scrollIntoViewIfNeeded();
  }
  await page.waitForFunction(() => document.querySelectorAll('figure[data-figure] [data-still]').length === 0, undefined, {
    timeout: 20_000,
  });
}
