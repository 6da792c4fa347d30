import { test, expect } from '@playwright/test';
import { collectErrors } from './support/pages';
import { seriousViolations } from './support/axe';

test.describe('the live room, once joined', () => {
  test('is accessible, error-free and fits a 360 px phone with a bot talking in it', async ({ page }) => {
    const errors = collectErrors(page);
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto('/room/a11y-check');
    await page.locator('[data-control="join-viewer"]').click();
    await page.locator('[data-control="add-bot"]').click();
    await expect(page.locator('[data-tile="bot-1"] video')).toBeVisible({ timeout: 20_000 });
    // Let the live panel fill with a few seconds of numbers and charts.
    await page.waitForTimeout(3000);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      expect(await seriousViolations(page, scheme)).toEqual([]);
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.locator('[data-control="remove-bot"]').click();
    await expect(page.locator('[data-tile="bot-1"]')).toHaveCount(0, { timeout: 10_000 });
    expect(errors).toEqual([]);
  });
});

test.describe('the live room without a camera API', () => {
  test('explains why a page on a LAN address cannot publish, and still lets the reader watch', async ({ page }) => {
    // What a phone sees on http://<classroom laptop IP>: no navigator.mediaDevices outside a secure origin.
    await page.addInitScript(() => Object.defineProperty(navigator, 'mediaDevices', { value: undefined }));
    await page.goto('/room/no-capture');
    await expect(page.locator('[data-error="no-capture"]')).toContainText('You can still join to watch and listen');
    await expect(page.locator('[data-control="preview-camera"]')).toHaveCount(0);
    await page.locator('[data-control="join-viewer"]').click();
    await expect(page.locator('[data-room-phase]')).toBeVisible();
    await expect(page.locator('[data-control="add-bot"]')).toBeEnabled();
  });
});
