import { test, expect, type Locator, type Page } from '@playwright/test';
import { chapters, loadEveryFigure } from './support/pages';
import { liveFigure } from './support/figures';

/**
 * The figures by keyboard alone: a button that disables itself when pressed keeps the focus in its figure
 * (on the page body, the next arrow key would change chapter); arrow keys in a table that scrolls sideways
 * scroll it; and every control shows a focus ring with at least 3:1 contrast against the colours on both
 * sides of it (WCAG 2.4.13), measured from computed styles.
 */

const CONTROL = 'input, button, select, textarea, audio, summary, a[href], [tabindex="0"]';

/** The focused element is a control inside `figure` (not the body, not another figure). */
async function expectFocusIn(page: Page, figure: Locator, what: string) {
  const name = await figure.getAttribute('data-figure');
  const focus = await page.evaluate((selector) => {
    const active = document.activeElement;
    return {
      figure: active?.closest('figure[data-figure]')?.getAttribute('data-figure') ?? null,
      control: active instanceof Element && active.matches(selector),
      tag: active?.tagName ?? null,
    };
  }, CONTROL);
  expect(focus, what).toEqual({ figure: name, control: true, tag: expect.any(String) });
}

/** After a stray arrow key, the page is still the chapter it was. */
async function expectArrowStaysOnChapter(page: Page, slug: string) {
  await page.keyboard.press('ArrowRight');
  // A navigation would start within this time.
  await page.waitForTimeout(500);
  await expect(page).toHaveURL(new RegExp(`/learn/${slug}$`));
}

test.describe('buttons that disable themselves keep the focus in their figure', () => {
  test('"Stop" in "Hear it" hands the focus back to the play button it stopped', async ({ page }) => {
    await page.goto('/learn/udp-vs-tcp');
    const figure = await liveFigure(page, 'udp-vs-tcp/hear-it');
    const play = figure.locator('[data-control="hear-play-tcp"]');
    await play.focus();
    await page.keyboard.press('Enter');
    await expect(figure.locator('[data-playing]')).toHaveAttribute('data-playing', 'tcp');
    const stop = figure.locator('[data-control="hear-stop"]');
    await stop.focus();
    await page.keyboard.press('Enter');
    await expect(figure.locator('[data-playing]')).toHaveAttribute('data-playing', '');
    await expect(play).toBeFocused();
    await expect(stop).toHaveAttribute('aria-disabled', 'true');
    await expectArrowStaysOnChapter(page, 'udp-vs-tcp');
  });

  test('"Stop" keeps the focus when the clip ends by itself', async ({ page }) => {
    // The clip's audio waits for the test's word to start, then plays its last half second and ends by itself
    // (its source node's own 'ended' event, as at the end of the whole clip): the test waits 0.5 s, not the 8 s
    // of the clip, and the focus is on Stop before the end comes.
    await page.addInitScript(() => {
      const start = AudioBufferSourceNode.prototype.start;
      AudioBufferSourceNode.prototype.start = function (this: AudioBufferSourceNode) {
        (window as unknown as { playClipEnd: () => void }).playClipEnd = () => start.call(this, 0, Math.max(0, (this.buffer?.duration ?? 0) - 0.5));
      };
    });
    await page.goto('/learn/udp-vs-tcp');
    const figure = await liveFigure(page, 'udp-vs-tcp/hear-it');
    await figure.locator('[data-control="hear-play-original"]').click();
    await expect(figure.locator('[data-playing]')).toHaveAttribute('data-playing', 'original');
    const stop = figure.locator('[data-control="hear-stop"]');
    await stop.focus();
    await page.evaluate(() => (window as unknown as { playClipEnd: () => void }).playClipEnd());
    await expect(figure.locator('[data-playing]')).toHaveAttribute('data-playing', '', { timeout: 20_000 });
    await expect(stop).toBeFocused();
    await expectFocusIn(page, figure, 'after the clip ended');
  });

  test('"Use my microphone" in the voice activity chapter keeps the focus while it asks and while it runs', async ({ page }) => {
    await page.goto('/learn/voice-activity');
    const figure = await liveFigure(page, 'voice-activity/clip');
    const button = figure.locator('[data-control="vad-microphone"]');
    await button.focus();
    await page.keyboard.press('Enter');
    await expect(figure.locator('[data-mic-status]')).toHaveAttribute('data-mic-status', 'running');
    await expect(button).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(figure.locator('[data-mic-status]')).not.toHaveAttribute('data-mic-status', 'running');
    await expect(button).toBeFocused();
    await expectArrowStaysOnChapter(page, 'voice-activity');
  });

  for (const [control, running] of [
    ['play-clip', 'clip'],
    ['microphone', 'microphone'],
  ] as const) {
    test(`the denoiser's "${control}" button keeps the focus while RNNoise loads and after`, async ({ page }) => {
      await page.goto('/learn/noise-suppression');
      const figure = await liveFigure(page, 'noise-suppression/denoiser');
      const denoiser = figure.getByTestId('denoiser');
      const button = figure.locator(`[data-control="${control}"]`);
      await button.focus();
      await page.keyboard.press('Enter');
      await expect(denoiser).toHaveAttribute('data-status', running, { timeout: 20_000 });
      await expect(button).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(denoiser).toHaveAttribute('data-status', 'idle');
      await expect(button).toBeFocused();
      await expectArrowStaysOnChapter(page, 'noise-suppression');
    });
  }
});

