'use client';
import { Component, lazy, Suspense, useEffect, useRef, useState, type ComponentType, type ReactNode } from 'react';
import { figureLoaders } from '@/components/figures/loaders';
import { FigureInstanceProvider } from '@/components/figures/figureInputs';
import type { FigureInstance } from '@/lib/figures/instanceData';
import type { InputSpec } from '@/lib/figures/inputSpec';

/** One lazy component per registered figure; each loads its own chunk the first time it renders. */
const interactiveFigures: Record<string, ComponentType> = Object.fromEntries(
  Object.entries(figureLoaders).map(([name, load]) => [name, lazy(load)]),
);

/** How far ahead of the viewport a figure starts loading once the reader scrolls. */
const AHEAD = '100% 0px';

/** Keeps the still on screen if the interactive part fails to load or throws. */
class FigureBoundary extends Component<{ fallback: ReactNode; children: ReactNode }, { failed: boolean }> {
  state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  componentDidCatch(error: unknown) {
    console.warn('A figure failed; showing its still instead.', error);
  }
  render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

/**
 * Shows `children` (the server-rendered still) until the figure is on screen, or, once the reader scrolls,
 * within a screen of the viewport; then loads the interactive part in its own chunk and swaps it in.
 */
export function LazyFigure({
  name,
  instance,
  spec = null,
  describedBy,
  children,
}: {
  name: string;
  instance: FigureInstance;
  /** The figure's declared inputs (its registry entry's `inputs`), for the inputs layer. */
  spec?: InputSpec | null;
  describedBy: string;
  children: ReactNode;
}) {
  const holder = useRef<HTMLDivElement>(null);
  const [near, setNear] = useState(false);

  useEffect(() => {
    const element = holder.current;
    if (!element) return;
    let observer: IntersectionObserver | null = null;
    const watch = (rootMargin: string) => {
      observer?.disconnect();
      observer = new IntersectionObserver(
        (entries) => {
          if (entries.some((entry) => entry.isIntersecting)) {
            setNear(true);
            stop();
          }
        },
        { rootMargin },
      );
      observer.observe(element);
    };
    // Until the reader scrolls, only a figure on the first screen loads: one a little below the fold of a
    // desktop screen would otherwise bring its code (tens of kB) to a reader who may never scroll. From the
    // first scroll on, a figure loads a whole screen ahead of the viewport, so it is ready when it arrives.
    const onScroll = () => watch(AHEAD);
    const stop = () => {
      observer?.disconnect();
      window.removeEventListener('scroll', onScroll);
    };
    // A reader who scrolled before the page hydrated (before this effect ran) has scrolled: a scroll listener
    // added now would wait for the next scroll, and a figure scrolled past meanwhile would load only once it
    // is on screen again.
    if (window.scrollY > 0) {
      watch(AHEAD);
      return stop;
    }
    watch('0px');
    window.addEventListener('scroll', onScroll, { passive: true, once: true });
    return stop;
  }, []);

  const Interactive = near ? interactiveFigures[name] : null;

  return (
    <div ref={holder} className="figure-body" aria-describedby={describedBy} data-figure-state={Interactive ? 'live' : 'still'}>
      {Interactive ? (
        <FigureBoundary fallback={children}>
          <Suspense fallback={children}>
            <FigureInstanceProvider instance={instance} spec={spec}>
              <Interactive />
            </FigureInstanceProvider>
          </Suspense>
        </FigureBoundary>
      ) : (
        children
      )}
    </div>
  );
}
