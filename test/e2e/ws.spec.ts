import { test, expect } from '@playwright/test';

/** Opens /ws from the page and returns the first reply to each message sent, in order. */
async function exchange(page: import('@playwright/test').Page, messages: string[]) {
  return page.evaluate(async (outgoing) => {
    const url = `${location.origin.replace('http', 'ws')}/ws`;
    const socket = new WebSocket(url);
    await new Promise((resolve, reject) => {
      socket.onopen = resolve;
      socket.onerror = reject;
    });
    const replies: unknown[] = [];
    for (const message of outgoing) {
      const reply = new Promise((resolve) => (socket.onmessage = (event) => resolve(JSON.parse(event.data))));
      socket.send(message);
      replies.push(await reply);
    }
    socket.close();
    return replies;
  }, messages);
}

test.describe('the /ws socket on the same port as the site', () => {
  test('answers hello with a welcome and ping with a pong', async ({ page }) => {
    await page.goto('/');
    const [welcome, pong] = await exchange(page, [
      JSON.stringify({ type: 'hello', protocol: 1 }),
      JSON.stringify({ type: 'ping', nonce: 7 }),
    ]);
    expect(welcome).toMatchObject({ type: 'welcome', protocol: 1 });
    expect(pong).toMatchObject({ type: 'pong', nonce: 7 });
  });

  test('answers malformed messages with typed errors and keeps the socket usable', async ({ page }) => {
    await page.goto('/');
    const replies = await exchange(page, [
      'not json',
      JSON.stringify({ type: 'launch-missiles' }),
      JSON.stringify({ type: 'ping', nonce: -1 }),
      JSON.stringify({ type: 'ping', nonce: 1 }),
    ]);
    expect(replies.map((r) => (r as { type: string; code?: string }).code ?? (r as { type: string }).type)).toEqual([
      'bad-json',
      'bad-message',
      'bad-message',
      'pong',
    ]);
  });
});
