import type { ReactNode } from 'react';

/** A side note: a detail, a caveat, or "what Discord actually documents" beside the main line. */
export function Aside({ title, children }: { /** A few words above the note. */ title?: string; children: ReactNode }) {
  return (
    <aside className="aside" aria-label={title ?? 'Side note'}>
      {title && <p className="aside-title">{title}</p>}
      {children}
    </aside>
  );
}
