/**
 * The drag both page benches measure (frames.ts, profile.ts), run inside the page with `locator.evaluate`:
 * for `seconds`, at every animation frame, one slider of the figure is moved and an input event sent, so
 * every frame carries an update. Two ways to move it (`pattern`):
 *
 * - 'sweep' (the default): one step a frame away from the value the drag began at, down the track (up it if
 *   it began at its minimum), for at most SWEEP_STEPS steps, then back, and so on: what a reader's hand does,
 *   each frame of the first pass a value the figure has not drawn yet. A figure that keeps what it made for
 *   recent values (a cache) pays its full price on the way out and may save on the way back; the p95 column
 *   shows the full price.
 * - 'alternate': one step below the start value and back on alternate frames (max - step, max, ...): the two
 *   heaviest settings only, the drag of the rounds before wave 8. A figure that keeps its last two settings
 *   draws every frame from its cache here, so this no longer says what a fresh step costs.
 *
 * The benches set every slider to its maximum first, except in a case that sets a slider lower (the room
 * figure's largest SVG room, 60 people: its people drag stays at or below 60, where the room is SVG). Without
 * a slider (`null`) it only stamps the frames (an animation left to run). The slider is named by its position
 * among the figure's range inputs or by its `data-control`. Returns each frame's requestAnimationFrame time.
 *
 * The function is serialized into the page, so it may use nothing from outside its body (the pages get a
 * no-op `__name`, which tsx's transform adds to named functions).
 */
export type DragPattern = 'sweep' | 'alternate';
export const DRAG_PATTERNS: readonly DragPattern[] = ['sweep', 'alternate'];

/** How far a sweep goes before it turns back: one second of frames at 60 fps, so a 2 s drag is out and back. */
export const SWEEP_STEPS = 60;

export async function dragEveryFrame(
  element: Element,
  // sweepSteps' default is SWEEP_STEPS: the function runs in the page, where it cannot read the constant.
  { slider, seconds, pattern = 'sweep', sweepSteps = 60 }: { slider: number | string | null; seconds: number; pattern?: DragPattern; sweepSteps?: number },
): Promise<number[]> {
  const ranges = element.querySelectorAll<HTMLInputElement>('input[type="range"]');
  const input =
    slider === null
      ? null
      : typeof slider === 'number'
        ? ranges[slider]
        : element.querySelector<HTMLInputElement>(`input[type="range"][data-control="${slider}"]`);
  if (slider !== null && !input) throw new Error(`no slider ${slider}`);
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
  const step = input ? Number(input.step) || 1 : 1;
  const start = input ? Number(input.value) : 0;
  const min = input ? Number(input.min) : 0;
  const max = input ? Number(input.max) : 0;
  // The values the drag visits, in order from the start; it runs along them and back again.
  const down = start - step >= min;
  const stops = Math.max(1, Math.min(pattern === 'alternate' ? 1 : sweepSteps, Math.floor((down ? start - min : max - start) / step)));
  const valueAt = (frame: number) => {
    // frame 1, 2, ... -> 1, 2, ..., stops, stops - 1, ..., 0, 1, ... steps from the start.
    const phase = frame % (2 * stops);
    const steps = phase <= stops ? phase : 2 * stops - phase;
    return down ? start - steps * step : start + steps * step;
  };
  const stamps: number[] = [];
  await new Promise<void>((resolve) => {
    const started = performance.now();
    const tick = (now: number) => {
      stamps.push(now);
      if (input) {
        setter.call(input, String(valueAt(stamps.length)));
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }
      if (now - started < seconds * 1000) requestAnimationFrame(tick);
      else resolve();
    };
    requestAnimationFrame(tick);
  });
  return stamps;
}
