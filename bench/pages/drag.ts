/**
 * The drag both page benches measure (frames.ts, profile.ts), run inside the page with `locator.evaluate`:
 * for `seconds`, at every animation frame, one slider of the figure is set one step below the value it had
 * when the drag began and back to that value on alternate frames (one step above if it began at its minimum),
 * with an input event each time, so every frame carries a full update. The benches set every slider to its
 * maximum first, so this is max - step and max, except in a case that sets a slider lower (the room figure's
 * largest SVG room, 60 people: its people drag stays at 59-60 people, where it used to jump to a 999-person
 * canvas room, so "the SVG room's people drag" measured a canvas). Without a slider (`null`) it only stamps the frames (an animation left to run). The slider is named by its position among
 * the figure's range inputs or by its `data-control`. Returns each frame's requestAnimationFrame time.
 *
 * The function is serialized into the page, so it may use nothing from outside its body (the pages get a
 * no-op `__name`, which tsx's transform adds to named functions).
 */
export async function dragEveryFrame(
  element: Element,
  { slider, seconds }: { slider: number | string | null; seconds: number },
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
  const high = input && start - step < Number(input.min) ? start + step : start;
  const stamps: number[] = [];
  await new Promise<void>((resolve) => {
    const started = performance.now();
    const tick = (now: number) => {
      stamps.push(now);
      if (input) {
        setter.call(input, String(stamps.length % 2 ? high - step : high));
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }
      if (now - started < seconds * 1000) requestAnimationFrame(tick);
      else resolve();
    };
    requestAnimationFrame(tick);
  });
  return stamps;
}
