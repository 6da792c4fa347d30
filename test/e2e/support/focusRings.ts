import { expect, type Page } from '@playwright/test';

/** What a keyboard reaches in a figure. */
export const CONTROL = 'input, button, select, textarea, audio, summary, a[href], [tabindex="0"]';

export interface Ring {
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
export async function focusRings(page: Page): Promise<Ring[]> {
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

export function contrast(a: number[], b: number[]): number {
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

/**
 * Every control in the page's figures shows a focus ring at least 2 px wide with 3:1 contrast against the colours on
 * both sides of it (WCAG 2.4.13), in the colour scheme the page shows now: the controls that do not, one line each
 * starting with `scheme`. The page must have controls in its figures (else nothing was checked).
 */
export async function faintFocusRings(page: Page, scheme: string): Promise<string[]> {
  const rings = await focusRings(page);
  expect(rings.length, `${scheme}: controls in the figures`).toBeGreaterThan(0);
  return rings
    .filter((r) => r.style === 'none' || r.width < 2 || contrast(r.ring, r.inner) < 3 || contrast(r.ring, r.outer) < 3)
    .map((r) => `${scheme}: ${r.control}: ${r.style} ${r.width}px, ${contrast(r.ring, r.inner).toFixed(2)}:1 inside, ${contrast(r.ring, r.outer).toFixed(2)}:1 outside`);
}
