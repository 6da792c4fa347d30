/**
 * `npm run bench` (pages part): per route, what a reader downloads before scrolling (first-load JS named
 * by the HTML; everything fetched on a phone and on a desktop screen until the network is quiet, prefetches
 * included), the Lighthouse mobile scores (median of 3 runs) and, per figure, the frame time at its largest
 * setting with the CPU slowed 4x. Sizes are exact; scores and frame times depend on the machine and its
 * load, so the table says which machine it ran on (docs/performance.md keeps the last one).
 */
import os from 'node:os';
import { chromium } from '@playwright/test';
import { chapters } from '@/content/chapters.generated';
import { firstLoad } from '../../test/e2e/support/firstLoad';
import { startSite } from './server';
import { DESKTOP, measureTransfer, PHONE } from '../../test/e2e/support/transfer';
import { lighthouseOnce, medianRun, runLighthouse, type LighthouseResult } from './lighthouse';
import { measureFigureFrames, WORK_KINDS, type FrameResult } from './frames';
import { SWEEP_STEPS, type DragPattern } from './drag';
import { measureStartup, medianStartup, type StartupResult } from './startup';

export interface PagesBenchOptions {
  lighthouse: boolean;
  /** Main-thread CPU time while each route loads (bench/pages/startup.ts); with a baseline, side by side. */
  startup?: boolean;
  frames: boolean;
  transfer: boolean;
  /** Frames: also trace each measured window and split its CPU time per frame into script, style, layout, paint, GC. */
  breakdown?: boolean;
  /** Only figures whose name starts with this (frames only). */
  figure?: string;
  /** Drag only the slider with this data-control (else every slider, and the costliest is reported). */
  slider?: string;
  /** How a drag moves its slider (bench/pages/drag.ts): a sweep down the track and back (default), or alternating. */
  drag?: DragPattern;
  /**
   * Another build of the site (a NEXT_DIST_DIR, e.g. main built with NEXT_DIST_DIR=.next-main): frames are then
   * measured on both, side by side in one run (baseline, this build, this build, baseline per chapter, so a load
   * that drifts during the run weighs on both alike), and the table gives both and their ratio.
   */
  baseline?: string;
  /** Lighthouse runs per route; the median by performance score is reported (default 3). */
  lighthouseRuns?: number;
  /** With a baseline: how many times to repeat the baseline, this, this, baseline sequence (default 1). */
  rounds?: number;
  /** Only these routes (transfer and Lighthouse), e.g. ['/', '/room/lobby']. */
  routes?: string[];
  /** Keep every Lighthouse run's full JSON report in this folder (to read its long tasks, LCP element...). */
  lighthouseJson?: string;
}

const kB = (bytes: number) => (bytes / 1000).toFixed(1);

export async function chromiumPath(): Promise<string> {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  if (process.env.CHROME_PATH) return process.env.CHROME_PATH;
  const { default: sparticuz } = await import('@sparticuz/chromium');
  return sparticuz.executablePath();
}

