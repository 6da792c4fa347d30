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
 * Shows `children` (the server-rendered still) until the figure comes within a screen of the
 * viewport, then loads the interactive part in its own chunk and swaps it in.
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
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) {
          setNear(true);
          observer.disconnect();
        }
      },
      { rootMargin: '100% 0px' },
    );
    observer.observe(element);
    return () => observer.disconnect();
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
