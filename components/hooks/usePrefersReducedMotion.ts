'use client';
import { useSyncExternalStore } from 'react';

const query = '(prefers-reduced-motion: reduce)';

/**
 * One MediaQueryList for the page: useSyncExternalStore reads the snapshot at every render of every figure
 * with a frame loop (each frame, while one plays), and window.matchMedia() parses the query and builds a new
 * list each call, ~2 ms a frame in a profile of the room figure with the CPU slowed 4x; `.matches` on a kept
 * list is a field read that follows the system setting.
 */
let list: MediaQueryList | null = null;
const reducedMotion = () => (list ??= window.matchMedia(query));

function subscribe(onChange: () => void) {
  const media = reducedMotion();
  media.addEventListener('change', onChange);
  return () => media.removeEventListener('change', onChange);
}

/** True when the reader asked the system for less motion. False on the server. */
export function usePrefersReducedMotion(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => reducedMotion().matches,
    () => false,
  );
}