export function machineLine(): string {
  const cpus = os.cpus();
  const load = os.loadavg().map((l) => l.toFixed(1)).join(' ');
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, load average ${load}`;
}

export async function runPagesBench(options: PagesBenchOptions): Promise<void> {
  const executablePath = await chromiumPath();
  const site = await startSite();
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
  const allRoutes = ['/', ...chapters.map((c) => `/learn/${c.slug}`), '/room/lobby'];
  const routes = options.routes?.length ? allRoutes.filter((route) => options.routes!.includes(route)) : allRoutes;
  // With a baseline build, Lighthouse measures it beside this one: its runs alternate with this build's.
  const lighthouseBaseline = options.lighthouse && options.baseline ? await startSite(options.baseline) : null;
  console.log(`\nPages: ${machineLine()}; Chromium ${browser.version()}\n`);
  try {
    if (options.transfer || options.lighthouse) {
      const header = ['route'];
      if (options.transfer) header.push('first-load JS kB', 'phone JS kB', 'phone total kB', 'desktop JS kB', 'desktop total kB');
      if (options.lighthouse) header.push('perf', 'a11y', 'best pr.', 'SEO', 'LCP ms', 'TBT ms', 'CLS', 'below 100');
      console.log(`| ${header.join(' | ')} |\n|${header.map(() => ' --- ').join('|')}|`);
      for (const route of routes) {
        const cells = [route];
        if (options.transfer) {
          const html = await firstLoad(site.origin, route);
          const phone = await measureTransfer(browser, site.origin + route, PHONE);
          const desktop = await measureTransfer(browser, site.origin + route, DESKTOP);
          cells.push(kB(html.bytes), kB(phone.js), kB(phone.total), kB(desktop.js), kB(desktop.total));
        }
        if (options.lighthouse) {
          try {
            if (lighthouseBaseline) {
              const before: LighthouseResult[] = [];
              const now: LighthouseResult[] = [];
              for (let run = 0; run < (options.lighthouseRuns ?? 3); run += 1) {
                const dir = options.lighthouseJson;
                const base = () => lighthouseOnce(lighthouseBaseline.origin + route, executablePath, dir ? { dir, label: 'baseline', run } : undefined);
                const mine = () => lighthouseOnce(site.origin + route, executablePath, dir ? { dir, label: 'this', run } : undefined);
                // Alternate which goes first, so a load that drifts during the pair weighs on both alike.
                if (run % 2 === 0) {
                  before.push(await base());
                  now.push(await mine());
                } else {
                  now.push(await mine());
                  before.push(await base());
                }
              }
              const b = medianRun(before);
              const n = medianRun(now);
              cells.push(
                `${b.performance} → ${n.performance}`,
                `${b.accessibility} → ${n.accessibility}`,
                `${b.bestPractices} → ${n.bestPractices}`,
                `${b.seo} → ${n.seo}`,
                `${b.lcpMs.toFixed(0)} → ${n.lcpMs.toFixed(0)}`,
                `${b.tbtMs.toFixed(0)} → ${n.tbtMs.toFixed(0)}`,
                `${b.cls.toFixed(3)} → ${n.cls.toFixed(3)}`,
                n.failing.join(', ') || '-',
              );
            } else {
              const lh: LighthouseResult = await runLighthouse(site.origin + route, executablePath, options.lighthouseRuns ?? 3, options.lighthouseJson);
              cells.push(
                String(lh.performance),
                String(lh.accessibility),
                String(lh.bestPractices),
                String(lh.seo),
                lh.lcpMs.toFixed(0),
                lh.tbtMs.toFixed(0),
                lh.cls.toFixed(3),
                lh.failing.join(', ') || '-',
              );
            }
          } catch (error) {
            // One route failing (a Chromium crash on a loaded machine) leaves its row blank, not the table.
            cells.push(...Array(7).fill('-'), `Lighthouse failed: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
        console.log(`| ${cells.join(' | ')} |`);
      }
    }
    if (options.startup) {
      const runs = options.lighthouseRuns ?? 3;
      const baseline = options.baseline ? await startSite(options.baseline) : null;
      try {
        console.log(
          `\nMain thread while each route loads, CPU time (phone screen, no throttling; median of ${runs}${baseline ? `; baseline = ${options.baseline} → this build, runs alternating` : ''}).` +
            ' "blocking" = sum over tasks of (4 x cpu - 50 ms), Lighthouse\'s TBT rule applied to CPU time.\n',
        );
        console.log('| route | longest task ms | tasks > 12.5 ms | blocking ms | all tasks ms |\n| --- | --- | --- | --- | --- |');
        for (const route of routes) {
          const before: StartupResult[] = [];
          const now: StartupResult[] = [];
          for (let run = 0; run < runs; run += 1) {
            if (baseline) before.push(await measureStartup(browser, baseline.origin + route));
            now.push(await measureStartup(browser, site.origin + route));
          }
          const n = medianStartup(now);
          const b = baseline ? medianStartup(before) : null;
          const cell = (pick: (r: StartupResult) => number, digits = 1) => (b ? `${pick(b).toFixed(digits)} → ${pick(n).toFixed(digits)}` : pick(n).toFixed(digits));
          console.log(`| ${route} | ${cell((r) => r.longestMs)} | ${cell((r) => r.longTasks, 0)} | ${cell((r) => r.blockingMs, 0)} | ${cell((r) => r.totalMs, 0)} |`);
        }
      } finally {
        await baseline?.stop();
      }
    }
    if (options.frames) {
      const baseline = options.baseline ? await startSite(options.baseline) : null;
      try {
        console.log('\nFigures at their largest setting, CPU slowed 4x (frame = requestAnimationFrame interval; 16.7 ms is 60 fps)');
        console.log(
          (options.drag ?? 'sweep') === 'sweep'
            ? `Drags sweep: a step a frame down from the largest setting, up to ${SWEEP_STEPS} steps, and back (each value of the first pass new to the figure).\n`
            : 'Drags alternate: the two highest values of the slider, one each frame.\n',
        );
        const kinds = options.breakdown ? WORK_KINDS : [];
        const kindHeader = kinds.map((k) => `${k} ms`);
        console.log(
          baseline
            ? `Side by side: baseline = ${options.baseline}, this = the current build; each the mean of ${2 * (options.rounds ?? 1)} runs (baseline, this, this, baseline, repeated). CPU ms/frame = the main thread's CPU time per frame with the CPU slowed 4x (16.7 ms is the 60 fps budget).\n\n| figure | mode | fps baseline | fps this | p95 ms baseline | p95 ms this | busy baseline | busy this | CPU ms/frame baseline | CPU ms/frame this | frame time this / baseline |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |`
            : `| figure | mode | median ms | p95 ms | fps | main thread busy | CPU ms/frame at 4x |${kindHeader.map((k) => ` ${k} |`).join('')}\n|${[...Array(7 + kinds.length)].map(() => ' --- |').join('')}`,
        );
        // A drag row names the slider that cost the most ("drag: people"), and says when the animation played meanwhile.
        const modeLabel = (f: FrameResult) => (f.mode === 'drag' ? `drag: ${f.slider}${f.whilePlaying ? ', playing' : ''}` : f.mode);
        for (const chapter of chapters.filter((c) => !options.figure || options.figure.startsWith(`${c.slug}/`) || options.figure === c.slug)) {
          const measure = (origin: string) => measureFigureFrames(browser, origin, chapter.slug, options.figure, { breakdown: options.breakdown, slider: options.slider, drag: options.drag });
          if (!baseline) {
            const frames: FrameResult[] = await measure(site.origin);
            for (const f of frames) {
              const work = kinds.map((k) => ` ${(f.breakdown?.[k] ?? 0).toFixed(1)} |`).join('');
              console.log(
                `| ${f.figure} | ${modeLabel(f)} | ${f.medianMs.toFixed(1)} | ${f.p95Ms.toFixed(1)} | ${f.fps.toFixed(0)} | ${Math.round(f.busyShare * 100)} % | ${f.cpuMsPerFrame.toFixed(1)} |${work}`,
              );
            }
            continue;
          }
          const before: FrameResult[] = [];
          const now: FrameResult[] = [];
          for (let round = 0; round < (options.rounds ?? 1); round += 1) {
            before.push(...(await measure(baseline.origin)));
            now.push(...(await measure(site.origin)), ...(await measure(site.origin)));
            before.push(...(await measure(baseline.origin)));
          }
          // A figure's animation row and its drag row are kept apart (a drag row's slider may differ between runs).
          const key = (r: FrameResult) => `${r.figure}\u0000${r.mode}`;
          const mean = (runs: FrameResult[], row: string, pick: (r: FrameResult) => number) => {
            const values = runs.filter((r) => key(r) === row).map(pick);
            return values.length ? values.reduce((x, y) => x + y, 0) / values.length : Number.NaN;
          };
          for (const row of [...new Set(now.map(key))]) {
            const fps = (runs: FrameResult[]) => mean(runs, row, (r) => r.fps);
            const busy = (runs: FrameResult[]) => `${Math.round(mean(runs, row, (r) => r.busyShare) * 100)} %`;
            const cpu = (runs: FrameResult[]) => mean(runs, row, (r) => r.cpuMsPerFrame).toFixed(1);
            const p95 = (runs: FrameResult[]) => mean(runs, row, (r) => r.p95Ms).toFixed(1);
            const first = now.find((r) => key(r) === row)!;
            console.log(
              `| ${first.figure} | ${modeLabel(first)} | ${fps(before).toFixed(0)} | ${fps(now).toFixed(0)} | ${p95(before)} | ${p95(now)} | ${busy(before)} | ${busy(now)} | ${cpu(before)} | ${cpu(now)} | ${(fps(before) / fps(now)).toFixed(2)} |`,
            );
          }
        }
      } finally {
        await baseline?.stop();
      }
    }
  } finally {
    await browser.close();
    await lighthouseBaseline?.stop();
    await site.stop();
  }
}
