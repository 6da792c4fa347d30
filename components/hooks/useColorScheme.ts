'use client';
import { useSyncExternalStore } from 'react';

export type ColorScheme = 'light' | 'dark';

/** The theme the page shows: the reader's saved choice (data-theme on <html>), else the system's. */
export function currentColorScheme(): ColorScheme {
  const chosen = document.documentElement.dataset.theme;
  if (chosen === 'light' || chosen === 'dark') return chosen;
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function subscribe(onChange: () => void) {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  const media = window.matchMedia('(prefers-color-scheme: dark)');
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
