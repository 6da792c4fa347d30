import { expect, type Page } from '@playwright/test';
import type { RoomStats } from '@/lib/protocol/room';

/**
 * Joining the live room as a reader does, with Chromium's fake camera and microphone. `url` is the
 * room page, relative to the test's server or absolute (a fleet node).
 */
export async function joinAsCamera(page: Page, url: string, name = 'Publisher', timeoutMs?: number): Promise<void> {
  await page.goto(url);
  await page.locator('[data-control="name"]').fill(name);
  await page.locator('[data-control="preview-camera"]').click();
  await page.locator('[data-control="join"]').click();
  await expect(page.locator('[data-room-phase="joined"]')).toBeVisible({ timeout: timeoutMs });
}

/** `timeoutMs`: how long the join may take (the expect default when omitted); a busy room answers slower. */
export async function joinAsViewer(page: Page, url: string, name = 'Viewer', timeoutMs?: number): Promise<void> {
  await page.goto(url);
  await page.locator('[data-control="name"]').fill(name);
  await page.locator('[data-control="join-viewer"]').click();
  await expect(page.locator('[data-room-phase="joined"]')).toBeVisible({ timeout: timeoutMs });
}

/** Frames the tile's <video> has decoded so far. */
export async function framesDecoded(page: Page, publisherId: string): Promise<number> {
  return page.evaluate((id) => {
    const video = document.querySelector<HTMLVideoElement>(`[data-tile="${id}"] video`);
    return video ? video.getVideoPlaybackQuality().totalVideoFrames : 0;
  }, publisherId);
}

export function uniqueRoomId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}

export async function roomStats(page: Page, roomId: string): Promise<RoomStats> {
  const response = await page.request.get(`/api/rooms/${roomId}/stats`);
  expect(response.ok()).toBe(true);
  return (await response.json()) as RoomStats;
}

/**
 * Records every message the page sends on its WebSockets (type and time), from before the page's own
 * scripts run. Read them back with `sentMessages`.
 */
export async function recordSentMessages(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const log: { atMs: number; type: string; detail?: string }[] = [];
    (window as unknown as { __sentMessages: typeof log }).__sentMessages = log;
    const sockets: WebSocket[] = [];
    (window as unknown as { __sockets: WebSocket[] }).__sockets = sockets;
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (this: WebSocket, data: string | ArrayBufferLike | Blob | ArrayBufferView) {
      let type = 'binary';
      if (typeof data === 'string') {
        try {
          type = String((JSON.parse(data) as { type?: unknown }).type);
        } catch {
          type = 'not-json';
        }
      }
      log.push({ atMs: performance.now(), type, ...(type === 'tiles' ? { detail: data as string } : {}) });
      if (!sockets.includes(this)) sockets.push(this);
      return send.call(this, data);
    };
  });
}

/** When the page last sent a message (its performance.now()), or null if it never did. */
export async function lastSentAtMs(page: Page): Promise<number | null> {
  return page.evaluate(() => (window as unknown as { __sentMessages: { atMs: number }[] }).__sentMessages.at(-1)?.atMs ?? null);
}

/** The `tiles` reports the page sent since `sinceMs`, as sent. */
export async function sentTileReports(page: Page, sinceMs = 0): Promise<string[]> {
  return page.evaluate(
    (since) =>
      (window as unknown as { __sentMessages: { atMs: number; detail?: string }[] }).__sentMessages.filter((m) => m.atMs >= since && m.detail).map((m) => m.detail!),
    sinceMs,
  );
}

/** Closes every socket the page has sent on, as a server restart or a broken link would. */
export async function cutSockets(page: Page): Promise<void> {
  await page.evaluate(() => (window as unknown as { __sockets: WebSocket[] }).__sockets.forEach((s) => s.close()));
}

/** Messages the page sent since `sinceMs` (the page's performance.now()), by type. */
export async function sentMessages(page: Page, sinceMs = 0): Promise<{ total: number; byType: Record<string, number> }> {
  return page.evaluate((since) => {
    const log = (window as unknown as { __sentMessages: { atMs: number; type: string }[] }).__sentMessages;
    const byType: Record<string, number> = {};
    let total = 0;
    for (const m of log) {
      if (m.atMs < since) continue;
      byType[m.type] = (byType[m.type] ?? 0) + 1;
      total += 1;
    }
    return { total, byType };
  }, sinceMs);
}

export function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}
