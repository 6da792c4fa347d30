'use client';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { usesCameraOrMicrophone } from '@/lib/site/mediaPages';

/** True when a key press belongs to something the reader is operating, not to page navigation. */
function isInteractive(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return Boolean(target.closest('input, textarea, select, button, [role="slider"], [role="menu"], [role="listbox"], audio, video'));
}

/**
 * Chapter keyboard shortcuts: ← previous chapter, → next chapter, t contents. Ignored while the
 * reader is typing or working a control (arrow keys move sliders there), or with a modifier held.
 */
export function ChapterKeys({ previousHref, nextHref }: { previousHref?: string; nextHref?: string }) {
  const router = useRouter();
  useEffect(() => {
    // A page that uses the microphone loads in full, so its own Permissions-Policy applies (see PageLink).
    const go = (href: string) => (usesCameraOrMicrophone(href) ? window.location.assign(href) : router.push(href));
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      if (isInteractive(event.target)) return;
      if (event.key === 'ArrowLeft' && previousHref) go(previousHref);
      else if (event.key === 'ArrowRight' && nextHref) go(nextHref);
      else if (event.key === 't' || event.key === 'T') {
        document.dispatchEvent(new CustomEvent('episode:toggle-contents'));
      } else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    // Tells tests (and anyone curious) that the shortcuts are live, i.e. the page has hydrated.
    document.documentElement.dataset.chapterKeys = 'on';
    return () => {
      window.removeEventListener('keydown', onKey);
      delete document.documentElement.dataset.chapterKeys;
    };
  }, [router, previousHref, nextHref]);
  return null;
}
