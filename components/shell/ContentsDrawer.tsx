'use client';
import { useCallback, useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { SIDEBAR_STORAGE_KEY } from './theme';

/** Where the contents are a sidebar (app/globals.css uses the same width). */
const WIDE = '(min-width: 75rem)';

function subscribeWide(onChange: () => void) {
  const media = window.matchMedia(WIDE);
  media.addEventListener('change', onChange);
  return () => media.removeEventListener('change', onChange);
}

/** The sidebar's hidden state lives on <html> (set before first paint by sidebarScript), so CSS can use it. */
function sidebarHidden(): boolean {
  return document.documentElement.dataset.sidebar === 'hidden';
}

function subscribeSidebar(onChange: () => void) {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-sidebar'] });
  return () => observer.disconnect();
}

function setSidebarHidden(hidden: boolean) {
  if (hidden) document.documentElement.dataset.sidebar = 'hidden';
  else delete document.documentElement.dataset.sidebar;
  try {
    if (hidden) localStorage.setItem(SIDEBAR_STORAGE_KEY, 'hidden');
    else localStorage.removeItem(SIDEBAR_STORAGE_KEY);
  } catch {
    // Private mode without storage: the choice lasts for this page only.
  }
}

/**
 * The table of contents. On narrow screens it opens as a panel from the "Contents" button or the `t` key,
 * takes focus, and closes on Escape, on a click outside, or on choosing a chapter. On wide screens it is a
 * sidebar, shown until the reader hides it with the same button or key (a projector may want the whole
 * width for the text); that choice is remembered.
 */
export function ContentsDrawer({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const wide = useSyncExternalStore(subscribeWide, () => window.matchMedia(WIDE).matches, () => false);
  const hidden = useSyncExternalStore(subscribeSidebar, sidebarHidden, () => false);
  const panel = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  const toggle = useCallback(() => {
    if (!window.matchMedia(WIDE).matches) {
      setOpen((value) => !value);
      return;
    }
    const hide = !sidebarHidden();
    // Hiding the sidebar with the focus in it would drop the focus to the page: keep it on the button.
    if (hide && panel.current?.contains(document.activeElement)) button.current?.focus();
    setSidebarHidden(hide);
  }, []);

  useEffect(() => {
    document.addEventListener('episode:toggle-contents', toggle);
    return () => document.removeEventListener('episode:toggle-contents', toggle);
  }, [toggle]);

  useEffect(() => {
    if (!open || wide) return;
    const current = panel.current?.querySelector<HTMLElement>('[aria-current="page"]') ?? panel.current?.querySelector<HTMLElement>('a');
    current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    const onClick = (event: MouseEvent) => {
      const target = event.target as Node;
      if (!panel.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('click', onClick);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('click', onClick);
    };
  }, [open, wide]);

  return (
    <>
      <button
        ref={button}
        type="button"
        className="contents-button"
        aria-expanded={wide ? !hidden : open}
        aria-controls="contents"
        aria-keyshortcuts="t"
        onClick={toggle}
      >
        {wide && !hidden ? 'Hide contents' : 'Contents'}
      </button>
      <div
        ref={panel}
        id="contents"
        className="contents"
        data-open={open}
        onClick={(event) => {
          if ((event.target as HTMLElement).closest('a')) setOpen(false);
        }}
      >
        {children}
      </div>
    </>
  );
}
