/**
 * Each figure's frame time at its largest setting, with the CPU slowed 4x (Chromium's
 * Emulation.setCPUThrottlingRate, devtools' "4x slowdown"). Every slider of the figure is set to its
 * maximum; then for 3 s either its animation runs (figures with a playing Play/Pause control) or, for a
 * figure that is still until touched, its first slider is dragged one step back and forth every frame,
 * so each frame carries a full update. Frame time = the interval between requestAnimationFrame callbacks.
 */
import type { Browser } from '@playwright/test';

export interface FrameResult {
  figure: string;
  mode: 'animation' | 'drag';
  medianMs: number;
  p95Ms: number;
  fps: number;
  /** Share of the measured time the page's main thread was running tasks (1 = always busy). */
  busyShare: number;
  /**
   * The main thread's CPU time per frame with the CPU slowed 4x (CDP ThreadTime: scripting, style, layout,
   * paint and canvas drawing). Chromium slows the thread by keeping it busy, so its CPU time at 4x is the
   * slowed time (a fixed loop measured 54-61 ms of CPU at 1x and 233-249 ms at 4x on this machine). Unlike the
   * wall-clock numbers it does not grow when other processes take the cores, so on a loaded machine it says
   * what a frame costs: under 16.7 ms, the figure has room for 60 fps with the CPU slowed 4x.
   */
  cpuMsPerFrame: number;
}

/** Chromium's CPU slowdown: devtools' "4x slowdown". */
const SLOWDOWN = 4;

const SECONDS = 3;

/**
 * Settings that are a figure's heaviest but not its sliders' maxima, measured as well: the room figure
 * switches from SVG to canvas above SVG_MAX_PEOPLE (60), so its heaviest SVG room is 60 people, all talking.
 */
const EXTRA_CASES: Record<string, { label: string; values: Record<string, number> }[]> = {
  'mesh-vs-sfu/room': [{ label: 'svg', values: { people: 60, talkers: 60 } }],
};

type Values = Record<string, number> | 'max';

export async function measureFigureFrames(browser: Browser, origin: string, chapterSlug: string, only?: string): Promise<FrameResult[]> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  // tsx compiles this file with esbuild's keepNames, which wraps the functions passed to evaluate() in a
  // __name() helper that exists only in Node; give the page a no-op one.
  await page.addInitScript('window.__name = (f) => f');
  await page.goto(`${origin}/learn/${chapterSlug}`);
  const names = await page.locator('figure[data-figure]').evaluateAll((figures) => figures.map((f) => f.getAttribute('data-figure')!));
  const cdp = await context.newCDPSession(page);
  const results: FrameResult[] = [];
  for (const name of names.filter((n) => !only || n.startsWith(only))) {
    const figure = page.locator(`figure[data-figure="${name}"]`);
    await figure.scrollIntoViewIfNeeded();
    await figure.locator('[data-still]').waitFor({ state: 'detached', timeout: 30_000 });
    const cases: { label: string; values: Values }[] = [{ label: '', values: 'max' }, ...(EXTRA_CASES[name] ?? [])];
    for (const { label, values } of cases) {
      await figure.evaluate((element, values) => {
        const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
        // Twice: a slider's max can follow another slider (talkers <= people).
        for (let pass = 0; pass < 2; pass += 1) {
          for (const input of element.querySelectorAll<HTMLInputElement>('input[type="range"]')) {
            const name = input.dataset.control ?? '';
            const value = values === 'max' ? input.max : name in values ? String(values[name]) : null;
            if (value === null) continue;
            setter.call(input, value);
            input.dispatchEvent(new Event('input', { bubbles: true }));
            input.dispatchEvent(new Event('change', { bubbles: true }));
          }
        }
      }, values);
      await page.waitForTimeout(500);
      await cdp.send('Performance.enable');
      const metric = async (name: string) => {
        const { metrics } = await cdp.send('Performance.getMetrics');
        return metrics.find((m) => m.name === name)?.value ?? 0;
      };
      const busyBefore = await metric('TaskDuration');
      const cpuBefore = await metric('ThreadTime');
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: SLOWDOWN });
      const sample = await figure.evaluate(async (element, seconds) => {
        const playing = element.querySelector('.control-play button[aria-pressed="true"]') !== null;
        const slider = element.querySelector<HTMLInputElement>('input[type="range"]');
        const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
        const drag = !playing && slider !== null;
        const high = slider ? Number(slider.max) : 0;
        const step = slider ? Number(slider.step) || 1 : 1;
        const stamps: number[] = [];
        await new Promise<void>((resolve) => {
          const started = performance.now();
          const tick = (now: number) => {
            stamps.push(now);
            if (drag) {
              setter.call(slider, String(stamps.length % 2 ? high - step : high));
              slider.dispatchEvent(new Event('input', { bubbles: true }));
            }
            if (now - started < seconds * 1000) requestAnimationFrame(tick);
            else resolve();
          };
          requestAnimationFrame(tick);
        });
        return { stamps, mode: playing ? 'animation' : drag ? 'drag' : 'animation' };
      }, SECONDS);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
      const busySeconds = (await metric('TaskDuration')) - busyBefore;
      const cpuSeconds = (await metric('ThreadTime')) - cpuBefore;
      const intervals = sample.stamps.slice(1).map((t, i) => t - sample.stamps[i]).sort((a, b) => a - b);
      const elapsed = sample.stamps[sample.stamps.length - 1] - sample.stamps[0];
      results.push({
        figure: label ? `${name} (${label})` : name,
        mode: sample.mode as FrameResult['mode'],
        medianMs: intervals[Math.floor(intervals.length / 2)],
        p95Ms: intervals[Math.floor(intervals.length * 0.95)],
        fps: ((sample.stamps.length - 1) / elapsed) * 1000,
        busyShare: busySeconds / (elapsed / 1000),
        cpuMsPerFrame: (cpuSeconds * 1000) / Math.max(1, sample.stamps.length - 1),
      });
    }
  }
  await context.close();
  return results;
}
