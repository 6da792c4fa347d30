'use client';
import { useSyncExternalStore } from 'react';

const never = () => () => {};

/**
 * A value only the browser knows (location, protocol), read without a hydration mismatch: the server
 * render and the first client render use `serverValue`, then React re-renders with `get()`.
 */
export function useBrowserValue<T>(get: () => T, serverValue: T): T {
  return useSyncExternalStore(never, get, () => serverValue);
}
