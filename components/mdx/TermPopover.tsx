'use client';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

/**
 * The glossary popover: a button in the text that opens a small non-modal definition. Escape or a
 * click elsewhere closes it and focus returns to the word.
 */
export function TermPopover({ term, definition, children }: { term: string; definition: string; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const wrapper = useRef<HTMLSpanElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    const onPointer = (event: PointerEvent) => {
      if (!wrapper.current?.contains(event.target as Node)) setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('pointerdown', onPointer);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);

  return (
    <span className="term" ref={wrapper}>
      <button ref={button} type="button" className="term-word" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
        {children}
      </button>
      <span id={id} role="note" className="term-popover" hidden={!open}>
        <strong>{term}</strong>: {definition}
      </span>
    </span>
  );
}
