/**
 * Each figure's frame time at its largest setting, with the CPU slowed 4x (Chromium's
 * Emulation.setCPUThrottlingRate, devtools' "4x slowdown"). Every slider of the figure is set to its
 * maximum; then, for a figure with a playing Play/Pause control, its animation runs for 3 s untouched; and
 * for every figure with sliders, each slider in turn is dragged for 2 s, one step every frame (drag.ts: a
 * sweep down the track and back by default, or back and forth between its two highest values), while the
 * animation keeps running if it runs. The drag row gives the slider whose frames cost the most. Frame time =
 * the interval between requestAnimationFrame callbacks.
 */
import type { Browser, CDPSession, Locator, Page } from '@playwright/test';
import { dragEveryFrame, SWEEP_STEPS, type DragPattern } from './drag';
import { rendererMainThreads, type TraceEvent } from './trace';

export interface FrameResult {
  figure: string;
  /** 'animation': playing, untouched; 'drag': a slider dragged (while the animation plays, if it does). */
  mode: 'animation' | 'drag';
  /** The slider dragged (its data-control name, or its position), for a drag. */
  slider?: string;
  /** A drag while the figure's animation kept playing. */
  whilePlaying?: boolean;
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
  /** With `breakdown`: the main thread's CPU ms per frame at 4x by kind of work (from a trace of the window). */
  breakdown?: Record<WorkKind, number>;
}

/** Chromium's CPU slowdown: devtools' "4x slowdown". */
const SLOWDOWN = 4;

const ANIMATION_SECONDS = 3;
const DRAG_SECONDS = 2;

/**
 * Settings that are a figure's heaviest but not its sliders' maxima, measured as well: the room figure
 * switches from SVG to canvas above SVG_MAX_PEOPLE (60), so its heaviest SVG room is 60 people, all talking.
 */
const EXTRA_CASES: Record<string, { label: string; values: Record<string, number> }[]> = {
  'mesh-vs-sfu/room': [{ label: 'svg', values: { people: 60, talkers: 60 } }],
};

type Values = Record<string, number> | 'max';

export type WorkKind = 'script' | 'style' | 'layout' | 'paint' | 'gc' | 'other';
export const WORK_KINDS: WorkKind[] = ['script', 'style', 'layout', 'paint', 'gc', 'other'];


/** Which kind of work a trace event's own time is (devtools' categories, roughly). */
function kindOf(name: string): WorkKind {
  if (/GC|Scavenge|MarkCompact/i.test(name)) return 'gc';
  if (/^(UpdateLayoutTree|RecalculateStyles|ParseAuthorStyleSheet|ScheduleStyleRecalculation|InvalidateLayout)$/.test(name)) return 'style';
  if (/^(Layout|UpdateLayout|IntersectionObserverController::computeIntersections|ResizeObserverController)/.test(name)) return 'layout';
  if (/Paint|Raster|Layerize|Composite|Commit|UpdateLayer|Decode|Canvas|ProxyMain::BeginMainFrame::commit/.test(name)) return 'paint';
  if (/^(FunctionCall|EvaluateScript|v8\.|V8\.|TimerFire|EventDispatch|FireAnimationFrame|RunMicrotasks|v8::|ParseHTML|XHR|HitTest|MajorGC|MinorGC)/.test(name)) return 'script';
  return 'other';
}

/** The renderer main thread's own CPU time by kind, from a trace: each event's thread time minus its children's. */
function workBreakdown(events: TraceEvent[]): Record<WorkKind, number> {
  const mains = rendererMainThreads(events);
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (e.ph === 'X' && mains.has(key) && e.tdur !== undefined) byThread.set(key, [...(byThread.get(key) ?? []), e]);
  }
  const main = [...byThread.values()].sort((a, b) => b.length - a.length)[0] ?? [];
  main.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const totals = Object.fromEntries(WORK_KINDS.map((k) => [k, 0])) as Record<WorkKind, number>;
  // Self time: an event's tdur less the tdur of the events nested directly in it.
  const stack: { end: number; kind: WorkKind; self: number }[] = [];
  const close = (until: number) => {
    while (stack.length && stack[stack.length - 1].end <= until) {
      const done = stack.pop()!;
      totals[done.kind] += Math.max(0, done.self) / 1000;
    }
  };
  for (const e of main) {
    close(e.ts);
    const parent = stack[stack.length - 1];
    if (parent) parent.self -= e.tdur!;
    // RunTask and similar wrappers count as the kind of what they run; their leftover is "other".
    stack.push({ end: e.ts + (e.dur ?? 0), kind: kindOf(e.name), self: e.tdur! });
  }
  close(Number.POSITIVE_INFINITY);
  return totals;
}

