/**
 * Where a dragged figure's frames go: a V8 CPU profile of one slider drag with the CPU slowed 4x, summed
 * by function (self time), by script and by the native work around it (style, layout, paint: "(program)").
 *
 *   npx tsx bench/pages/profile.ts <chapter>/<figure> <slider data-control> [--dist=.next-main] [--seconds=2] [--playing] [--trace]
 *     [--values=people=60,talkers=60] [--all] [--inclusive] [--drag=sweep|alternate] [--rate=4]
 *
 * The build is minified, so functions show as their minified names with script and position: look the
 * position up in .next/static/chunks/<script> (the line is 1 for most chunks; the column finds the code).
 * The slider is dragged as in the frames bench (drag.ts; `--drag` as there, sweep by default), from every slider at its maximum, or with `--values`
 * from those sliders (by data-control) at those values, the others at their maximum; `--all` loads every figure
 * of the chapter first (a page the reader has scrolled through), so their live parts are on the page too.
 * With `--trace`, PROFILE_DUMP=<file> also writes the trace's events there (to read the events' arguments:
 * how many elements a style recalculation touched, the layout root, which layer was painted). `--trace`: the
 * main thread's own time by trace event instead (Paint, Layout, UpdateLayoutTree, Commit...), the browser's share.
 */
import { chromium } from '@playwright/test';
import { DRAG_PATTERNS, dragEveryFrame, SWEEP_STEPS, type DragPattern } from './drag';
import { chromiumPath } from './index';
import { startSite } from './server';
import { rendererMainThreads, type TraceEvent } from './trace';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

const [name, slider] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const flag = (key: string) => process.argv.find((a) => a.startsWith(`--${key}=`))?.slice(key.length + 3);
const dist = flag('dist');
const seconds = Number(flag('seconds') ?? 2);
const keepPlaying = process.argv.includes('--playing');
const trace = process.argv.includes('--trace');
// --rate=1: the CPU not slowed, so a trace's thread times are the work itself, without the throttler's spin
// (which moves with the machine's load): the steadier measure for comparing two builds on a shared machine.
const rate = Number(flag('rate') ?? 4);
const drag = (flag('drag') ?? 'sweep') as DragPattern;
if (!DRAG_PATTERNS.includes(drag)) {
  console.error(`--drag must be one of ${DRAG_PATTERNS.join(', ')}`);
  process.exit(2);
}
if (!name || !slider) {
  console.error('usage: tsx bench/pages/profile.ts <chapter>/<figure> <slider> [--dist=dir] [--seconds=2] [--playing]');
  process.exit(2);
}

