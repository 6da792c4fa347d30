import { test, expect, type ElementHandle, type Locator, type Page } from '@playwright/test';
import { chapters, loadEveryFigure, waitForHydration } from './support/pages';
import { chapterFigures, liveFigure } from './support/figures';

/**
 * Figures on a phone and on a projector. On a 360 x 780 phone, the drawing a control changes is on screen
 * while the reader uses that control (components/figures/Workbench.tsx keeps the stage in view while the
 * controls scroll beneath it). At 1920 x 1080, figure text has grown with the prose to at least 16 px.
 */

/** How many lines an element's text takes. */
function lineCount(element: Locator): Promise<number> {
  return element.evaluate((e) => {
    const range = document.createRange();
    range.selectNodeContents(e);
    return new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
  });
}

const PHONE = { viewport: { width: 360, height: 780 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** The controls a keyboard reaches in a workbench: of a radio group only the checked option. */
const WORKBENCH_CONTROLS = '.workbench :is(input:not([type="radio"]), input[type="radio"]:checked, button, select, audio, [tabindex="0"])';

interface Geometry {
  stage: { top: number; bottom: number };
  control: { top: number; bottom: number };
  viewport: number;
  /** The element the reader would touch at the control's centre is the control (not the stage over it). */
  reachable: boolean;
  inStage: boolean;
}

/**
 * One round trip to the page for one step of the walk. With a control: if it is still there and visible,
 * focus it (as reaching it by keyboard does), wait two frames (the figure re-renders, the stage re-measures
 * and scrolls itself into view) and measure it. Without one: wait two frames after a key press and measure
 * the control that has the focus now (the same one, or for a radio group the option the arrow moved to).
 */
function step(figure: ElementHandle<HTMLElement>, control: ElementHandle<HTMLElement> | null) {
  return figure.evaluate(async (figureElement, control) => {
    const visible = (e: Element) => {
      const box = e.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && getComputedStyle(e).visibility !== 'hidden';
    };
    if (control) {
      if (!control.isConnected || !visible(control)) return null;
      control.focus();
    }
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const element = (control ?? document.activeElement) as HTMLElement;
    const stageElement = figureElement.querySelector('[data-stage]')!;
    const s = stageElement.getBoundingClientRect();
    const c = element.getBoundingClientRect();
    const hit = document.elementFromPoint(c.left + c.width / 2, c.top + c.height / 2);
    const label = element.closest('label');
    const geometry = {
      stage: { top: s.top, bottom: s.bottom },
      control: { top: c.top, bottom: c.bottom },
      viewport: window.innerHeight,
      reachable: hit !== null && (element.contains(hit) || hit.contains(element) || (label !== null && label.contains(hit))),
      inStage: stageElement.contains(element),
    };
    return {
      geometry,
      what: element.dataset.control ?? element.outerHTML.slice(0, 60),
      kind: element instanceof HTMLInputElement ? element.type : element.tagName.toLowerCase(),
      inFigure: figureElement.contains(element),
    };
  }, control);
}

function expectTogetherOnScreen(g: Geometry, what: string) {
  expect(g.stage.top, `${what}: the drawing's top is on screen`).toBeGreaterThanOrEqual(-0.5);
  expect(g.stage.bottom, `${what}: the drawing's bottom is on screen`).toBeLessThanOrEqual(g.viewport + 0.5);
  expect(g.control.top, `${what}: the control's top is on screen`).toBeGreaterThanOrEqual(-0.5);
  expect(g.control.bottom, `${what}: the control's bottom is on screen`).toBeLessThanOrEqual(g.viewport + 0.5);
  if (!g.inStage) expect(g.control.top, `${what}: the control is below the drawing, not under it`).toBeGreaterThanOrEqual(g.stage.bottom - 0.5);
  expect(g.reachable, `${what}: nothing covers the control`).toBe(true);
}

/**
 * Reaches each control of a figure's workbench by keyboard and uses it with the keys a reader would press:
 * the drawing and the control stay on screen together, the control below the drawing and uncovered.
 * A figure without controls (a table, a live readout) has nothing to check. The controls are kept as
 * handles: using one may add or remove others (more servers, a camera layer), and each handle stays itself.
 */
async function expectDrawingOnScreenWhileControlsAreUsed(page: Page, name: string) {
  const figure = await liveFigure(page, name);
  // A figure with controls (beyond its data table and its link to itself) must lay them out in a workbench.
  if ((await figure.locator(':is(input, button, select):not(details *, .figure-link *)').count()) === 0) return;
  await expect(figure.locator('[data-stage]').first(), `${name}: the drawing sticks`).toHaveAttribute('data-sticky', 'true');
  const all = figure.locator(WORKBENCH_CONTROLS);
  const shown = await all.evaluateAll((elements) =>
    elements.map((e) => {
      const box = e.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && getComputedStyle(e).visibility !== 'hidden';
    }),
  );
  const controls = ((await all.elementHandles()) as ElementHandle<HTMLElement>[]).filter((_, i) => shown[i]);
  expect(controls.length, `${name}: controls in a workbench`).toBeGreaterThan(0);
  const figureHandle = (await figure.elementHandle()) as ElementHandle<HTMLElement>;
  for (const control of controls) {
    const reached = await step(figureHandle, control);
    if (!reached) continue;
    const what = `${name}: ${reached.what}`;
    expectTogetherOnScreen(reached.geometry, what);
    // Using it (the keys a reader would press) must not push either off the screen.
    if (reached.kind === 'range' || reached.kind === 'radio') await page.keyboard.press('ArrowRight');
    else if (reached.kind === 'checkbox') await page.keyboard.press('Space');
    else continue;
    const used = (await step(figureHandle, null))!;
    expect(used.inFigure, `${what} keeps the focus in the figure`).toBe(true);
    expectTogetherOnScreen(used.geometry, `${what}, after a key press`);
  }
}

test.describe('on a 360 x 780 phone', () => {
  test.use(PHONE);

  // One load of each chapter serves every figure in it, then the whole page's width.
  for (const chapter of chapters) {
    const names = chapterFigures(chapter.folder);
    test(`chapter "${chapter.slug}": each figure's drawing stays on screen while each of its controls is used (${names.join(', ')}), and the page does not scroll sideways even with every data table open`, async ({
      page,
    }) => {
      await page.goto(`/learn/${chapter.slug}`);
      for (const name of names) await expectDrawingOnScreenWhileControlsAreUsed(page, name);
      await loadEveryFigure(page);
      await page.evaluate(() => document.querySelectorAll<HTMLDetailsElement>('details').forEach((details) => (details.open = true)));
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    });
  }
});

/**
 * The size each piece of visible text in a figure is drawn at, in CSS px: its font size, times the scale of
 * the SVG it sits in (a chart's viewBox is stretched to the figure's width).
 */
async function figureTextSizes(page: Page): Promise<{ size: number; text: string; figure: string }[]> {
  return page.evaluate(() => {
    const sizes: { size: number; text: string; figure: string }[] = [];
    for (const figure of document.querySelectorAll<HTMLElement>('figure[data-figure]')) {
      const walker = document.createTreeWalker(figure, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const element = node.parentElement;
        const text = node.textContent?.trim() ?? '';
        if (!element || !text || element.closest('.visually-hidden, [hidden]')) continue;
        const rects = element.getClientRects();
        if (rects.length === 0 || rects[0].width === 0) continue;
        const style = getComputedStyle(element);
        if (style.visibility === 'hidden' || style.display === 'none') continue;
        let size = parseFloat(style.fontSize);
        if (element instanceof SVGGraphicsElement) {
          const matrix = element.getScreenCTM();
          if (matrix) size *= Math.hypot(matrix.a, matrix.b);
        }
        sizes.push({ size, text: text.slice(0, 40), figure: figure.dataset.figure ?? '' });
      }
    }
    return sizes;
  });
}

test.describe('on a 1920 x 1080 projector', () => {
  test.use({ viewport: { width: 1920, height: 1080 } });

  for (const chapter of chapters) {
    test(`chapter "${chapter.slug}": the smallest figure text is at least 16 px`, async ({ page }) => {
      await page.goto(`/learn/${chapter.slug}`);
      await loadEveryFigure(page);
      // Open tables count too.
      await page.evaluate(() => document.querySelectorAll<HTMLDetailsElement>('figure details').forEach((details) => (details.open = true)));
      const sizes = await figureTextSizes(page);
      expect(sizes.length).toBeGreaterThan(0);
      const small = sizes.filter(({ size }) => size < 16).map(({ size, text, figure }) => `${figure}: "${text}" at ${size.toFixed(1)} px`);
      expect(small).toEqual([]);
    });
  }

  test('figure text grows with the prose: bigger at 1920 px than on a phone', async ({ page }) => {
    const chapter = chapters[0];
    const smallest = async () => {
      await page.goto(`/learn/${chapter.slug}`);
      await loadEveryFigure(page);
      return Math.min(...(await figureTextSizes(page)).map(({ size }) => size));
    };
    const projector = await smallest();
    await page.setViewportSize({ width: 360, height: 780 });
    const phone = await smallest();
    expect(projector / phone).toBeGreaterThan(1.2);
  });

  test('the contents sidebar can be hidden with t and comes back with t, and the choice is remembered', async ({ page }) => {
    await page.goto(`/learn/${chapters[0].slug}`);
    await expect(page.locator('html')).toHaveAttribute('data-chapter-keys', 'on');
    const sidebar = page.locator('#contents');
    const main = page.locator('#main');
    await expect(sidebar).toBeVisible();
    const narrowMain = (await main.boundingBox())!.width;
    await page.keyboard.press('t');
    await expect(sidebar).toBeHidden();
    expect((await main.boundingBox())!.width).toBeGreaterThan(narrowMain);
    await expect(page.getByRole('button', { name: 'Contents' })).toHaveAttribute('aria-expanded', 'false');
    await page.reload();
    await expect(sidebar).toBeHidden();
    await expect(page.locator('html')).toHaveAttribute('data-chapter-keys', 'on');
    await page.keyboard.press('t');
    await expect(sidebar).toBeVisible();
    await expect(page.getByRole('button', { name: 'Hide contents' })).toHaveAttribute('aria-expanded', 'true');
  });

  test('"Join the live room" stays on one line in the sidebar', async ({ page }) => {
    await page.goto(`/learn/${chapters[0].slug}`);
    expect(await lineCount(page.locator('#contents').getByRole('link', { name: /Join the live room/ }))).toBe(1);
  });
});

test.describe('the contents drawer on a touch phone', () => {
  test.use(PHONE);

  test('shows no keyboard hints, and "Join the live room" on one line', async ({ page }) => {
    await page.goto(`/learn/${chapters[0].slug}`);
    await waitForHydration(page);
    await page.getByRole('button', { name: 'Contents' }).click();
    const drawer = page.locator('#contents');
    await expect(drawer).toBeVisible();
    for (const kbd of await drawer.locator('kbd').all()) await expect(kbd).toBeHidden();
    expect(await lineCount(drawer.getByRole('link', { name: /Join the live room/ }))).toBe(1);
  });

  test('footnote links and other small links are at least 24 x 24 px', async ({ page }) => {
    for (const chapter of chapters) {
      await page.goto(`/learn/${chapter.slug}`);
      const small = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('sup.cite a, .source-back, .toc-room a, .pager a')]
          .map((element) => ({ element, box: element.getBoundingClientRect() }))
          .filter(({ box }) => box.width > 0 && (box.width < 24 || box.height < 24))
          .map(({ element, box }) => `${element.textContent?.trim()}: ${box.width.toFixed(1)} x ${box.height.toFixed(1)}`),
      );
      expect(small, chapter.slug).toEqual([]);
    }
  });
});

