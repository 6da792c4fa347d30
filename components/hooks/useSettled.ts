'use client';
import { useEffect, useRef, useState } from 'react';
import type { StoreApi } from 'zustand/vanilla';
import { shallow } from 'zustand/shallow';

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

/**
 * What `select` picks from a store, once it has settled: the value useSettled(useStore(store, select)) gives,
 * but the calling component does not render at every change, only when the value settles. For a figure whose
 * drawing and sliders subscribe to the inputs themselves (StoreSlider, a drawing reading the store), so that a
 * step of a drag renders the slider and the drawing, and the figure around them (its summary, table, notes)
 * once the reader stops. `equal` compares selections (default: shallow, for a picked object of inputs).
 */
export function useSettledSelection<T, U>(store: StoreApi<T>, select: (state: T) => U, equal: (a: U, b: U) => boolean = shallow): U {
  const [settled, setSettled] = useState(() => select(store.getState()));
  const shown = useRef(settled);
  const pick = useRef(select);
  const same = useRef(equal);
  useEffect(() => {
    pick.current = select;
    same.current = equal;
  });
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let changingSince: number | null = null;
    const check = () => {
      clearTimeout(timer);
      if (same.current(pick.current(store.getState()), shown.current)) {
        changingSince = null;
        return;
      }
      const now = performance.now();
      changingSince ??= now;
      timer = setTimeout(() => {
        changingSince = null;
        shown.current = pick.current(store.getState());
        setSettled(() => shown.current);
      }, Math.max(0, Math.min(SETTLE_MS, changingSince + SETTLE_MAX_WAIT_MS - now)));
    };
    const unsubscribe = store.subscribe(check);
    // A change between the first render and this effect.
    check();
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [store]);
  return settled;
}
