/**
 * Lighthouse (the npm package, pinned) against one route, mobile preset (Lighthouse's default: a Moto G
 * Power sized screen, simulated slow 4G, CPU slowed 4x), in the same Chromium the tests use. Lighthouse's
 * scores swing from run to run on a busy machine, so each route runs `runs` times and the run with the
 * median performance score is reported, as Lighthouse's own docs recommend.
 *
 * Lighthouse's "simulated" timings (lantern) are computed from the tasks Chromium actually ran, each
 * multiplied by the 4x CPU slowdown: on a loaded machine a task that waited for a core looks four times
 * longer. Run the bench at raised priority (`sudo nice -n -10 npm run bench -- --only=lighthouse`) to keep
 * the other processes' load out of the numbers as far as possible.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

export interface LighthouseResult {
  performance: number;
  accessibility: number;
  bestPractices: number;
  seo: number;
  /** Simulated metrics of the median run, in ms (CLS unitless). */
  fcpMs: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  /** Audits below full marks in the median run, for the reader to act on. */
  failing: string[];
  /** The main thread's tasks of 50 ms or more (as observed, before the 4x slowdown), longest first. */
  longTasks: { url: string; ms: number }[];
}

const score = (value: number | null | undefined) => Math.round((value ?? 0) * 100);

/** What `--lighthouse-json=<dir>` keeps: one full report per run, named after the route and the run. */
function reportFile(dir: string, url: string, label: string, run: number): string {
  const route = new URL(url).pathname.replace(/^\/$/, 'landing').replace(/^\//, '').replace(/\//g, '_');
  return path.join(dir, `${route}${label ? `.${label}` : ''}.${run}.json`);
}

/**
 * One Lighthouse run in a fresh Chromium. `inspect` gets the run's whole result (report and artifacts: trace,
 * devtools log) before the browser closes, e.g. for bench/pages/lcpGraph.ts.
 */
export async function lighthouseOnce(
  url: string,
  chromePath: string,
  save?: { dir: string; label: string; run: number },
  inspect?: (result: NonNullable<Awaited<ReturnType<typeof lighthouse>>>) => Promise<void>,
): Promise<LighthouseResult> {
  const chrome = await chromeLauncher.launch({
    chromePath,
    chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error' });
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
    if (save) {
      mkdirSync(save.dir, { recursive: true });
      writeFileSync(reportFile(save.dir, url, save.label, save.run), typeof result.report === 'string' ? result.report : JSON.stringify(result.lhr));
    }
    await inspect?.(result);
    const { categories, audits } = result.lhr;
    const metric = (id: string) => audits[id]?.numericValue ?? Number.NaN;
    const longTasks = ((audits['long-tasks']?.details as { items?: { url: string; duration: number }[] } | undefined)?.items ?? [])
      .map((item) => ({ url: item.url, ms: item.duration }))
      .sort((a, b) => b.ms - a.ms);
    return {
      performance: score(categories.performance.score),
      accessibility: score(categories.accessibility.score),
      bestPractices: score(categories['best-practices'].score),
      seo: score(categories.seo.score),
      fcpMs: metric('first-contentful-paint'),
      lcpMs: metric('largest-contentful-paint'),
      tbtMs: metric('total-blocking-time'),
      cls: metric('cumulative-layout-shift'),
      failing: Object.values(audits)
        .filter((audit) => audit.score !== null && audit.score < 1 && ['binary', 'numeric', 'metricSavings'].includes(audit.scoreDisplayMode))
        .filter((audit) => !['first-contentful-paint', 'largest-contentful-paint', 'speed-index', 'total-blocking-time', 'interactive', 'max-potential-fid'].includes(audit.id))
        .map((audit) => audit.id),
      longTasks,
    };
  } finally {
    chrome.kill();
  }
}

/** The run with the median performance score. */
export function medianRun(results: LighthouseResult[]): LighthouseResult {
  const sorted = [...results].sort((a, b) => a.performance - b.performance);
  return sorted[Math.floor(sorted.length / 2)];
}

export async function runLighthouse(url: string, chromePath: string, runs = 3, saveDir?: string): Promise<LighthouseResult> {
  const results: LighthouseResult[] = [];
  for (let run = 0; run < runs; run += 1) {
    results.push(await lighthouseOnce(url, chromePath, saveDir ? { dir: saveDir, label: '', run } : undefined));
  }
  return medianRun(results);
}