/** Points of the marker label's box (in the chart's own units) that either saving line's stroke covers. */
function labelOnLines(figure: Locator): Promise<string[]> {
  return figure.locator('svg:has([data-marker-label])').evaluate((svg) => {
    const label = svg.querySelector<SVGTextElement>('[data-marker-label]')!;
    const box = label.getBBox();
    const lines = [...svg.querySelectorAll<SVGPathElement>('path')];
    const hits: string[] = [];
    for (let x = box.x; x <= box.x + box.width; x += 2)
      for (let y = box.y + 2; y <= box.y + box.height - 2; y += 2)
        for (const path of lines) if (path.isPointInStroke(new DOMPoint(x, y))) hits.push(`"${label.textContent}" at ${x.toFixed(0)},${y.toFixed(0)}`);
    return hits.slice(0, 3);
  });
}

for (const [screen, viewport] of [
  ['a phone', { width: 360, height: 780 }],
  ['a projector', { width: 1920, height: 1080 }],
] as const) {
  test(`on ${screen}, the VAD room chart's marker label sits clear of both saving lines at every room size`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await page.goto('/learn/voice-activity');
    const figure = await liveFigure(page, 'voice-activity/room');
    const people = figure.locator('[data-control="room-people"]');
    await people.focus();
    await page.keyboard.press('Home');
    expect(await labelOnLines(figure), 'fewest people').toEqual([]);
    for (let step = 0; step < 6; step++) {
      for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowRight');
      expect(await labelOnLines(figure), `${await people.inputValue()} people`).toEqual([]);
    }
    await page.keyboard.press('End');
    expect(await labelOnLines(figure), 'most people').toEqual([]);
    // Few people and many talking: the savings are small, the lines run low, the label goes above them.
    await page.keyboard.press('Home');
    await figure.locator('[data-control="room-speaking"]').focus();
    await page.keyboard.press('End');
    expect(await labelOnLines(figure), 'few people, many talking').toEqual([]);
  });
}
