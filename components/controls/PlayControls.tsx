'use client';
import type { FrameLoop } from '@/components/figures/useFrameLoop';
import { Button } from './Button';

/** Play/pause and single-step buttons for a figure's animation (see useFrameLoop). */
export function PlayControls({ loop, onReset }: { loop: FrameLoop; onReset?: () => void }) {
  return (
    <div className="control control-play" role="group" aria-label="Animation">
      <Button onClick={() => loop.setPlaying(!loop.playing)} aria-pressed={loop.playing}>
        {loop.playing ? 'Pause' : 'Play'}
      </Button>
      <Button onClick={loop.stepOnce} disabled={loop.playing}>
        Step
      </Button>
      {onReset && (
        <Button onClick={onReset}>
          Reset
        </Button>
      )}
    </div>
  );
}
