import Link from 'next/link';
import type { ReactNode } from 'react';
import { ThemeToggle } from './ThemeToggle';

/** The bar at the top of every page: the episode's name, page-specific controls, and the theme switch. */
export function SiteHeader({ children }: { children?: ReactNode }) {
  return (
    <header className="site-header">
      {/* Not prefetched: prefetching the landing page makes the browser preload the stylesheets of its live figure,
          which a page without figures (the live room) never uses, and the browser warns about each one. */}
      <Link href="/" className="site-title" prefetch={false}>
        <span aria-hidden="true" className="site-mark">
          ◖◗
        </span>
        <span>How Discord handles a 50-person voice chat</span>
      </Link>
      <div className="site-header-tools">
        {children}
        <ThemeToggle />
      </div>
    </header>
  );
}