const executablePath = await chromiumPath();
const site = await startSite(dist);
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript('window.__name = (f) => f');
  // --init="...": a script run in the page before its own (to try a change without a build).
  if (flag('init')) await page.addInitScript(flag('init')!);
  await page.goto(`${site.origin}/learn/${name.split('/')[0]}`);
  // --all: every figure of the chapter brought to life first (scrolled to, in order), as for a reader who has
  // read the page and comes back to one figure; then the one to profile.
  if (process.argv.includes('--all'))
    for (const other of await page.locator('figure[data-figure]').all()) {
      await other.scrollIntoViewIfNeeded();
      await other.locator('[data-still]').waitFor({ state: 'detached', timeout: 30_000 });
    }
  const figure = page.locator(`figure[data-figure="${name}"]`);
  await figure.scrollIntoViewIfNeeded();
  await figure.locator('[data-still]').waitFor({ state: 'detached', timeout: 30_000 });
  const values = Object.fromEntries((flag('values') ?? '').split(',').filter(Boolean).map((pair) => pair.split('=')));
  await figure.evaluate((element, values: Record<string, string>) => {
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    for (let pass = 0; pass < 2; pass += 1)
      for (const input of element.querySelectorAll<HTMLInputElement>('input[type="range"]')) {
        setter.call(input, values[input.dataset.control ?? ''] ?? input.max);
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }
  }, values);
  // --css="...": a style sheet added to the page before measuring (to try a CSS change without a build).
  const css = flag('css');
  if (css) await page.addStyleTag({ content: css });
  if (!keepPlaying) {
    const pause = figure.locator('.control-play button[aria-pressed="true"]');
    if (await pause.count()) await pause.first().click();
  }
  await page.waitForTimeout(800);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  // PROFILE_INVALIDATIONS=1: also the events that name each node a step restyles or lays out, and why (for PROFILE_DUMP).
  const invalidations = process.env.PROFILE_INVALIDATIONS ? ['disabled-by-default-devtools.timeline.invalidationTracking'] : [];
  if (trace) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', ...invalidations] });
  else await cdp.send('Profiler.start');
  const frames = (await figure.evaluate(dragEveryFrame, { slider, seconds, pattern: drag, sweepSteps: SWEEP_STEPS })).length;
  if (trace) {
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    const { traceEvents } = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
    console.log(`\n${name}, dragging ${slider}: ${frames} frames; the renderer main thread's own CPU time by trace event, ms per frame at ${rate}x\n`);
    for (const [event, ms] of selfTimeByName(traceEvents).slice(0, 25)) console.log(`  ${(ms / frames).toFixed(2).padStart(7)}  ${event}`);
    // Workers are not slowed by the 4x throttle: their time is what a fast core spends (a phone's slow core, more).
    console.log(`\nThe renderer's other threads (a worker's drawing, raster, compositor), CPU ms per frame, not slowed:\n`);
    for (const [thread, ms] of workerTime(traceEvents)) if (ms / frames >= 0.05) console.log(`  ${(ms / frames).toFixed(2).padStart(7)}  ${thread}: CPU ms per frame, not slowed (its own work at full speed)`);
    if (process.env.PROFILE_DUMP) await import('node:fs').then((fs) => fs.writeFileSync(process.env.PROFILE_DUMP!, JSON.stringify(traceEvents)));
    await context.close();
    await browser.close();
    await site.stop();
    process.exit(0);
  }
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as {
    profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  };
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000));
  const script = (url: string) => url.split('/').pop() || '(native)';
  const sum = (key: (n: ProfileNode) => string) => {
    const totals = new Map<string, number>();
    for (const [id, ms] of selfMs) {
      const k = key(byId.get(id)!);
      totals.set(k, (totals.get(k) ?? 0) + ms);
    }
    return [...totals].sort((a, b) => b[1] - a[1]);
  };
  const per = (ms: number) => (ms / frames).toFixed(2);
  console.log(`\n${name}, dragging ${slider}${keepPlaying ? ' while playing' : ''}: ${frames} frames, ms per frame (wall time of samples, ${rate}x slowdown)\n`);
  console.log('By script:');
  for (const [k, ms] of sum((n) => script(n.callFrame.url)).slice(0, 12)) console.log(`  ${per(ms).padStart(7)}  ${k}`);
  console.log('\nBy function (self):');
  for (const [k, ms] of sum((n) => `${n.callFrame.functionName || '(anonymous)'} ${script(n.callFrame.url)}:${n.callFrame.lineNumber + 1}:${n.callFrame.columnNumber + 1}`).slice(0, 30))
    console.log(`  ${per(ms).padStart(7)}  ${k}`);
  // --inclusive: each function's total time (its own and its callees'), counted once where it recurses: what a
  // component's render or an event handler costs in all.
  if (process.argv.includes('--inclusive')) {
    const parentOf = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
    const keyOf = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${script(n.callFrame.url)}:${n.callFrame.lineNumber + 1}:${n.callFrame.columnNumber + 1}`;
    const totals = new Map<string, number>();
    for (const [id, ms] of selfMs) {
      const seen = new Set<string>();
      for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
        const node = byId.get(at)!;
        if (!node.callFrame.url) continue;
        const k = keyOf(node);
        if (seen.has(k)) continue;
        seen.add(k);
        totals.set(k, (totals.get(k) ?? 0) + ms);
      }
    }
    console.log('\nBy function (total, with callees):');
    for (const [k, ms] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`  ${per(ms).padStart(7)}  ${k}`);
  }
  // The browser's own functions (drawImage, fill...) by the script function that called them.
  const parent = new Map<number, ProfileNode>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n);
  const nativeByCaller = sum((n) => {
    if (n.callFrame.url) return '';
    const up = parent.get(n.id);
    return up?.callFrame.url ? `${n.callFrame.functionName} from ${up.callFrame.functionName || '(anonymous)'} ${script(up.callFrame.url)}:${up.callFrame.lineNumber + 1}:${up.callFrame.columnNumber + 1}` : '';
  }).filter(([k]) => k);
  console.log('\nBrowser functions by caller:');
  for (const [k, ms] of nativeByCaller.slice(0, 10)) console.log(`  ${per(ms).padStart(7)}  ${k}`);
  await context.close();
} finally {
  await browser.close();
  await site.stop();
}

/**
 * The CPU time of the page's other threads (the renderer's, not its main thread: a dedicated worker, raster and
 * compositor threads), their top-level trace events' thread time summed, by the thread's name and id.
 */
function workerTime(events: TraceEvent[]): [string, number][] {
  const mains = rendererMainThreads(events);
  const renderers = new Set([...mains].map((key) => key.split(':')[0]));
  const workers = new Map(
    events
      .filter((e) => e.name === 'thread_name' && renderers.has(String(e.pid)) && !mains.has(`${e.pid}:${e.tid}`))
      .map((e) => [`${e.pid}:${e.tid}`, e.args?.name ?? 'thread']),
  );
  const totals = new Map<string, number>();
  const ends = new Map<string, number>();
  for (const e of [...events].sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0))) {
    const key = `${e.pid}:${e.tid}`;
    if (e.ph !== 'X' || !workers.has(key) || e.tdur === undefined) continue;
    // Only the outermost events: a nested one's time is in its parent's.
    if (e.ts < (ends.get(key) ?? 0)) continue;
    ends.set(key, e.ts + (e.dur ?? 0));
    const name = `${workers.get(key)} ${e.tid}`;
    totals.set(name, (totals.get(name) ?? 0) + e.tdur / 1000);
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}

/** Each trace event's own thread time (its tdur less its children's), summed by name, on the renderer's main thread. */
function selfTimeByName(events: TraceEvent[]): [string, number][] {
  const mains = rendererMainThreads(events);
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (e.ph === 'X' && mains.has(key) && e.tdur !== undefined) byThread.set(key, [...(byThread.get(key) ?? []), e]);
  }
  const main = [...byThread.values()].sort((a, b) => b.length - a.length)[0] ?? [];
  main.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const totals = new Map<string, number>();
  const stack: { end: number; name: string; self: number }[] = [];
  const close = (until: number) => {
    while (stack.length && stack[stack.length - 1].end <= until) {
      const done = stack.pop()!;
      totals.set(done.name, (totals.get(done.name) ?? 0) + Math.max(0, done.self) / 1000);
    }
  };
  for (const e of main) {
    close(e.ts);
    const parent = stack[stack.length - 1];
    if (parent) parent.self -= e.tdur!;
    stack.push({ end: e.ts + (e.dur ?? 0), name: e.name, self: e.tdur! });
  }
  close(Number.POSITIVE_INFINITY);
  return [...totals].sort((a, b) => b[1] - a[1]);
}
