/**
 * Lighthouse (the npm package, pinned) against one route, mobile preset (Lighthouse's default: a Moto G
 * Power sized screen, simulated slow 4G, CPU slowed 4x), in the same Chromium the tests use. Lighthouse's
 * scores swing from run to run on a busy machine, so each route runs `runs` times and the run with the
 * median performance score is reported, as Lighthouse's own docs recommend.
 */
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
}

const score = (value: number | null | undefined) => Math.round((value ?? 0) * 100);

export async function runLighthouse(url: string, chromePath: string, runs = 3): Promise<LighthouseResult> {
  const results: LighthouseResult[] = [];
  for (let i = 0; i < runs; i += 1) {
    const chrome = await chromeLauncher.launch({
      chromePath,
      chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
    try {
      const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error' });
      if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
      const { categories, audits } = result.lhr;
      const metric = (id: string) => audits[id]?.numericValue ?? Number.NaN;
      results.push({
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
      });
    } finally {
      chrome.kill();
    }
  }
  results.sort((a, b) => a.performance - b.performance);
  return results[Math.floor(results.length / 2)];
}
