'use client';
import { useEffect, type RefObject } from 'react';
import { newestEntry } from '@/components/observers';

/**
 * Holds `frame` at the height of `content`, its only child, and marks it `data-held-height`, which app/globals.css
 * gives `contain: size layout`: a box whose size does not depend on what it holds, so when something inside
 * changes (a readout's text, a drawing's label) the browser lays out the frame alone rather than the whole
 * document (a "relayout boundary"). Its width comes from its container, as a block's does; its height follows
 * the content's own: when that changes, the ResizeObserver sets it before the frame is painted, so the two are
 * never seen apart (and that one change is laid out through the page, as before).
 *
 * Chromium makes such a box a boundary only if it is not a flex or grid item and has no sticky box inside, so
 * the frame is a plain block child of a block.
 */
export function useHeldHeight(frame: RefObject<HTMLElement | null>, content: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const held = frame.current;
    const inner = content.current;
    if (!held || !inner || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver((entries) => {
      const entry = newestEntry(entries);
      if (!entry) return;
      held.style.height = `${entry.borderBoxSize?.[0]?.blockSize ?? inner.getBoundingClientRect().height}px`;
      held.dataset.heldHeight = '';
    });
    observer.observe(inner);
    return () => {
      observer.disconnect();
      held.style.removeProperty('height');
      delete held.dataset.heldHeight;
    };
  }, [frame, content]);
}
