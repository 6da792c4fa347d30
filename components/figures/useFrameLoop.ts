'use client';
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { usePrefersReducedMotion } from '@/components/hooks/usePrefersReducedMotion';
import { newestEntry } from '@/components/observers';

export interface FrameLoop {
  /** True while frames are being delivered. */
  playing: boolean;
  /** The reader's play/pause choice (reduced motion starts paused). */
  setPlaying: (playing: boolean) => void;
  /** Advance exactly one tick of `stepMs`, for the "step" button and for reduced motion. */
  stepOnce: () => void;
}

/**
 * The renderer owns the clock: calls `onFrame(dtMs)` on requestAnimationFrame while the figure is
 * on screen, the tab is visible, and the reader has not paused it. Under prefers-reduced-motion the
 * loop starts paused; the reader can still play it or step it one tick at a time.
 * dt is clamped so a background tab does not make the model jump.
 */
export function useFrameLoop(
  target: RefObject<Element | null>,
  onFrame: (dtMs: number) => void,
  { stepMs = 20, maxDtMs = 100 }: { stepMs?: number; maxDtMs?: number } = {},
): FrameLoop {
  const reducedMotion = usePrefersReducedMotion();
  const [choice, setChoice] = useState<boolean | null>(null);
  const [onScreen, setOnScreen] = useState(false);
  const callback = useRef(onFrame);
  useEffect(() => {
    callback.current = onFrame;
  });

  useEffect(() => {
    const element = target.current;
    if (!element) return;
    const observer = new IntersectionObserver((entries) => setOnScreen(newestEntry(entries)?.isIntersecting ?? false), {
      rootMargin: '100px',
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [target]);

  const wantsToPlay = choice ?? !reducedMotion;
  const playing = wantsToPlay && onScreen;

  useEffect(() => {
    if (!playing) return;
    let frame = 0;
    let last: number | null = null;
    const tick = (now: number) => {
      if (last !== null && document.visibilityState === 'visible') {
        callback.current(Math.min(now - last, maxDtMs));
      }
      last = now;
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [playing, maxDtMs]);

  const stepOnce = useCallback(() => callback.current(stepMs), [stepMs]);
  return { playing, setPlaying: setChoice, stepOnce };
}
