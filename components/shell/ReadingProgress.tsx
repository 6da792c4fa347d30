'use client';
import { useEffect, useState } from 'react';

/** A thin bar showing how far through the chapter the reader has scrolled. */
export function ReadingProgress() {
  const [fraction, setFraction] = useState(0);
  useEffect(() => {
    let frame = 0;
    const measure = () => {
      frame = 0;
      const scrollable = document.documentElement.scrollHeight - window.innerHeight;
      setFraction(scrollable > 0 ? Math.min(1, Math.max(0, window.scrollY / scrollable)) : 1);
    };
    const onScroll = () => {
      if (!frame) frame = requestAnimationFrame(measure);
    };
    measure();
    window.addEventListener('scroll', onScroll, { passive: true });
    window.addEventListener('resize', onScroll);
    return () => {
      window.removeEventListener('scroll', onScroll);
      window.removeEventListener('resize', onScroll);
      cancelAnimationFrame(frame);
    };
  }, []);
  const percent = Math.round(fraction * 100);
  return (
    <div
      className="reading-progress"
      role="progressbar"
      aria-label="Reading progress"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
    >
      <div className="reading-progress-bar" style={{ transform: `scaleX(${fraction})` }} />
    </div>
  );
}
