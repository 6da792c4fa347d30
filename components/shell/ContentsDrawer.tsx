'use client';
import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * The table of contents. On wide screens it is a sidebar that is always there; on narrow ones it
 * opens as a panel from the "Contents" button or the `t` key, takes focus, and closes on Escape,
 * on a click outside, or on choosing a chapter.
 */
export function ContentsDrawer({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const panel = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const toggle = () => setOpen((value) => !value);
    document.addEventListener('episode:toggle-contents', toggle);
    return () => document.removeEventListener('episode:toggle-contents', toggle);
  }, []);

  useEffect(() => {
    if (!open) return;
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
  }, [open]);

  return (
    <>
      <button
        ref={button}
        type="button"
        className="contents-button"
        aria-expanded={open}
        aria-controls="contents"
        aria-keyshortcuts="t"
        onClick={() => setOpen((value) => !value)}
      >
        Contents
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
