'use client';
import { useLayoutEffect, useRef, useState } from 'react';

/**
 * An element's content width in CSS pixels, kept up to date as it changes. A chart that uses it as its viewBox
 * width draws its text at the text's CSS size, from a 360 px phone to a laptop. Measured before the first paint;
 * `fallback` is the width until then (and where ResizeObserver is missing).
 */
export function useMeasuredWidth<T extends Element>(fallback: number) {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    setWidth(element.getBoundingClientRect().width);
    if (!('ResizeObserver' in window)) return;
    const observer = new ResizeObserver(([entry]) => setWidth(entry.contentRect.width));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}
