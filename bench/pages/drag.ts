/**
 * The drag both page benches measure (frames.ts, profile.ts), run inside the page with `locator.evaluate`:
 * for `seconds`, at every animation frame, one slider of the figure is set to max - step and max on
 * alternate frames, with an input event each time, so every frame carries a full update. Without a slider
 * (`null`) it only stamps the frames (an animation left to run). The slider is named by its position among
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
  const high = input ? Number(input.max) : 0;
  const step = input ? Number(input.step) || 1 : 1;
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
