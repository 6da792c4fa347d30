'use client';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { usesCameraOrMicrophone } from '@/lib/site/mediaPages';

/** True when a key press belongs to something the reader is operating, not to page navigation. */
export function isInteractive(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return Boolean(target.closest('input, textarea, select, button, [role="slider"], [role="menu"], [role="listbox"], audio, video'));
}

/** Keys a focused button does nothing with, so they may still move a presentation. */
const KEYS_BUTTONS_IGNORE = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End']);

/**
 * True when `event` belongs to the control that has focus (a slider's arrows, a button's Space, the arrows of
 * a table region that scrolls sideways).
 */
export function keyBelongsToControl(event: KeyboardEvent): boolean {
  if ((event.key === 'ArrowLeft' || event.key === 'ArrowRight') && scrollsSideways(event.target)) return true;
  if (!isInteractive(event.target)) return false;
  const target = event.target as HTMLElement;
  return !(target.closest('button, a') && !target.closest('input, textarea, select, [role="slider"]') && KEYS_BUTTONS_IGNORE.has(event.key));
}

/**
 * True when the focus is in something that scrolls sideways (a wide table's region is focusable so that
 * arrow keys scroll it, WCAG 2.1.1): there ← and → scroll it, as the browser does by default.
 */
export function scrollsSideways(target: EventTarget | null): boolean {
  for (let element = target instanceof Element ? target : null; element && element !== document.body; element = element.parentElement) {
    if (element.scrollWidth > element.clientWidth + 1) {
      const overflow = getComputedStyle(element).overflowX;
      if (overflow === 'auto' || overflow === 'scroll') return true;
    }
  }
  return false;
}

/**
 * Chapter keyboard shortcuts: ← previous chapter, → next chapter, t contents, p present. Ignored while the
 * reader is typing or working a control (arrow keys move sliders there), in something that scrolls
 * sideways (arrows scroll it), or with a modifier held.
 */
export function ChapterKeys({ previousHref, nextHref, presentHref }: { previousHref?: string; nextHref?: string; presentHref?: string }) {
  const router = useRouter();
  useEffect(() => {
    // A page that uses the microphone loads in full, so its own Permissions-Policy applies (see PageLink).
    const go = (href: string) => (usesCameraOrMicrophone(href) ? window.location.assign(href) : router.push(href));
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      if (isInteractive(event.target)) return;
      const arrow = event.key === 'ArrowLeft' || event.key === 'ArrowRight';
      if (arrow && scrollsSideways(event.target)) return;
      if (event.key === 'ArrowLeft' && previousHref) go(previousHref);
      else if (event.key === 'ArrowRight' && nextHref) go(nextHref);
      else if ((event.key === 'p' || event.key === 'P') && presentHref) go(presentHref);
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
  }, [router, previousHref, nextHref, presentHref]);
  return null;
}
