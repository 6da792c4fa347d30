import { IntentLink } from './IntentLink';
import type { ReactNode } from 'react';
import { ThemeToggle } from './ThemeToggle';

/** The bar at the top of every page: the episode's name, page-specific controls, and the theme switch. */
export function SiteHeader({ children }: { children?: ReactNode }) {
  return (
    <header className="site-header">
      <IntentLink href="/" className="site-title">
        <span aria-hidden="true" className="site-mark">
          ◖◗
        </span>
        <span>How Discord handles a 50-person voice chat</span>
      </IntentLink>
      <div className="site-header-tools">
        {children}
        <ThemeToggle />
      </div>
    </header>
  );
}
