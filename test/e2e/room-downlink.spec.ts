import { expect, test } from '@playwright/test';
import { framesDecoded, joinAsViewer, roomStats, uniqueRoomId } from './support/room';

/**
 * A viewer whose downlink cannot carry every tile's smallest layer (lib/sfu/downlinkBudget): the SFU
 * gives as many tiles as fit their smallest layer and pauses the rest, and each paused tile says why. Splitting the link evenly, as the SFU did
 * before, paused every tile here: 600 kbps over 8 tiles is 75 kbps each, under the bots' 180p layer.
 */

test.setTimeout(120_000);

const BOTS = 8;
const CAP_KBPS = 600;

test(`a pretend ${CAP_KBPS} kbps downlink with ${BOTS} bots plays as many tiles as fit and says why the rest are paused`, async ({ page }) => {
  const roomId = uniqueRoomId('downlink');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await joinAsViewer(page, `/room/${roomId}`);
  await page.locator('[data-control="tile-size"] input[value="small"]').check();
  for (let i = 0; i < BOTS; i++) await page.locator('[data-control="add-bot"]').click();
  await expect(page.locator('[data-tile^="bot-"]')).toHaveCount(BOTS, { timeout: 30_000 });

  await page.locator(`[data-control="downlink-cap"] input[value="${CAP_KBPS}"]`).check();
  const split = async () => {
    const subscriptions = (await roomStats(page, roomId)).subscriptions;
    return {
      playing: subscriptions.filter((s) => s.rid !== null).map((s) => s.publisherId),
      pausedForLink: subscriptions.filter((s) => s.pausedBecause === 'link-too-slow').length,
    };
  };
  await expect.poll(async () => { const s = await split(); return s.playing.length > 0 && s.pausedForLink > 0; }, { timeout: 30_000 }).toBe(true);
  const { playing, pausedForLink } = await split();
  console.log(`at ${CAP_KBPS} kbps: ${playing.length} of ${BOTS} tiles playing, ${pausedForLink} paused for the link`);

  // Each paused tile says why, in the words of the server's own decision.
  await expect(page.locator('[data-paused-because="link-too-slow"]').first()).toContainText('paused: does not fit your link');
  // What plays is real video: the first playing tile's decoder keeps producing frames.
  const before = await framesDecoded(page, playing[0]);
  await expect.poll(() => framesDecoded(page, playing[0]), { timeout: 15_000 }).toBeGreaterThan(before + 5);

  // Without the cap every tile plays (the assumed downlink carries a 50-person room) and the sentence goes.
  await page.locator('[data-control="downlink-cap"] input[value="none"]').check();
  await expect.poll(async () => (await split()).playing.length, { timeout: 30_000 }).toBe(BOTS);
  await expect(page.locator('[data-paused-because="link-too-slow"]')).toHaveCount(0);
});