async function setValues(figure: Locator, values: Values) {
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
}

/**
 * One measured window: the CPU slowed 4x for `seconds`, frames stamped by requestAnimationFrame; with a
 * slider index, that slider moved a step every frame as `pattern` says (drag.ts; an input event each frame).
 */
async function measureWindow(
  page: Page,
  cdp: CDPSession,
  figure: Locator,
  slider: number | null,
  seconds: number,
  breakdown: boolean,
  pattern: DragPattern,
): Promise<Omit<FrameResult, 'figure' | 'mode' | 'slider'>> {
  await cdp.send('Performance.enable');
  const metric = async (name: string) => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find((m) => m.name === name)?.value ?? 0;
  };
  const browser = page.context().browser()!;
  if (breakdown) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8'] });
  const busyBefore = await metric('TaskDuration');
  const cpuBefore = await metric('ThreadTime');
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: SLOWDOWN });
  const stamps = await figure.evaluate(dragEveryFrame, { slider, seconds, pattern, sweepSteps: SWEEP_STEPS });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  const busySeconds = (await metric('TaskDuration')) - busyBefore;
  const cpuSeconds = (await metric('ThreadTime')) - cpuBefore;
  const frames = Math.max(1, stamps.length - 1);
  let work: Record<WorkKind, number> | undefined;
  if (breakdown) {
    const { traceEvents } = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
    const totals = workBreakdown(traceEvents);
    work = Object.fromEntries(WORK_KINDS.map((k) => [k, totals[k] / frames])) as Record<WorkKind, number>;
  }
  const intervals = stamps
    .slice(1)
    .map((t, i) => t - stamps[i])
    .sort((a, b) => a - b);
  const elapsed = stamps[stamps.length - 1] - stamps[0];
  return {
    medianMs: intervals[Math.floor(intervals.length / 2)],
    p95Ms: intervals[Math.floor(intervals.length * 0.95)],
    fps: (frames / elapsed) * 1000,
    busyShare: busySeconds / (elapsed / 1000),
    cpuMsPerFrame: (cpuSeconds * 1000) / frames,
    breakdown: work,
  };
}

export async function measureFigureFrames(
  browser: Browser,
  origin: string,
  chapterSlug: string,
  only?: string,
  { breakdown = false, slider: onlySlider, drag = 'sweep' }: { breakdown?: boolean; slider?: string; drag?: DragPattern } = {},
): Promise<FrameResult[]> {
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
      await setValues(figure, values);
      await page.waitForTimeout(500);
      const title = label ? `${name} (${label})` : name;
      const playing = (await figure.locator('.control-play button[aria-pressed="true"]').count()) > 0;
      if (playing) results.push({ figure: title, mode: 'animation', ...(await measureWindow(page, cdp, figure, null, ANIMATION_SECONDS, breakdown, drag)) });
      // Every slider the reader can reach (not in a closed <details>, not hidden), each dragged in turn.
      const sliders = await figure
        .locator('input[type="range"]')
        .evaluateAll((inputs) => inputs.map((input, index) => ({ index, name: (input as HTMLInputElement).dataset.control ?? `slider ${index + 1}`, shown: (input as HTMLElement).offsetParent !== null && !(input as HTMLInputElement).disabled })));
      let worst: FrameResult | null = null;
      for (const slider of sliders.filter((s) => s.shown && (!onlySlider || s.name === onlySlider))) {
        const result: FrameResult = { figure: title, mode: 'drag', slider: slider.name, whilePlaying: playing, ...(await measureWindow(page, cdp, figure, slider.index, DRAG_SECONDS, breakdown, drag)) };
        if (!worst || result.cpuMsPerFrame > worst.cpuMsPerFrame) worst = result;
        // Back to the case's setting for the next slider (the drag left this one at its value or a step off).
        await setValues(figure, values);
        await page.waitForTimeout(300);
      }
      if (worst) results.push(worst);
    }
  }
  await context.close();
  return results;
}
