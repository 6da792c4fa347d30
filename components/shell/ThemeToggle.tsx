'use client';
import { useColorScheme } from '@/components/hooks/useColorScheme';
import { THEME_STORAGE_KEY, type Theme } from './theme';

/** Switches between light and dark and remembers the choice; until then the system setting rules. */
export function ThemeToggle() {
  const theme = useColorScheme();
  const dark = theme === 'dark';
  const toggle = () => {
    const next: Theme = dark ? 'light' : 'dark';
    document.documentElement.dataset.theme = next;
    try {
      localStorage.setItem(THEME_STORAGE_KEY, next);
    } catch {
      // Private mode without storage: the choice lasts for this page only.
    }
  };
  return (
    <button type="button" className="icon-button theme-toggle" aria-pressed={theme === null ? undefined : dark} onClick={toggle} data-testid="theme-toggle">
      <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20">
        {dark ? (
          <path fill="currentColor" d="M21 12.8A9 9 0 1 1 11.2 3a7 7 0 0 0 9.8 9.8Z" />
        ) : (
          <g fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
            <circle cx="12" cy="12" r="4.5" />
            <path d="M12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4" />
          </g>
        )}
      </svg>
      <span className="visually-hidden">Dark mode</span>
    </button>
  );
}
