// The dialogue's slide-in, with framer-motion's DOM animation API. DialogueLine imports this module
// only once the reader starts scrolling, so framer-motion is never part of a page's first load.
import { inView } from 'framer-motion/dom';
import { animate } from 'framer-motion/dom/mini';

/**
 * Tucks a line that is still below the fold away (it is off screen, so nothing visibly moves) and slides
 * it in when it scrolls into view. Returns a function that stops watching.
 */
export function slideIn(element: HTMLElement, fromX: number): () => void {
  if (element.getBoundingClientRect().top < window.innerHeight) return () => {};
  animate(element, { opacity: 0, transform: `translateX(${fromX}px)` }, { duration: 0 });
  return inView(
    element,
    () => {
      animate(element, { opacity: 1, transform: 'translateX(0px)' }, { duration: 0.35, ease: 'easeOut' });
    },
    { margin: '0px 0px -10% 0px' },
  );
}
