'use client';
import { useAnimate, useInView, useReducedMotion } from 'framer-motion';
import { useEffect, useRef, type ReactNode } from 'react';
import { Avatar, type Speaker } from './characters';

/**
 * A line of dialogue. It is server-rendered visible, so a reader on a slow link sees the text
 * before any script runs. Once the page is interactive, lines still below the fold are tucked
 * away and slide in as they scroll into view; under reduced motion nothing moves.
 */
export function DialogueLine({ who, name, children }: { who: Speaker; name: string; children: ReactNode }) {
  const reduce = useReducedMotion();
  const [scope, animate] = useAnimate<HTMLDivElement>();
  const inView = useInView(scope, { once: true, margin: '0px 0px -10% 0px' });
  const armed = useRef(false);

  useEffect(() => {
    const element = scope.current;
    if (reduce || !element || element.getBoundingClientRect().top < window.innerHeight) return;
    armed.current = true;
    animate(element, { opacity: 0, transform: `translateX(${who === 'learner' ? -12 : 12}px)` }, { duration: 0 });
  }, [reduce, scope, who, animate]);

  useEffect(() => {
    if (!inView || !armed.current || !scope.current) return;
    armed.current = false;
    animate(scope.current, { opacity: 1, transform: 'translateX(0px)' }, { duration: 0.35, ease: 'easeOut' });
  }, [inView, animate, scope]);

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
