import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, expect, type Locator, type Page } from '@playwright/test';
import { collectErrors, loadEveryFigure } from './support/pages';
import { LINK_SPEEDS_KBPS, chooseFriendLayers, friendName, layerLabel, roomInputsOf, simulcastRoom, type FiveFriendsInputs } from '@/lib/simulcast/room';

/** Every registered figure's name, read from the registries' source (importing them would load JSON clips). */
const registeredFigures = readdirSync('components/figures', { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((entry) => {
    try {
      return [...readFileSync(`components/figures/${entry.name}/registry.ts`, 'utf8').matchAll(/^ {2}'([a-z0-9-]+\/[a-z0-9-]+)': /gm)].map((m) => m[1]);
    } catch {
      return [];
    }
  });

/**
 * A figure as the reader left it, shared: "Copy link" in a chapter writes its inputs into the address, the
 * link reopens it with them; /embed/<chapter>/<figure>?… shows it alone with them, and "Open in the
 * episode" carries them back to the chapter. /catalog lists every component and figure from the code.
 */

const lanes = (page: Page) => page.locator('#figure-udp-vs-tcp-lanes');
const friendsFigure = (page: Page) => page.locator('#figure-simulcast-five-friends');
const slider = (figure: Locator, name: string) => figure.locator(`input[data-control="${name}"]`);

/** The figure shows exactly these friends, each with its controls set and the layer the model gives a fresh start. */
async function expectFriends(figure: Locator, inputs: FiveFriendsInputs): Promise<void> {
  const room = roomInputsOf(inputs);
  const outcome = simulcastRoom(room, chooseFriendLayers(room));
  await expect(figure.locator('[data-friend]')).toHaveCount(inputs.friends.length);
  for (const [i, friend] of inputs.friends.entries()) {
    const id = friendName(i).toLowerCase().replace(' ', '-');
    await expect(slider(figure, `${id}-link`)).toHaveValue(String(LINK_SPEEDS_KBPS.indexOf(friend.linkKbps)));
    await expect(figure.locator(`[data-control="${id}-window"] input:checked`)).toHaveValue(friend.window);
    await expect(figure.locator(`[data-control="${id}-minimized"]`)).toBeChecked({ checked: friend.minimized });
    await expect(figure.getByTestId(`${id}-layer`)).toHaveText(layerLabel(outcome.friends[i].layer));
  }
}

async function goLive(figure: Locator): Promise<void> {
  await figure.scrollIntoViewIfNeeded();
  await expect(figure.locator('.figure-body')).toHaveAttribute('data-figure-state', 'live', { timeout: 20_000 });
}

test.describe('shared figures', () => {
  test('"Copy link" writes the inputs the reader changed, and the link reopens the figure with them', async ({ page, context, baseURL }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
    const errors = collectErrors(page);
    await page.goto('/learn/udp-vs-tcp');
    const figure = lanes(page);
    await goLive(figure);
    const loss = slider(figure, 'udp-tcp-loss');
    await loss.focus();
    // Keyboard, as a reader without a mouse would: three steps up from the default.
    const before = Number(await loss.inputValue());
    for (let i = 0; i < 3; i++) await loss.press('ArrowRight');
    await expect(loss).toHaveValue(String(before + 3));
    await figure.getByRole('button', { name: 'Copy link to this figure' }).click();
    await expect(figure.locator('.figure-link-status')).toHaveText('Link copied, with the figure as it is now.');
    const link = new URL(await page.evaluate(() => navigator.clipboard.readText()));
    expect(link.pathname).toBe('/learn/udp-vs-tcp');
    expect(link.hash).toBe('#figure-udp-vs-tcp-lanes');
    // Only what differs from the defaults, under the figure's prefix.
    expect([...link.searchParams]).toEqual([['lanes.lossPercent', String(before + 3)]]);

    const reader = await context.newPage();
    await reader.goto(link.href);
    const shared = lanes(reader);
    await goLive(shared);
    await expect(slider(shared, 'udp-tcp-loss')).toHaveValue(String(before + 3));
    expect(errors).toEqual([]);
  });

  test('a link with a value the input does not take shows the figure as it would be without it', async ({ page }) => {
    await page.goto('/learn/udp-vs-tcp');
    const defaults = Number(await (async () => {
      const figure = lanes(page);
      await goLive(figure);
      return slider(figure, 'udp-tcp-rtt').inputValue();
    })());
    await page.goto('/learn/udp-vs-tcp?lanes.rttMs=99999&lanes.jitterMs=10&lanes.nonsense=1#figure-udp-vs-tcp-lanes');
    const figure = lanes(page);
    await goLive(figure);
    await expect(slider(figure, 'udp-tcp-rtt')).toHaveValue(String(defaults));
    await expect(slider(figure, 'udp-tcp-jitter')).toHaveValue('10');
    // Under the figure, what was left out and why, in words.
    const note = figure.locator('[data-link-left-out]');
    await expect(note).toHaveAttribute('role', 'status');
    await expect(note.locator('li')).toHaveText([/^lanes\.rttMs=99999: rttMs takes \d+ to \d+ in steps of \d+, not 99999\.$/, 'lanes.nonsense=1: the figure has no input "nonsense".']);
  });

  test('/embed shows one figure alone with the inputs of its address, and links back to the chapter with them', async ({ page }) => {
    const errors = collectErrors(page);
    await page.goto('/embed/udp-vs-tcp/lanes?lossPercent=7&rttMs=250');
    await expect(page.locator('figure[data-figure]')).toHaveCount(1);
    await expect(page.locator('.site-header, nav[aria-label="Chapters"]')).toHaveCount(0);
    const figure = lanes(page);
    await goLive(figure);
    await expect(slider(figure, 'udp-tcp-loss')).toHaveValue('7');
    await expect(slider(figure, 'udp-tcp-rtt')).toHaveValue('250');
    const back = figure.getByRole('link', { name: /Open in the episode/ });
    await expect(back).toHaveAttribute('href', /lanes\.lossPercent=7/);
    const href = new URL((await back.getAttribute('href'))!);
    expect(href.pathname).toBe('/learn/udp-vs-tcp');
    expect(href.searchParams.get('lanes.lossPercent')).toBe('7');
    expect(href.searchParams.get('lanes.rttMs')).toBe('250');
    expect(href.hash).toBe('#figure-udp-vs-tcp-lanes');
    // The embed follows the reader: a change moves the link too.
    await slider(figure, 'udp-tcp-loss').focus();
    await slider(figure, 'udp-tcp-loss').press('ArrowRight');
    await expect(back).toHaveAttribute('href', /lanes\.lossPercent=8/);
    expect(errors).toEqual([]);
  });

  test('another site may frame an embed, which opens with its inputs, and may not frame a chapter', async ({ page, baseURL }) => {
    // Another origin on this machine (127.0.0.1 is not localhost to the browser): a page of slides, served from
    // loopback like the site (Chromium lets a local page frame a local one).
    const slides = createServer((_request, response) => {
      response.setHeader('Content-Type', 'text/html');
      response.end(`<!doctype html><title>Slides</title>
        <iframe id="embed" src="${baseURL}/embed/udp-vs-tcp/lanes?lossPercent=7" width="900" height="900"></iframe>
        <iframe id="chapter" src="${baseURL}/learn/udp-vs-tcp" width="900" height="300"></iframe>`);
    });
    await new Promise<void>((resolve) => slides.listen(0, '127.0.0.1', resolve));
    try {
      await page.goto(`http://127.0.0.1:${(slides.address() as AddressInfo).port}/`);
      const embed = page.frameLocator('#embed');
      await expect(embed.locator('#figure-udp-vs-tcp-lanes .figure-body')).toHaveAttribute('data-figure-state', 'live', { timeout: 20_000 });
      await expect(embed.locator('input[data-control="udp-tcp-loss"]')).toHaveValue('7');
      // The chapter refuses to be framed (frame-ancestors 'none'): the browser shows its own error in its place.
      const chapter = await (await page.locator('#chapter').elementHandle())!.contentFrame();
      await expect.poll(() => chapter!.url()).toMatch(/^chrome-error:/);
    } finally {
      slides.close();
    }
  });

  test('a link to the five friends reopens the list of friends exactly as the reader left it', async ({ page, context, baseURL }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
    const errors = collectErrors(page);
    await page.goto('/learn/simulcast');
    const figure = friendsFigure(page);
    await goLive(figure);
    // Keyboard only: Friend B's link two steps faster (300 -> 1,000 kbps), Friend E minimized, Friend C restored.
    await slider(figure, 'friend-b-link').focus();
    await slider(figure, 'friend-b-link').press('ArrowRight');
    await slider(figure, 'friend-b-link').press('ArrowRight');
    await figure.locator('[data-control="friend-e-minimized"]').press('Space');
    await figure.locator('[data-control="friend-c-minimized"]').press('Space');
    const expected: FiveFriendsInputs['friends'] = [
      { linkKbps: 100_000, window: 'fullscreen', minimized: false },
      { linkKbps: 1000, window: 'small', minimized: false },
      { linkKbps: 10_000, window: 'window', minimized: false },
      { linkKbps: 1000, window: 'window', minimized: false },
      { linkKbps: 10_000, window: 'thumbnail', minimized: true },
    ];
    await expectFriends(figure, { source: '720p', pauseUnwatched: true, friends: expected });

    await figure.getByRole('button', { name: 'Copy link to this figure' }).click();
    const href = await page.evaluate(() => navigator.clipboard.readText());
    // One readable parameter: the friends in order, each "link,window,minimized".
    expect(href).toBe(
      `${baseURL}/learn/simulcast?five-friends.friends=100000,fullscreen,false;1000,small,false;10000,window,false;1000,window,false;10000,thumbnail,true#figure-simulcast-five-friends`,
    );

    const reader = await context.newPage();
    await reader.goto(href);
    const shared = friendsFigure(reader);
    await goLive(shared);
    await expectFriends(shared, { source: '720p', pauseUnwatched: true, friends: expected });
    await expect(shared.locator('[data-link-left-out]')).toHaveCount(0);
    expect(errors).toEqual([]);
  });

  test('an embed of the five friends opens with the friends, source and switch of its address', async ({ page }) => {
    const errors = collectErrors(page);
    const inputs: FiveFriendsInputs = {
      source: '1080p',
      pauseUnwatched: false,
      friends: [
        { linkKbps: 150, window: 'thumbnail', minimized: false },
        { linkKbps: 3500, window: 'fullscreen', minimized: false },
        { linkKbps: 100_000, window: 'small', minimized: true },
      ],
    };
    await page.goto('/embed/simulcast/five-friends?source=1080p&pauseUnwatched=false&friends=150,thumbnail,false;3500,fullscreen,false;100000,small,true');
    const figure = friendsFigure(page);
    await goLive(figure);
    await expectFriends(figure, inputs);
    await expect(figure.locator('[data-control="source"] input:checked')).toHaveValue('1080p');
    await expect(figure.locator('[data-control="pause-unwatched"]')).not.toBeChecked();
    // "Open in the episode" carries the same three friends, as readable as they came.
    await expect(figure.getByRole('link', { name: /Open in the episode/ })).toHaveAttribute(
      'href',
      /\/learn\/simulcast\?five-friends\.source=1080p&five-friends\.pauseUnwatched=false&five-friends\.friends=150,thumbnail,false;3500,fullscreen,false;100000,small,true#figure-simulcast-five-friends$/,
    );
    expect(errors).toEqual([]);
  });

  test('a link with a mangled list of friends shows the story’s five and says what it left out', async ({ page }) => {
    await page.goto('/learn/simulcast?five-friends.friends=300,small,false;300,huge,false&five-friends.source=360p#figure-simulcast-five-friends');
    const figure = friendsFigure(page);
    await goLive(figure);
    await expect(figure.locator('[data-friend]')).toHaveCount(5);
    await expect(figure.locator('[data-control="source"] input:checked')).toHaveValue('360p');
    await expect(figure.locator('[data-link-left-out] li')).toHaveText([
      'five-friends.friends=300,small,false;300,huge,false: item 2\'s window in friends takes fullscreen, window, small, thumbnail, not "huge".',
    ]);
  });

  test('an embed of a figure that does not exist is a 404', async ({ page }) => {
    const response = await page.goto('/embed/udp-vs-tcp/nope');
    expect(response?.status()).toBe(404);
  });

  test('/catalog lists every MDX component and every registered figure, from the code', async ({ page }) => {
    await page.goto('/catalog');
    const componentDocs = JSON.parse(readFileSync('components/mdx/components.generated.json', 'utf8')) as { name: string; internal: boolean }[];
    const authored = componentDocs.filter((doc) => !doc.internal).map((doc) => doc.name);
    const listed = await page.locator('[data-catalog-component]').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-catalog-component')));
    expect(listed.sort()).toEqual([...authored].sort());
    const figures = await page.locator('[data-catalog-figure]').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-catalog-figure')));
    expect(registeredFigures.length).toBeGreaterThan(10);
    expect(figures.sort()).toEqual([...registeredFigures].sort());
    // A declared input is listed with its range.
    const entry = page.locator('[data-catalog-figure="udp-vs-tcp/lanes"]');
    await expect(entry).toContainText('lossPercent');
    // A list input with its items' fields, in the order a link writes them.
    const friends = page.locator('[data-catalog-figure="simulcast/five-friends"] [data-catalog-list="friends"]');
    await expect(friends.locator('caption')).toContainText('linkKbps,window,minimized');
    await expect(friends.locator('tbody th')).toHaveText(['linkKbps', 'window', 'minimized']);
  });

  test('on /catalog every figure’s live inputs are exactly those it declares, with the declared defaults', async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto('/catalog');
    await loadEveryFigure(page);
    // Each loaded figure's store registers with the inputs layer; four figures keep no store at all (a fixed
    // table, two that show this server's live state, and the live mesh room), so they never report one.
    const waiting = '[data-catalog-figure]:has([data-inputs="waiting"])';
    await expect(page.locator(waiting)).toHaveCount(4, { timeout: 20_000 });
    expect((await page.locator(waiting).evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-catalog-figure')))).sort()).toEqual([
      'autoscaling/fleet',
      'gateway-and-guilds/live',
      'mesh-vs-sfu/corrections',
      'mesh-vs-sfu/live',
    ]);
    const differ = await page.locator('[data-catalog-figure]:has([data-inputs="differ"])').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-catalog-figure')));
    expect(differ).toEqual([]);
  });
});
