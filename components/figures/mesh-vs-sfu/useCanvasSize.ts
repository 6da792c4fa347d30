'use client';
import { useEffect, useState, type RefObject } from 'react';

/**
 * A square canvas's size in device pixels (from the CSS width of the content box of the element that holds it,
 * at most 2x), the device pixels to a CSS pixel it was drawn at (`cssPx`), and a counter that changes when the
 * theme does, so a canvas renderer knows when to re-read colours and redraw.
 */
export function useCanvasSize(canvasRef: RefObject<Element | null>): { sizeCss: number; sizePx: number; cssPx: number; themeVersion: number } {
  const [sizeCss, setSizeCss] = useState(0);
  const [themeVersion, setThemeVersion] = useState(0);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const resize = new ResizeObserver(([entry]) => setSizeCss(Math.round(entry.contentRect.width)));
    resize.observe(canvas);
    // Redraw when the theme flips (the theme switch changes attributes on <html>).
    const theme = new MutationObserver(() => setThemeVersion((v) => v + 1));
    theme.observe(document.documentElement, { attributes: true });
    const scheme = window.matchMedia('(prefers-color-scheme: dark)');
    const onScheme = () => setThemeVersion((v) => v + 1);
    scheme.addEventListener('change', onScheme);
    return () => {
      resize.disconnect();
      theme.disconnect();
      scheme.removeEventListener('change', onScheme);
    };
  }, [canvasRef]);

  const dpr = typeof window === 'undefined' ? 1 : Math.min(window.devicePixelRatio || 1, 2);
  const sizePx = Math.max(1, Math.round(sizeCss * dpr));
  return { sizeCss, sizePx, cssPx: sizeCss > 0 ? sizePx / sizeCss : dpr, themeVersion };
}
