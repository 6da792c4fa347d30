import { expect, test, type Browser, type Page } from '@playwright/test';
import { collectErrors } from './support/pages';
import { seriousViolations } from './support/axe';

/**
 * Classroom mode in real Chromium: the presentation and its keys, the speaker-notes window, and a class
 * followed by two other browsers (separate contexts, as separate phones would be) over the real /ws.
 * Follow latency is measured (instructor's input to each follower's page changing) and reported as an
 * annotation, not asserted: times are figures, not test conditions.
 */

test.describe.configure({ mode: 'serial' });
test.setTimeout(120_000);

const CHAPTER = 'gateway-and-guilds';
const FANOUT = `${CHAPTER}/fanout`;

async function presenter(browser: Browser, hash = '') {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  await page.goto(`/present/${CHAPTER}${hash}`);
  await expect(page.locator('html[data-present-keys="on"]')).toBeAttached();
  return page;
}

async function startClass(page: Page): Promise<string> {
  await page.locator('[data-control="class"]').click();
  await page.locator('[data-control="start-class"]').click();
  const code = await page.locator('[data-class-code]').getAttribute('data-class-code');
  expect(code).toMatch(/^[A-Z2-9]{6}$/);
  await expect(page.locator('svg[data-qr]')).toBeVisible();
  await page.locator('[data-control="close-panel"]').click();
  return code!;
}

async function follower(browser: Browser, code: string) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(`/follow/${code}`);
  await page.waitForURL(new RegExp(`/follow/${code}/${CHAPTER}$`));
  await expect(page.locator('[data-follow-mode="following"]')).toBeVisible();
  return page;
}

/** Records, in the page, when its position or a slider's value changes (wall-clock ms, same clock as the test). */
async function watchChanges(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { changes: { what: string; at: number }[] };
    w.changes = [];
    const now = () => performance.timeOrigin + performance.now();
    new MutationObserver(() => {
      const root = document.querySelector<HTMLElement>('[data-follow]');
      const online = document.querySelector<HTMLInputElement>('[data-current] input[data-control="online"]');
      const what = `${root?.dataset.position}|${online?.value ?? ''}`;
      if (w.changes.at(-1)?.what !== what) w.changes.push({ what, at: now() });
    }).observe(document.body, { subtree: true, attributes: true, childList: true, characterData: true });
  });
}

async function changedAt(page: Page, includes: string): Promise<number> {
  await expect.poll(() => page.evaluate((s) => (window as unknown as { changes: { what: string }[] }).changes.some((c) => c.what.includes(s)), includes)).toBe(true);
  return page.evaluate((s) => (window as unknown as { changes: { what: string; at: number }[] }).changes.find((c) => c.what.includes(s))!.at, includes);
}

