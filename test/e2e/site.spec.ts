import { test, expect } from '@playwright/test';
import { chapters, collectErrors, loadEveryFigure, pages, waitForHydration } from './support/pages';
import { proseValue } from '@/lib/values';
import { expectSecurityHeaders, watchViolations } from './support/securityHeaders';
import { seriousViolations } from './support/axe';

test.describe('the episode site', () => {
  test('the landing page lists every written chapter in order, with summary and reading time', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('How Discord handles a 50-person voice chat');
    const cards = page.locator('.chapter-list li');
    await expect(cards).toHaveCount(chapters.length);
    for (const [i, chapter] of chapters.entries()) {
      const card = cards.nth(i);
      await expect(card.locator('.chapter-card-title')).toHaveText(chapter.title);
      await expect(card.locator('.chapter-card-summary')).toHaveText(chapter.summary);
      await expect(card.locator('.chapter-card-minutes')).toHaveText(`${chapter.minutes} min`);
      await expect(card.locator('a')).toHaveAttribute('href', `/learn/${chapter.slug}`);
    }
    await expect(page.getByRole('link', { name: 'Join the live room' }).first()).toHaveAttribute('href', '/room/lobby');
  });

  test('there is at least one written chapter with a live figure', async () => {
    expect(chapters.length).toBeGreaterThan(0);
  });

  for (const chapter of chapters) {
    // One page load serves the chapter's content checks, its security headers and its light-scheme
    // accessibility check (security-headers.spec.ts checks the other pages' headers).
    test(`chapter "${chapter.slug}" renders its text, figures, citations and sources, carries the security headers, with no console errors, no breach of its own Content-Security-Policy and no serious accessibility violations in light and dark`, async ({
      page,
    }) => {
      const errors = collectErrors(page);
      const cspViolations = await watchViolations(page);
      await page.emulateMedia({ colorScheme: 'light' });
      const response = (await page.goto(`/learn/${chapter.slug}`))!;
      expectSecurityHeaders(response.headers(), `/learn/${chapter.slug}`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(chapter.title);
      await expect(page.locator('nav[aria-label="Chapters"] [aria-current="page"]')).toContainText(chapter.title);
      const figures = page.locator('figure[data-figure]');
      expect(await figures.count()).toBeGreaterThan(0);
      // Before the figures load, each shows its server-rendered still with a data table.
      const html = await (await page.request.get(`/learn/${chapter.slug}`)).text();
      expect(html).toContain('data-still');
      await loadEveryFigure(page);
      for (const figure of await figures.all()) {
        await expect(figure.locator('.figure-body')).toHaveAttribute('data-figure-state', 'live');
        await expect(figure.locator('figcaption')).not.toBeEmpty();
        await expect(figure.locator('table').first()).toBeAttached();
      }
      // Every number quoted from a model reads as the registry computes it, rendered on the server.
      const values = await page.locator('data.model-value').evaluateAll((nodes) =>
        nodes.map((node) => ({ name: node.getAttribute('data-value-of')!, text: node.textContent, value: node.getAttribute('value') })),
      );
      for (const { name, text, value } of values) {
        expect(text, name).toBe(proseValue(name).text);
        expect(Number(value), name).toBe(proseValue(name).value);
      }
      // ...and is in the server's HTML, not added by a script.
      for (const name of new Set(values.map((v) => v.name))) expect(html, name).toContain(`data-value-of="${name}"`);
      // Every footnote number points at an entry of the chapter's sources list.
      const cites = page.locator('sup.cite a');
      for (const cite of await cites.all()) {
        const target = (await cite.getAttribute('href'))!;
        await expect(page.locator(target)).toHaveCount(1);
      }
      const violations = await seriousViolations(page, 'light');
      // Every figure is live (its workers and WebAssembly started) and axe has run: the CSP saw it all.
      const breaches = (await cspViolations()).map((v) => `light: ${v}`);
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.goto(`/learn/${chapter.slug}`);
      await loadEveryFigure(page);
      violations.push(...(await seriousViolations(page, 'dark')));
      breaches.push(...(await cspViolations()).map((v) => `dark: ${v}`));
      expect(violations).toEqual([]);
      expect(breaches).toEqual([]);
      expect(errors).toEqual([]);
    });
  }

  test('arrow keys move between chapters and t opens the contents', async ({ page }) => {
    test.skip(chapters.length < 2, 'needs two chapters');
    await page.setViewportSize({ width: 390, height: 800 });
    const keysReady = () => expect(page.locator('html')).toHaveAttribute('data-chapter-keys', 'on');
    await page.goto(`/learn/${chapters[0].slug}`);
    await keysReady();
    await page.keyboard.press('ArrowRight');
    await expect(page).toHaveURL(new RegExp(`/learn/${chapters[1].slug}$`));
    await keysReady();
    await page.keyboard.press('ArrowLeft');
    await expect(page).toHaveURL(new RegExp(`/learn/${chapters[0].slug}$`));

    const contents = page.locator('#contents');
    await keysReady();
    await expect(contents).toBeHidden();
    await page.keyboard.press('t');
    await expect(contents).toBeVisible();
    await expect(contents.locator('[aria-current="page"]')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(contents).toBeHidden();
    await expect(page.getByRole('button', { name: 'Contents' })).toBeFocused();
  });

  test('arrow keys inside a slider move the slider, not the page', async ({ page }) => {
    // The first chapter has a next one, so a stray ArrowRight would navigate away.
    const withSlider = chapters[0];
    await page.goto(`/learn/${withSlider.slug}`);
    await loadEveryFigure(page);
    await expect(page.locator('html')).toHaveAttribute('data-chapter-keys', 'on');
    const slider = page.locator('input[type="range"]').first();
    test.skip((await slider.count()) === 0, 'no slider on this chapter');
    await slider.focus();
    const before = await slider.inputValue();
    await page.keyboard.press('ArrowRight');
    await expect(slider).not.toHaveValue(before);
    // A page navigation would start within this time; the URL must not have changed.
    await page.waitForTimeout(1000);
    await expect(page).toHaveURL(new RegExp(`/learn/${withSlider.slug}$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(withSlider.title);
  });

  test('the dark mode toggle switches the theme and the choice survives a reload', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto('/');
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await background();
    await waitForHydration(page);
    await page.getByTestId('theme-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    const dark = await background();
    expect(dark).not.toEqual(light);
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    expect(await background()).toEqual(dark);
    await waitForHydration(page);
    await page.getByTestId('theme-toggle').click();
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  });

  test('a system dark preference is followed until the reader chooses', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto('/');
    await expect(page.getByTestId('theme-toggle')).toHaveAttribute('aria-pressed', 'true');
  });

  test('a wrong address shows a helpful not-found page with a way back', async ({ page }) => {
    const response = await page.goto('/learn/no-such-chapter');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('This page is not part of the episode');
    await page.getByRole('link', { name: 'Back to the episode' }).click();
    await expect(page).toHaveURL(/\/$/);
  });

  // The chapters' accessibility is checked with their content, above.
  for (const { path, name } of pages.filter((p) => !p.path.startsWith('/learn/'))) {
    test(`the ${name} has no console errors and no serious accessibility violations, in light and dark`, async ({ page }) => {
      const errors = collectErrors(page);
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(path);
        if (path !== '/') await loadEveryFigure(page);
        expect(await seriousViolations(page, scheme)).toEqual([]);
      }
      expect(errors).toEqual([]);
    });
  }

  // The chapters' fit on a phone is checked by figure-layout.spec, more strictly (every data table open).
  for (const { path, name } of pages.filter((p) => !p.path.startsWith('/learn/'))) {
    test(`the ${name} fits a 360 px phone without sideways scrolling`, async ({ page }) => {
      await page.setViewportSize({ width: 360, height: 740 });
      await page.goto(path);
      if (path !== '/') await loadEveryFigure(page);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    });
  }

  test('the live room and a chapter, each loaded afresh, preload nothing they do not use (no "preloaded but not used" warnings)', async ({
    context,
  }) => {
    const unused: string[] = [];
    // Each in a tab of its own, side by side: Chromium's warning is per page.
    const tabs = await Promise.all(
      ['/room/lobby', `/learn/${chapters[0].slug}`].map(async (path) => {
        const page = await context.newPage();
        page.on('console', (message) => {
          if (/preloaded .* but not used/i.test(message.text())) unused.push(`${path}: ${message.text()}`);
        });
        await page.goto(path, { waitUntil: 'load' });
        return page;
      }),
    );
    // Chromium warns about a preload still unused a few seconds (3 s) after the load event.
    await tabs[0].waitForTimeout(4_000);
    expect(unused).toEqual([]);
  });

  test('the layout uses the room on a 1920 x 1080 projector', async ({ page }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(`/learn/${chapters[0].slug}`);
    await expect(page.locator('#contents')).toBeVisible();
    const fontSize = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    expect(fontSize).toBeGreaterThanOrEqual(19);
  });
});
