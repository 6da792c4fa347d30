import { expect, test } from '@playwright/test';
import { joinAsViewer, pageNow, recordSentMessages, roomStats, sentMessages, sentTileReports, uniqueRoomId } from './support/room';

/**
 * What a room page sends the server, counted at the socket (WebSocket.prototype.send), with a crowd of
 * bots in the room. At rest a page has nothing to say; while its window is resized it reports the new
 * tile sizes a few times a second, never once per tile per frame, so it stays far below the server's
 * rate limit (server/limits.ts MAX_MESSAGES_PER_SECOND) whatever the room size.
 */

test.setTimeout(150_000);

const BOTS = 16;
/**
 * Long enough for anything sent on a timer of a few seconds (a stats request, a keep-alive) to show; the
 * crowd test (room-crowd.spec.ts) holds three pages to 30 s of silence in a room of ten bots.
 */
const REST_MS = 5000;
/** The client batches tile reports into at most this many messages a second (components/room/roomClient.ts). */
const MAX_TILE_REPORTS_PER_SECOND = 4;

test(`a viewer with ${BOTS} bots sends nothing at rest and a few tile reports a second while its window is resized`, async ({ page }) => {
  const roomId = uniqueRoomId('quiet');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await recordSentMessages(page);
  await joinAsViewer(page, `/room/${roomId}`);
  for (let i = 0; i < BOTS; i++) await page.locator('[data-control="add-bot"]').click();
  await expect(page.locator('[data-tile^="bot-"]')).toHaveCount(BOTS, { timeout: 30_000 });
  // Settled: every subscription negotiated, every tile laid out and reported.
  await expect
    .poll(async () => (await roomStats(page, roomId)).subscriptions.filter((s) => s.tileWidthPx > 0).length, { timeout: 30_000 })
    .toBe(BOTS);
  await page.waitForTimeout(2000);

  const restStart = await pageNow(page);
  await page.waitForTimeout(REST_MS);
  const atRest = await sentMessages(page, restStart);
  console.log(`at rest, ${REST_MS / 1000} s with ${BOTS} bots: ${atRest.total} messages ${JSON.stringify(atRest.byType)}`);
  for (const report of await sentTileReports(page, restStart)) console.log(`  at rest it reported ${report}`);

  // Drag the window narrower and back, 25 steps of 80 ms, as a reader dragging its edge would.
  const resizeStart = await pageNow(page);
  const steps = 25;
  for (let i = 1; i <= steps; i++) {
    await page.setViewportSize({ width: 1920 - Math.round((900 * i) / steps), height: 1080 - Math.round((200 * i) / steps) });
    await page.waitForTimeout(80);
  }
  const resizeEnd = await pageNow(page);
  await page.waitForTimeout(1500);
  const resizing = await sentMessages(page, resizeStart);
  const seconds = (resizeEnd - resizeStart + 1500) / 1000;
  console.log(`resizing for ${((resizeEnd - resizeStart) / 1000).toFixed(1)} s (+1.5 s settle): ${resizing.total} messages ${JSON.stringify(resizing.byType)}`);

  expect(atRest).toEqual({ total: 0, byType: {} });
  expect(resizing.total).toBeGreaterThan(0);
  expect(resizing.total).toBeLessThanOrEqual(Math.ceil(seconds * MAX_TILE_REPORTS_PER_SECOND));
  // The last size reached the server: its tile sizes match what the page lays out now.
  const tile = await page.locator('[data-tile="bot-1"] [data-tile-frame]').boundingBox();
  await expect
    .poll(async () => (await roomStats(page, roomId)).subscriptions.find((s) => s.publisherId === 'bot-1')?.tileWidthPx, { timeout: 5000 })
    .toBe(Math.round(tile!.width));
  await expect(page.locator('[data-notice]')).toHaveCount(0);
});
