'use client';
import { useEffect, useRef, useState } from 'react';

/** How long a value must stay put before what follows it catches up: longer than a frame of a drag. */
export const SETTLE_MS = 150;
/** However often the value keeps changing, what follows it catches up at least this often. */
export const SETTLE_MAX_WAIT_MS = 1000;

/**
 * `value` once it has stopped changing for SETTLE_MS (the first value at once; during a change that never
 * stops, at least every SETTLE_MAX_WAIT_MS). For what need not follow every step of a drag: a figure's summary
 * sentence, its data table, its secondary charts. While the reader drags a slider they are not rendered at all
 * (useDeferredValue would still render them between frames, and on a slow CPU a drag leaves no time between
 * frames), and a screen reader's live region announces the value the reader stopped at, not every step on the
 * way. A key press or a click updates them a moment later.
 *
 * `equal` says when two values are the same (default Object.is): pass a content comparison when the caller
 * builds a new object each render, or memoise the value.
 */
export function useSettled<T>(value: T, equal: (a: T, b: T) => boolean = Object.is): T {
  const [settled, setSettled] = useState(value);
  const changingSince = useRef<number | null>(null);
  const same = equal(value, settled);
  useEffect(() => {
    if (same) {
      changingSince.current = null;
      return;
    }
    const now = performance.now();
    changingSince.current ??= now;
    const wait = Math.max(0, Math.min(SETTLE_MS, changingSince.current + SETTLE_MAX_WAIT_MS - now));
    const timer = setTimeout(() => {
      changingSince.current = null;
      setSettled(() => value);
    }, wait);
    return () => clearTimeout(timer);
  }, [value, same]);
  return settled;
}
