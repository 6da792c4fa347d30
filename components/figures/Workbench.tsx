'use client';
import { useEffect, useRef, type HTMLAttributes, type ReactNode } from 'react';
import { newestEntry } from '@/components/observers';
import { useHeldHeight } from '@/components/hooks/useHeldHeight';

/**
 * Room a stuck stage leaves below it for the control being used, in units of the root font size: a slider
 * with its label is about 4.5 rem tall, so 8 rem shows one whole control and the start of the next.
 */
const ROOM_FOR_CONTROLS_REM = 8;

/**
 * A figure's drawing and the controls that drive it. Put the <Stage> first and the controls after it: when
 * the stage fits in the screen with room for a control, it sticks under the header while the controls scroll
 * beneath it (the stage lets go at the end of the workbench). Readouts that need not be watched while dragging
 * (counters, summaries, the data table) go after the workbench.
 */
export function Workbench({ children, className }: { children: ReactNode; className?: string }) {
  return <div className={className ? `workbench ${className}` : 'workbench'}>{children}</div>;
}

/**
 * What the controls change: the chart, diagram or animation. Sticks (data-sticky) only when it is short
 * enough to leave ROOM_FOR_CONTROLS_REM below it; publishes its height as --stage-height on the workbench,
 * so a control reached by keyboard scrolls into view below it rather than under it.
 *
 * Its content sits in a frame held at the content's own height (useHeldHeight), so what changes in the
 * drawing at each step of a drag (a label, a count, a bar) is laid out inside the frame alone, not through the
 * whole document. Nothing outside the frame could be that boundary: Chromium never makes a box one when it
 * contains a sticky box (the stage), nor when it is a flex or grid item. `className` lays out the content.
 */
export function Stage({ children, className }: { children: ReactNode; className?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const frameRef = useRef<HTMLDivElement>(null);
  const contentRef = useRef<HTMLDivElement>(null);

  useHeldHeight(frameRef, contentRef);

  useEffect(() => {
    const stage = ref.current;
    const bench = stage?.parentElement?.closest<HTMLElement>('.workbench') ?? stage?.parentElement;
    if (!stage || !bench) return;
    let stickAt = 0;
    // Written only when they change: a new --stage-height restyles everything in the workbench. (Chromium 153
    // already skips an inline custom property or a data attribute set to the value it has; other engines may not.)
    let sticky = '';
    let stageHeight = '';
    const measure = () => {
      stickAt = parseFloat(getComputedStyle(stage).top) || 0;
      const rootPx = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
      const height = stage.getBoundingClientRect().height;
      const fits = height > 0 && height <= window.innerHeight - stickAt - ROOM_FOR_CONTROLS_REM * rootPx;
      if (sticky !== String(fits)) stage.dataset.sticky = sticky = String(fits);
      const nextHeight = fits ? `${Math.ceil(height)}px` : '0px';
      if (stageHeight !== nextHeight) bench.style.setProperty('--stage-height', (stageHeight = nextHeight));
    };
    measure();
    const resize = 'ResizeObserver' in window ? new ResizeObserver(measure) : null;
    resize?.observe(stage);
    window.addEventListener('resize', measure);

    // Stuck: its top sits at the sticking line (a 1 px strip above it is cut off by the root margin).
    let stuck: IntersectionObserver | null = null;
    const watchStuck = () => {
      stuck?.disconnect();
      stuck = new IntersectionObserver(
        (entries) => {
          const entry = newestEntry(entries);
          if (!entry) return;
          stage.dataset.stuck = String(stage.dataset.sticky === 'true' && entry.intersectionRatio < 1 && entry.boundingClientRect.top <= stickAt + 1);
        },
        { rootMargin: `${-Math.ceil(stickAt + 1)}px 0px 0px 0px`, threshold: [0, 1] },
      );
      stuck.observe(stage);
    };
    watchStuck();
    window.addEventListener('resize', watchStuck);

    // Focus on a control inside the stage (Play, a timeline) brings the whole stage into view, not just the
    // control, once the browser has scrolled to the control. Only focus the reader moved by keyboard
    // (:focus-visible): a mouse button focuses what it presses on mousedown, and scrolling then would move the
    // button from under the pointer before mouseup, so the press would make no click (the lost Step clicks).
    let frame = 0;
    const onFocusIn = (event: FocusEvent) => {
      if (event.target instanceof Element && !event.target.matches(':focus-visible')) return;
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        const box = stage.getBoundingClientRect();
        if (box.height > window.innerHeight - stickAt) return;
        if (box.bottom > window.innerHeight) window.scrollBy(0, box.bottom - window.innerHeight + 8);
        else if (box.top < stickAt) window.scrollBy(0, box.top - stickAt - 8);
      });
    };
    stage.addEventListener('focusin', onFocusIn);
    return () => {
      resize?.disconnect();
      stuck?.disconnect();
      cancelAnimationFrame(frame);
      stage.removeEventListener('focusin', onFocusIn);
      window.removeEventListener('resize', measure);
      window.removeEventListener('resize', watchStuck);
    };
  }, []);

  return (
    <div ref={ref} className="figure-stage" data-stage>
      <div ref={frameRef} className="figure-stage-frame">
        <div ref={contentRef} className={className ? `figure-stage-content ${className}` : 'figure-stage-content'}>
          {children}
        </div>
      </div>
    </div>
  );
}

/**
 * A block of the workbench that changes during a drag outside the stage (buttons that come and go with a
 * slider): held like the stage's content, in a frame at its own height, so a step is laid out inside the frame
 * and not through the document. The outer box is the workbench's flex item; the frame is a plain block inside
 * it (a flex item is never a relayout boundary in Chromium). The props go to the content.
 */
export function HeldBlock({ children, ...content }: HTMLAttributes<HTMLDivElement>) {
  const frameRef = useRef<HTMLDivElement>(null);
  const contentRef = useRef<HTMLDivElement>(null);
  useHeldHeight(frameRef, contentRef);
  return (
    <div>
      <div ref={frameRef}>
        <div ref={contentRef} {...content}>
          {children}
        </div>
      </div>
    </div>
  );
}
