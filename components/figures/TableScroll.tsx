import type { ReactNode } from 'react';

/**
 * Holds a table that may be wider than a phone. The region scrolls sideways on its own (the page
 * never does) and takes keyboard focus, so arrow keys can scroll it without a mouse (WCAG 2.1.1).
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
