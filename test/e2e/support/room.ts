import { expect, type Page } from '@playwright/test';

/**
 * Joining the live room as a reader does, with Chromium's fake camera and microphone. `url` is the
 * room page, relative to the test's server or absolute (a fleet node).
 */
export async function joinAsCamera(page: Page, url: string, name = 'Publisher'): Promise<void> {
  await page.goto(url);
  await page.locator('[data-control="name"]').fill(name);
  await page.locator('[data-control="preview-camera"]').click();
  await page.locator('[data-control="join"]').click();
  await expect(page.locator('[data-room-phase="joined"]')).toBeVisible();
}

export async function joinAsViewer(page: Page, url: string, name = 'Viewer'): Promise<void> {
  await page.goto(url);
  await page.locator('[data-control="name"]').fill(name);
  await page.locator('[data-control="join-viewer"]').click();
  await expect(page.locator('[data-room-phase="joined"]')).toBeVisible();
}

/** Frames the tile's <video> has decoded so far. */
export async function framesDecoded(page: Page, publisherId: string): Promise<number> {
  return page.evaluate((id) => {
    const video = document.querySelector<HTMLVideoElement>(`[data-tile="${id}"] video`);
    return video ? video.getVideoPlaybackQuality().totalVideoFrames : 0;
  }, publisherId);
}
