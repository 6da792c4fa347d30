import { expect, test } from '@playwright/test';
import { cutSockets, joinAsCamera, recordSentMessages, roomStats, uniqueRoomId } from './support/room';

/**
 * When the page loses the room (the server drops it, refuses it, or the connection breaks), it says so
 * instead of sitting in "joined" with frozen tiles, and one click puts the reader back with the same
 * role and the same camera.
 */

test.setTimeout(90_000);

test('a camera page whose connection breaks says so, and Rejoin puts it back publishing the same camera', async ({ page }) => {
  const roomId = uniqueRoomId('rejoin');
  await recordSentMessages(page);
  await joinAsCamera(page, `/room/${roomId}`, 'Teacher');
  await expect.poll(async () => (await roomStats(page, roomId)).publishers.map((p) => p.name), { timeout: 20_000 }).toEqual(['Teacher']);
  const localTrack = () =>
    page.evaluate(() => ((document.querySelector('[data-tile] video') as HTMLVideoElement | null)?.srcObject as MediaStream | null)?.getVideoTracks()[0]?.id ?? null);
  const cameraTrack = await localTrack();
  expect(cameraTrack).not.toBeNull();

  await cutSockets(page);
  const dropped = page.locator('[data-dropped][data-error="disconnected"]');
  await expect(dropped).toContainText('The connection to the server closed.');
  await expect(dropped).toContainText('with your camera and microphone');
  await expect(page.locator('[data-room-phase="joined"]')).toHaveCount(0);
  // The server has let the old session go.
  await expect.poll(async () => (await page.request.get(`/api/rooms/${roomId}/stats`)).status(), { timeout: 10_000 }).toBe(404);

  await dropped.locator('[data-control="rejoin"]').click();
  await expect(page.locator('[data-room-phase="joined"]')).toBeVisible();
  // Back as a publisher with the same (still live) camera: its video reaches the server again.
  await expect
    .poll(async () => (await roomStats(page, roomId)).publishers.find((p) => p.name === 'Teacher')?.layers.some((l) => l.active) ?? false, { timeout: 20_000 })
    .toBe(true);
  expect(await localTrack()).toBe(cameraTrack);
  await expect(page.locator('[data-notice]')).toHaveCount(0);
});