test('arrow keys in a table that scrolls sideways scroll it instead of changing chapter', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 780 });
  // The mesh chapter has a chapter before and after it, so a stray arrow in either direction would navigate.
  await page.goto('/learn/mesh-vs-sfu');
  const figure = await liveFigure(page, 'mesh-vs-sfu/room');
  await expect(page.locator('html')).toHaveAttribute('data-chapter-keys', 'on');
  await figure.locator('details.figure-data summary').click();
  const region = figure.locator('details.figure-data .table-scroll');
  expect(await region.evaluate((e) => e.scrollWidth - e.clientWidth)).toBeGreaterThan(0);
  await region.focus();
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => region.evaluate((e) => e.scrollLeft)).toBeGreaterThan(0);
  await page.keyboard.press('ArrowLeft');
  await expect.poll(() => region.evaluate((e) => e.scrollLeft)).toBe(0);
  await page.waitForTimeout(500);
  await expect(page).toHaveURL(/\/learn\/mesh-vs-sfu$/);
});

interface Ring {
  control: string;
  style: string;
  width: number;
  ring: number[];
  inner: number[];
  outer: number[];
}

/**
 * Focuses each control a keyboard reaches in the figures (of a radio group, the checked option) and reads its
 * focus ring from computed styles: the ring's colour, and the colours on either side of it. With the ring
 * outside the element (a positive outline-offset) both sides show what is behind the element; drawn inside
 * (negative offset, the segmented options), the inner side is the element's own fill or inset halo.
 * Colours are resolved by painting them on a canvas, so any CSS colour syntax works, and composited over
 * what is behind when translucent.
 */
