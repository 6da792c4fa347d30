import { afterEach, describe, expect, it, vi } from 'vitest';
import { dragEveryFrame, SWEEP_STEPS } from '../../bench/pages/drag';

/**
 * The frames bench's drag (bench/pages/drag.ts) runs in a page; here it runs against a stand-in range input
 * and a requestAnimationFrame that stamps frames 1/60 s apart, and the test reads the values it was given.
 */
class RangeInput {
  min = '0';
  max = '100';
  step = '1';
  private current = '100';
  readonly seen: number[] = [];
  get value() {
    return this.current;
  }
  set value(v: string) {
    this.current = v;
  }
  dispatchEvent(event: Event) {
    if (event.type === 'input') this.seen.push(Number(this.current));
    return true;
  }
}

function drag(input: RangeInput, options: { pattern?: 'sweep' | 'alternate'; frames: number; sweepSteps?: number }) {
  vi.stubGlobal('HTMLInputElement', RangeInput);
  let frame = 0;
  vi.spyOn(performance, 'now').mockReturnValue(0);
  vi.stubGlobal('requestAnimationFrame', (tick: (now: number) => void) => setTimeout(() => tick((frame++ * 1000) / 60), 0));
  const element = { querySelectorAll: () => [input], querySelector: () => input } as unknown as Element;
  // The drag stops at the first frame at or past `seconds`: frames - 1 intervals of 1/60 s.
  return dragEveryFrame(element, { slider: 0, seconds: (options.frames - 1) / 60, pattern: options.pattern, sweepSteps: options.sweepSteps ?? SWEEP_STEPS });
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('the frames bench drag', () => {
  it('sweeps down from the largest value a step a frame, meeting a new value at every frame of its first pass, then comes back', async () => {
    const input = new RangeInput();
    await drag(input, { frames: 2 * SWEEP_STEPS + 2 });
    const out = input.seen.slice(0, SWEEP_STEPS);
    expect(out).toEqual(Array.from({ length: SWEEP_STEPS }, (_, i) => 99 - i));
    expect(new Set(out).size).toBe(SWEEP_STEPS);
    // Back up to where it began, then down again.
    expect(input.seen.slice(SWEEP_STEPS - 1, SWEEP_STEPS + 2)).toEqual([100 - SWEEP_STEPS, 101 - SWEEP_STEPS, 102 - SWEEP_STEPS]);
    expect(input.seen.slice(2 * SWEEP_STEPS - 1, 2 * SWEEP_STEPS + 2)).toEqual([100, 99, 98]);
  });

  it('turns at the end of the track when the track is shorter than a sweep, and goes up from a slider at its minimum', async () => {
    const short = new RangeInput();
    short.value = '3';
    await drag(short, { frames: 8 });
    expect(short.seen).toEqual([2, 1, 0, 1, 2, 3, 2, 1]);
    const low = new RangeInput();
    low.value = '0';
    await drag(low, { frames: 4, sweepSteps: 2 });
    expect(low.seen).toEqual([1, 2, 1, 0]);
  });

  it('alternates between the two highest values when asked to', async () => {
    const input = new RangeInput();
    await drag(input, { pattern: 'alternate', frames: 4 });
    expect(input.seen).toEqual([99, 100, 99, 100]);
  });
});
