'use client';
import { useEffect, type RefObject } from 'react';
import type { StoreApi } from 'zustand/vanilla';

/** Changes closer together than this are one continuous change (a drag, a held key): longer than a transition. */
export const CHANGING_GAP_MS = 250;

/**
 * Marks `element` with `data-changing` while `store` keeps changing (each change within CHANGING_GAP_MS of the
 * one before), and unmarks it once the changes stop. The first change of a run (a click, one key press) leaves
 * it unmarked. CSS uses it to drop a transition during a drag: without it, each step of a drag started a new
 * transition on every bar it moved, a style and compositing update per bar per frame, for motion nobody sees at
 * 60 steps a second. The mark is set from the store's own subscription, so it is in place before the step's
 * render changes what the transition would animate.
 */
export function useChangingMark(store: StoreApi<unknown>, element: RefObject<Element | null>): void {
  useEffect(() => markWhileChanging(store, () => element.current), [store, element]);
}

/** useChangingMark's subscription, on its own: returns what stops it. */
export function markWhileChanging(store: StoreApi<unknown>, element: () => Element | null): () => void {
  let last = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const unmarkWhenQuiet = () => {
    const quietFor = performance.now() - last;
    if (quietFor < CHANGING_GAP_MS) {
      timer = setTimeout(unmarkWhenQuiet, CHANGING_GAP_MS - quietFor);
      return;
    }
    timer = undefined;
    element()?.removeAttribute('data-changing');
  };
  const unsubscribe = store.subscribe(() => {
    const now = performance.now();
    const target = element();
    if (now - last < CHANGING_GAP_MS && target && !target.hasAttribute('data-changing')) target.setAttribute('data-changing', '');
    last = now;
    timer ??= setTimeout(unmarkWhenQuiet, CHANGING_GAP_MS);
  });
  return () => {
    unsubscribe();
    clearTimeout(timer);
  };
}