async function focusRings(page: Page): Promise<Ring[]> {
  // Keyboard modality, so programmatic focus shows :focus-visible as Tab would.
  await page.keyboard.press('Tab');
  return page.evaluate((selector) => {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 1;
    const context = canvas.getContext('2d', { willReadFrequently: true })!;
    const rgba = (css: string): number[] => {
      context.clearRect(0, 0, 1, 1);
      context.fillStyle = '#000';
      context.fillStyle = css;
      context.fillRect(0, 0, 1, 1);
      const [r, g, b, a] = context.getImageData(0, 0, 1, 1).data;
      return [r, g, b, a / 255];
    };
    const over = (top: number[], below: number[]) => [0, 1, 2].map((i) => top[i] * top[3] + below[i] * (1 - top[3])).concat(1);
    const background = (element: Element | null): number[] => {
      const layers: number[][] = [];
      for (let e = element; e; e = e.parentElement) {
        const colour = rgba(getComputedStyle(e).backgroundColor);
        if (colour[3] > 0) layers.push(colour);
        if (colour[3] >= 1) break;
      }
      return layers.reduceRight((below, top) => over(top, below), [255, 255, 255, 1]);
    };
    const insetShadow = (element: Element): { colour: number[]; spread: number } | null => {
      const shadow = getComputedStyle(element).boxShadow;
      const match = /(rgba?\([^)]*\)|color\([^)]*\)|#[0-9a-f]+)\s+0px\s+0px\s+0px\s+(\d+(?:\.\d+)?)px\s+inset/i.exec(shadow);
      return match ? { colour: rgba(match[1]), spread: parseFloat(match[2]) } : null;
    };

    const controls = [...document.querySelectorAll<HTMLElement>(`figure[data-figure] :is(${selector})`)].filter((element) => {
      if (element instanceof HTMLInputElement && element.type === 'radio' && !element.checked) return false;
      if (element.closest('details:not([open])') && element.tagName !== 'SUMMARY') return false;
      const box = element.getBoundingClientRect();
      return box.width > 0 && box.height > 0;
    });
    return controls.map((element) => {
      element.focus({ preventScroll: true });
      const label = `${element.closest('figure')!.getAttribute('data-figure')} ${element.getAttribute('data-control') ?? element.outerHTML.slice(0, 50)}`;
      let ringElement: Element = element;
      if (getComputedStyle(element).outlineStyle === 'none' && element.closest('label')) ringElement = element.closest('label')!;
      const style = getComputedStyle(ringElement);
      const offset = parseFloat(style.outlineOffset);
      const outer = background(ringElement.parentElement);
      let inner = outer;
      if (offset < 0) {
        const halo = insetShadow(ringElement);
        inner = halo && halo.spread > -offset ? over(halo.colour, background(ringElement)) : background(ringElement);
      }
      const ring = over(rgba(style.outlineColor), outer);
      return { control: label, style: style.outlineStyle, width: parseFloat(style.outlineWidth), ring, inner, outer };
    });
  }, CONTROL);
}

function contrast(a: number[], b: number[]): number {
  const luminance = (c: number[]) => {
    const [r, g, bl] = c.slice(0, 3).map((v) => {
      const s = v / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

test.describe('every control in every figure shows a focus ring with 3:1 contrast on both sides', () => {
  for (const chapter of chapters) {
    test(`chapter "${chapter.slug}", light and dark`, async ({ page }) => {
      await page.goto(`/learn/${chapter.slug}`);
      await loadEveryFigure(page);
      // The theme follows the system setting live, so one load serves both.
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        const rings = await focusRings(page);
        expect(rings.length).toBeGreaterThan(0);
        const faint = rings
          .filter((r) => r.style === 'none' || r.width < 2 || contrast(r.ring, r.inner) < 3 || contrast(r.ring, r.outer) < 3)
          .map(
            (r) =>
              `${scheme}: ${r.control}: ${r.style} ${r.width}px, ${contrast(r.ring, r.inner).toFixed(2)}:1 inside, ${contrast(r.ring, r.outer).toFixed(2)}:1 outside`,
          );
        expect(faint).toEqual([]);
      }
    });
  }

  test('the check has teeth: the old ring on a selected segmented option fails it', () => {
    // #2563eb on #4654d8 (light) and #93c5fd on #8b95ff (dark), as issue 14 measured them.
    expect(contrast([0x25, 0x63, 0xeb, 1], [0x46, 0x54, 0xd8, 1])).toBeLessThan(3);
    expect(contrast([0x93, 0xc5, 0xfd, 1], [0x8b, 0x95, 0xff, 1])).toBeLessThan(3);
  });
});