test('presents a chapter scene by scene: arrows step, b blanks, Esc goes back to reading, p on a chapter comes here', async ({ page }) => {
  await page.goto(`/learn/${CHAPTER}`);
  await expect(page.locator('html[data-chapter-keys="on"]')).toBeAttached();
  await page.keyboard.press('p');
  await page.waitForURL(`**/present/${CHAPTER}`);
  await expect(page.locator('html[data-present-keys="on"]')).toBeAttached();
  const root = page.locator('[data-present]');
  await expect(page.locator('[data-current]')).toHaveAttribute('data-scene-kind', 'title');
  await page.keyboard.press('ArrowRight');
  await expect(root).toHaveAttribute('data-position', '1.0');
  await expect(page.locator('[data-current] [data-line]:visible')).toHaveCount(1);
  await page.keyboard.press('Space');
  await expect(root).toHaveAttribute('data-position', '1.1');
  await expect(page.locator('[data-current] [data-line]:visible')).toHaveCount(2);
  await expect(page).toHaveURL(/#2\.2$/);
  await page.keyboard.press('ArrowLeft');
  await expect(root).toHaveAttribute('data-position', '1.0');
  await page.keyboard.press('b');
  await expect(page.getByTestId('blank')).toBeVisible();
  await page.keyboard.press('b');
  await expect(page.getByTestId('blank')).toBeHidden();
  // A figure scene loads the figure's code only when it is shown.
  expect(await page.locator(`[data-figure="${FANOUT}"] [data-figure-state="live"]`).count()).toBe(0);
  await page.goto(`/present/${CHAPTER}#5`);
  await expect(page.locator('[data-current]')).toHaveAttribute('data-scene-kind', 'figure');
  await expect(page.locator(`[data-current] [data-figure-state="live"]`)).toBeVisible({ timeout: 20_000 });
  await page.keyboard.press('Escape');
  await page.waitForURL(`**/learn/${CHAPTER}#figure-gateway-and-guilds-fanout`);
});

test('opens speaker notes in a second window that follows the presentation and can step it', async ({ browser }) => {
  const page = await presenter(browser, '#2');
  const [notes] = await Promise.all([page.context().waitForEvent('page'), page.keyboard.press('n')]);
  await notes.waitForLoadState();
  await expect(notes.locator('[data-notes-scene="1"]')).toBeVisible();
  await expect(notes.getByRole('heading', { name: /^Dialogue \(2 lines\): Voice goes over UDP/ })).toBeVisible();
  // The chapter's prose after the dialogue is the notes: the presenter says it rather than shows it.
  await expect(notes.getByRole('region', { name: 'From the chapter' })).toContainText('One connection per open app');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(notes.locator('[data-notes-scene="2"]')).toBeVisible();
  await notes.keyboard.press('ArrowLeft');
  await expect(page.locator('[data-present]')).toHaveAttribute('data-position', '1.1');
  await page.context().close();
});

test('a class: two followers get each beat and each slider move, can break away and snap back, and survive the instructor reloading', async ({ browser }) => {
  const instructor = await presenter(browser, '#2');
  const code = await startClass(instructor);
  const a = await follower(browser, code);
  const b = await follower(browser, code);
  await expect(instructor.locator('[data-control="class"]')).toContainText('2 following');
  for (const f of [a, b]) await expect(f.locator('[data-follow]')).toHaveAttribute('data-position', `${CHAPTER}.1.0`);

  // A beat.
  for (const f of [a, b]) await watchChanges(f);
  const beatAt = Date.now();
  await instructor.keyboard.press('ArrowRight');
  const beat = [await changedAt(a, `${CHAPTER}.1.1|`), await changedAt(b, `${CHAPTER}.1.1|`)].map((t) => Math.round(t - beatAt));

  // A slider on the fan-out figure (the fifth scene): the followers' figures load and take the instructor's value.
  await instructor.goto(`/present/${CHAPTER}#5`);
  await expect(instructor.locator('[data-control="class"]')).toContainText('2 following'); // reattached after the navigation
  const slider = instructor.locator('[data-current] input[data-control="online"]');
  await expect(slider).toBeVisible({ timeout: 20_000 });
  for (const f of [a, b]) await expect(f.locator('[data-current] input[data-control="online"]')).toBeVisible({ timeout: 20_000 });
  for (const f of [a, b]) await watchChanges(f);
  const before = Number(await slider.inputValue());
  await slider.focus();
  const slideAt = Date.now();
  await instructor.keyboard.press('ArrowRight');
  const want = String(before + 1);
  const slide = [await changedAt(a, `|${want}`), await changedAt(b, `|${want}`)].map((t) => Math.round(t - slideAt));
  for (const f of [a, b]) await expect(f.locator('[data-current] input[data-control="online"]')).toHaveValue(want);
  test.info().annotations.push({ type: 'follow latency (ms)', description: `beat ${beat.join(', ')}; slider ${slide.join(', ')}` });
  console.log(`follow latency: beat ${beat.join(', ')} ms; slider ${slide.join(', ')} ms`);

  // Follower a breaks away by moving a control; b keeps following.
  await a.locator('[data-current] input[data-control="members"]').focus();
  await a.keyboard.press('ArrowLeft');
  await expect(a.locator('[data-follow-mode="exploring"]')).toBeVisible();
  await instructor.locator('body').click({ position: { x: 5, y: 5 } });
  await instructor.keyboard.press('ArrowLeft');
  await expect(b.locator('[data-follow]')).toHaveAttribute('data-position', `${CHAPTER}.3.1`);
  await expect(a.locator('[data-follow]')).toHaveAttribute('data-position', `${CHAPTER}.4.0`);
  await a.locator('[data-control="snap-back"]').click();
  await expect(a.locator('[data-follow-mode="following"]')).toBeVisible();
  await expect(a.locator('[data-follow]')).toHaveAttribute('data-position', `${CHAPTER}.3.1`);

  // The instructor reloads: the class goes on.
  await instructor.reload();
  await expect(instructor.locator('[data-control="class"]')).toContainText(`${code.slice(0, 3)} ${code.slice(3)}`);
  await expect(instructor.locator('[data-control="class"]')).toContainText('2 following');
  await instructor.keyboard.press('ArrowRight');
  for (const f of [a, b]) await expect(f.locator('[data-follow]')).toHaveAttribute('data-position', `${CHAPTER}.4.0`);
  await expect(a.locator(`[data-current] input[data-control="online"]`)).toHaveValue(want);

  // The instructor ends the class.
  await instructor.locator('[data-control="class"]').click();
  await instructor.locator('[data-control="end-class"]').click();
  for (const f of [a, b]) await expect(f.locator('[data-follow-mode="ended"]')).toBeVisible();
  const late = await (await browser.newContext()).newPage();
  await late.goto(`/follow/${code}`);
  await expect(late.locator('[data-follow-error="ended"]')).toContainText('has ended');
});

test('a wrong code, and something that is not a code, get a clear page', async ({ page }) => {
  await page.goto('/follow/ZZZ999');
  await expect(page.locator('[data-follow-error="unknown-code"]')).toContainText('There is no class ZZZ 999');
  await page.goto('/follow/not-a-code');
  await expect(page.locator('[data-follow-error="bad-code"]')).toContainText('That is not a class code');
});

test('the gateway chapter shows this page as a session in a real fan-out: frames, resume, waves and deflate savings', async ({ browser }) => {
  const open = async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`/learn/${CHAPTER}`);
    const figure = page.locator(`figure[data-figure="${CHAPTER}/live"]`);
    await figure.scrollIntoViewIfNeeded();
    await expect(figure.locator('[data-gateway-phase="ready"]')).toBeVisible({ timeout: 20_000 });
    return { page, figure };
  };
  const one = await open();
  const two = await open();
  // Both readers are sessions of the site guild; the server's numbers arrive as SITE_STATS dispatches.
  for (const { figure } of [one, two]) {
    await expect.poll(async () => Number(await figure.getByTestId('live-gateway').getAttribute('data-sessions')), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
  }
  const frames = (figure: typeof one.figure) => figure.getByTestId('frames');
  await expect(frames(one.figure).locator('tr[data-op="10"]').or(frames(one.figure).locator('tr[data-op="0"]')).first()).toBeAttached();

  // A wave from one reader is fanned out to the other.
  await one.figure.locator('[data-control="wave"]').click();
  await expect(frames(two.figure).getByText('WAVE')).toBeVisible();

  // Dropping the connection: the page resumes (op 6 out) and the server replays, then says RESUMED.
  await two.figure.locator('[data-control="drop"]').click();
  await expect(frames(two.figure).locator('tr[data-op="6"][data-direction="out"]')).toBeAttached({ timeout: 15_000 });
  await expect(frames(two.figure).getByText('RESUMED')).toBeVisible();

  // Bytes measured on this connection: permessage-deflate sent fewer than the same frames uncompressed.
  const deflate = one.figure.getByTestId('deflate');
  await expect.poll(async () => Number(await deflate.getAttribute('data-wire')), { timeout: 15_000 }).toBeGreaterThan(0);
  const wire = Number(await deflate.getAttribute('data-wire'));
  const uncompressed = Number(await deflate.getAttribute('data-uncompressed'));
  expect(wire).toBeLessThan(uncompressed);
  test.info().annotations.push({ type: 'deflate (bytes)', description: `${wire} on the wire vs ${uncompressed} uncompressed` });
  console.log(`deflate on one reader's connection: ${wire} bytes on the wire vs ${uncompressed} uncompressed (${Math.round((1 - wire / uncompressed) * 100)} % saved)`);
});

