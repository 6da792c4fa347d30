'use client';
import { useCallback, useEffect, useLayoutEffect, useRef, type DependencyList, type RefObject } from 'react';

/** What a drawing gets: a context already scaled so one unit is one CSS pixel, and the box's CSS size. */
export interface CanvasFrame {
  ctx: CanvasRenderingContext2D;
  /** The canvas's CSS width and height in px. */
  width: number;
  height: number;
  /** A CSS custom property of the canvas (its theme colours: `colour('--accent')`), read once per draw. */
  colour: (property: string, fallback?: string) => string;
}

export interface Canvas {
  ref: RefObject<HTMLCanvasElement | null>;
  /** Asks for a redraw in the next animation frame (several asks in one frame draw once). */
  redraw: () => void;
}

/** Device pixels per CSS pixel drawn: the screen's ratio (a zoomed page's included), at least 1. */
function pixelRatio(): number {
  return Math.max(1, window.devicePixelRatio || 1);
}

/**
 * A drawing on a canvas that keeps what an SVG drawing gives for free: crisp at the screen's pixel ratio
 * (the backing store follows the CSS box times devicePixelRatio, also when the reader zooms or moves the
 * window to another screen), the theme's colours (read from custom properties at each draw, and redrawn when
 * the theme switch or the system's dark mode flips), and one draw per animation frame however often it is
 * asked. The canvas keeps its role="img" and aria-label, and the figure its data table, in the caller.
 *
 * `draw` runs in requestAnimationFrame after mount, after every render in which `deps` changed, on resize,
 * on a pixel ratio or theme change, and when `redraw()` is called: a figure that moves every frame can
 * keep its state in refs and call redraw() from its own loop, so React does not render per frame at all.
 */
export function useCanvas(draw: (frame: CanvasFrame) => void, deps: DependencyList): Canvas {
  const ref = useRef<HTMLCanvasElement>(null);
  const drawRef = useRef(draw);
  const schedule = useRef<() => void>(() => {});
  useLayoutEffect(() => {
    drawRef.current = draw;
  });

  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    let frame = 0;
    let width = 0;
    let height = 0;
    const paint = () => {
      frame = 0;
      if (width === 0 || height === 0) return;
      const ratio = pixelRatio();
      const pixelsWide = Math.round(width * ratio);
      const pixelsHigh = Math.round(height * ratio);
      if (canvas.width !== pixelsWide || canvas.height !== pixelsHigh) {
        canvas.width = pixelsWide;
        canvas.height = pixelsHigh;
      }
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      ctx.setTransform(pixelsWide / width, 0, 0, pixelsHigh / height, 0, 0);
      ctx.clearRect(0, 0, width, height);
      const style = getComputedStyle(canvas);
      const colours = new Map<string, string>();
      const colour = (property: string, fallback = '#888') => {
        let value = colours.get(property);
        if (value === undefined) {
          value = style.getPropertyValue(property).trim() || fallback;
          colours.set(property, value);
        }
        return value;
      };
      drawRef.current({ ctx, width, height, colour });
    };
    const request = () => {
      if (frame === 0) frame = requestAnimationFrame(paint);
    };
    schedule.current = request;

    // The content box: a canvas draws inside its border and padding.
    const measure = () => {
      const style = getComputedStyle(canvas);
      const box = canvas.getBoundingClientRect();
      const sum = (...names: string[]) => names.reduce((total, name) => total + (parseFloat(style.getPropertyValue(name)) || 0), 0);
      width = box.width - sum('border-left-width', 'border-right-width', 'padding-left', 'padding-right');
      height = box.height - sum('border-top-width', 'border-bottom-width', 'padding-top', 'padding-bottom');
      request();
    };
    measure();
    const resize =
      'ResizeObserver' in window
        ? new ResizeObserver(([entry]) => {
            const size = entry.contentBoxSize?.[0];
            width = size ? size.inlineSize : entry.contentRect.width;
            height = size ? size.blockSize : entry.contentRect.height;
            request();
          })
        : null;
    resize?.observe(canvas);
    const theme = new MutationObserver(request);
    theme.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    const dark = window.matchMedia('(prefers-color-scheme: dark)');
    dark.addEventListener('change', request);
    // A media query that stops matching when the pixel ratio changes; re-armed at each change.
    let ratioQuery: MediaQueryList | null = null;
    const onRatio = () => {
      ratioQuery?.removeEventListener('change', onRatio);
      ratioQuery = window.matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
      ratioQuery.addEventListener('change', onRatio);
      request();
    };
    onRatio();
    return () => {
      cancelAnimationFrame(frame);
      schedule.current = () => {};
      resize?.disconnect();
      theme.disconnect();
      dark.removeEventListener('change', request);
      ratioQuery?.removeEventListener('change', onRatio);
    };
  }, []);

  useEffect(() => {
    schedule.current();
    // The caller's dependencies decide when its drawing is stale.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  const redraw = useCallback(() => schedule.current(), []);
  return { ref, redraw };
}

/** A rounded rectangle path (ctx.roundRect where the browser has it). */
export function roundedRect(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, r: number) {
  if (typeof ctx.roundRect === 'function') ctx.roundRect(x, y, w, h, Math.min(r, w / 2, h / 2));
  else ctx.rect(x, y, w, h);
}
