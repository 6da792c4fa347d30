/**
 * The main thread's work while a page loads, as CPU time (`--only=startup`): what Lighthouse's Total Blocking
 * Time is made of, measured so that a loaded machine does not inflate it. Lighthouse's simulated TBT takes each
 * task's wall-clock length from the trace and multiplies it by the 4x slowdown, so on a shared 2-core box a
 * task that waited for a core counts as blocking; the trace also records each task's thread time (tdur), which
 * is what this reports. Phone screen (Lighthouse's Moto G Power size), no throttling; the page is traced from
 * navigation until 3 s after load.
 */
import type { Browser } from '@playwright/test';
import { rendererMainThreads, type TraceEvent } from './trace';

export interface StartupResult {
  /** CPU time of the longest main-thread task, ms. */
  longestMs: number;
  /** Tasks whose CPU time exceeds 12.5 ms (50 ms once Lighthouse slows the CPU 4x). */
  longTasks: number;
  /** Lighthouse's blocking time estimated from CPU times: sum over tasks of (4 x cpu - 50 ms), ms. */
  blockingMs: number;
  /** All main-thread task time, ms. */
  totalMs: number;
}


export async function measureStartup(browser: Browser, url: string): Promise<StartupResult> {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  try {
    await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForTimeout(3000);
    const { traceEvents } = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
    // The page's renderer main thread: the CrRendererMain with the most tasks.
    const mains = rendererMainThreads(traceEvents);
    const tasksBy = new Map<string, TraceEvent[]>();
    for (const e of traceEvents) {
      const key = `${e.pid}:${e.tid}`;
      if (e.name === 'RunTask' && e.ph === 'X' && mains.has(key)) tasksBy.set(key, [...(tasksBy.get(key) ?? []), e]);
    }
    const tasks = [...tasksBy.values()].sort((a, b) => b.length - a.length)[0] ?? [];
    const cpu = tasks.map((t) => (t.tdur ?? t.dur ?? 0) / 1000);
    return {
      longestMs: Math.max(0, ...cpu),
      longTasks: cpu.filter((ms) => ms > 12.5).length,
      blockingMs: cpu.reduce((sum, ms) => sum + Math.max(0, 4 * ms - 50), 0),
      totalMs: cpu.reduce((sum, ms) => sum + ms, 0),
    };
  } finally {
    await context.close();
  }
}

/** The median of each field over runs. */
export function medianStartup(runs: StartupResult[]): StartupResult {
  const median = (pick: (r: StartupResult) => number) => {
    const values = runs.map(pick).sort((a, b) => a - b);
    return values[Math.floor(values.length / 2)];
  };
  return {
    longestMs: median((r) => r.longestMs),
    longTasks: median((r) => r.longTasks),
    blockingMs: median((r) => r.blockingMs),
    totalMs: median((r) => r.totalMs),
  };
}
