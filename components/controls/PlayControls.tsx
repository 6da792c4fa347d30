'use client';
import type { FrameLoop } from '@/components/figures/useFrameLoop';

/** Play/pause and single-step buttons for a figure's animation (see useFrameLoop). */
export function PlayControls({ loop, onReset }: { loop: FrameLoop; onReset?: () => void }) {
  return (
    <div className="control control-play" role="group" aria-label="Animation">
      <button type="button" onClick={() => loop.setPlaying(!loop.playing)} aria-pressed={loop.playing}>
        {loop.playing ? 'Pause' : 'Play'}
      </button>
      <button type="button" onClick={loop.stepOnce} disabled={loop.playing}>
        Step
      </button>
      {onReset && (
        <button type="button" onClick={onReset}>
          Reset
        </button>
      )}
    </div>
  );
}