test('from the presentation one click opens a fresh room for the class with its own QR code; followers get a way in, bots fill it', async ({ browser }) => {
  const instructor = await presenter(browser, '#2');
  const code = await startClass(instructor);
  const a = await follower(browser, code);
  await instructor.locator('[data-control="room"]').click();
  await instructor.locator('[data-control="open-room"]').click();
  const roomId = await instructor.locator('[data-room]').getAttribute('data-room');
  expect(roomId).toMatch(new RegExp(`^class-${code.toLowerCase()}-`));
  await expect(instructor.locator(`svg[data-qr$="/room/${roomId}"]`)).toBeVisible();
  await expect(a.locator('[data-control="join-class-room"]')).toHaveAttribute('href', `/room/${roomId}`);
  await instructor.locator('[data-control="join-viewer"]').click();
  await expect(instructor.locator('[data-room-phase="joined"]')).toBeVisible();
  await instructor.locator('[data-control="add-bot"]').click();
  await instructor.locator('[data-control="add-bot"]').click();
  await expect.poll(async () => ((await (await instructor.request.get(`/api/rooms/${roomId}/stats`)).json()) as { bots: number }).bots).toBe(2);
});

test('followers go with the instructor into the next chapter', async ({ browser }) => {
  const instructor = await presenter(browser, '#end');
  const code = await startClass(instructor);
  const a = await follower(browser, code);
  await instructor.keyboard.press('ArrowRight');
  await instructor.waitForURL('**/present/autoscaling');
  await expect(instructor.locator('[data-control="class"]')).toContainText('1 following');
  await a.waitForURL(new RegExp(`/follow/${code}/autoscaling$`));
  await expect(a.locator('[data-follow]')).toHaveAttribute('data-position', 'autoscaling.0.0');
  // And back: to the previous chapter's last line.
  await instructor.keyboard.press('ArrowLeft');
  await instructor.waitForURL(`**/present/${CHAPTER}#*`);
  // The page reads its position from the hash once it has rendered: wait for it rather than read it at once.
  const last = '8.1';
  await expect(instructor.locator('[data-present]')).toHaveAttribute('data-position', last);
  await a.waitForURL(new RegExp(`/follow/${code}/${CHAPTER}$`));
  await expect(a.locator('[data-follow]')).toHaveAttribute('data-position', `${CHAPTER}.${last}`);
});

for (const path of ['/present', `/present/${CHAPTER}`, `/present/${CHAPTER}#5`, `/present/${CHAPTER}/notes`, '/follow/ZZZ999']) {
  test(`${path} has no console errors or serious accessibility violations, in light and dark`, async ({ page }) => {
    const errors = collectErrors(page);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      // Loaded afresh in each scheme (a reload, since a goto to the same address with a #hash would only scroll).
      if (scheme === 'light') await page.goto(path);
      else await page.reload();
      if (path.endsWith('#5')) await expect(page.locator('[data-current] [data-figure-state="live"]')).toBeVisible({ timeout: 20_000 });
      if (path.startsWith('/follow')) await expect(page.locator('[data-follow-error]')).toBeVisible();
      expect(await seriousViolations(page, scheme)).toEqual([]);
    }
    expect(errors).toEqual([]);
  });
}

test('a presented chapter fits a 360 px phone, title and figure scenes alike', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  for (const path of [`/present/${CHAPTER}`, `/present/${CHAPTER}#5`]) {
    await page.goto('/');
    await page.goto(path);
    await expect(page.locator('[data-current]')).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  }
});
