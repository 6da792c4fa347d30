'use client';
import { useSyncExternalStore } from 'react';

export type ColorScheme = 'light' | 'dark';

/** One MediaQueryList for the page (read at every render of a figure that follows the theme; see usePrefersReducedMotion). */
let list: MediaQueryList | null = null;
const systemDark = () => (list ??= window.matchMedia('(prefers-color-scheme: dark)'));

/** The theme the page shows: the reader's saved choice (data-theme on <html>), else the system's. */
export function currentColorScheme(): ColorScheme {
  const chosen = document.documentElement.dataset.theme;
  if (chosen === 'light' || chosen === 'dark') return chosen;
  return systemDark().matches ? 'dark' : 'light';
}

function subscribe(onChange: () => void) {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  const media = systemDark();
  media.addEventListener('change', onChange);
  return () => {
    observer.disconnect();
    media.removeEventListener('change', onChange);
  };
}

/** The theme the page shows, following the theme switch and the system setting; null on the server. */
export function useColorScheme(): ColorScheme | null {
  return useSyncExternalStore<ColorScheme | null>(subscribe, currentColorScheme, () => null);
}
