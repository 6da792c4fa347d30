'use client';
import { useEffect, useRef, type ReactNode } from 'react';
import { Avatar, type Speaker } from './characters';

/** framer-motion and the slide-in, fetched once when the reader first scrolls (shared by every line). */
let motion: Promise<typeof import('./dialogueMotion')> | undefined;
function motionOnFirstScroll(): Promise<typeof import('./dialogueMotion')> {
  motion ??= new Promise<void>((resolve) => window.addEventListener('scroll', () => resolve(), { once: true, passive: true })).then(
    () => import('./dialogueMotion'),
  );
  return motion;
}

/**
 * A line of dialogue. It is server-rendered visible, so a reader on a slow link sees the text
 * before any script runs. Once the reader starts scrolling, lines still below the fold are tucked
 * away and slide in as they come into view; under reduced motion nothing moves.
 */
export function DialogueLine({ who, name, children }: { who: Speaker; name: string; children: ReactNode }) {
  const scope = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (window.matchMedia('(prefers-reduced-motion: reduce)').matches) return;
    let stop: (() => void) | undefined;
    let cancelled = false;
    motionOnFirstScroll().then(
      ({ slideIn }) => {
        if (!cancelled && scope.current) stop = slideIn(scope.current, who === 'learner' ? -12 : 12);
      },
      () => {}, // No animation if the chunk cannot load; the line simply stays in place.
    );
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [who]);

  return (
    <div ref={scope} className={`line line-${who}`}>
      <Avatar who={who} />
      <div className="line-body">
        <span className="line-name">{name}</span>
        <div className="line-text">{children}</div>
      </div>
    </div>
  );
}
