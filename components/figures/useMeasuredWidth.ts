'use client';
import { useLayoutEffect, useRef, useState } from 'react';

/**
 * How much bigger than on a phone a figure is drawn: its --figure-unit (app/globals.css) over 16 px. 1 on a
 * phone, about 1.27 on a 1920 px projector, where the prose grows the same way.
 */
export function figureScale(element: Element): number {
  const unit = getComputedStyle(element).getPropertyValue('--figure-unit').trim();
  let px = parseFloat(unit);
  // Browsers without @property keep the declared "1rem".
  if (unit.endsWith('rem')) px *= parseFloat(getComputedStyle(document.documentElement).fontSize);
  return Number.isFinite(px) && px > 0 ? px / 16 : 1;
}

/**
 * An element's content width in figure units: CSS pixels divided by figureScale. A chart that uses it as its
 * viewBox width and sizes its text in viewBox units draws that text at its size times the figure scale: 13
 * units are 13 px on a phone and 16.5 px at 1920 px, growing with the prose. Measured before the first paint;
 * `fallback` is the width until then (and where ResizeObserver is missing).
 */
export function useMeasuredWidth<T extends Element>(fallback: number) {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setWidth(element.getBoundingClientRect().width / figureScale(element));
    measure();
    if (!('ResizeObserver' in window)) return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    // The scale follows the viewport width even where the element's width does not change.
    window.addEventListener('resize', measure);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', measure);
    };
  }, []);
  return [ref, width] as const;
}
