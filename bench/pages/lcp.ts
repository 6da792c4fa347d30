/**
 * `tsx bench/pages/lcp.ts --routes=/,/learn/cost [--runs=1] [--dist=.next-other] [--json=<dir>]`: one Lighthouse
 * mobile run per route (and per `--runs`) on the built site, printing what its simulated LCP was made of
 * (bench/pages/lcpGraph.ts), the requests of the load with their observed times and priorities, the page's
 * largest contentful paint element (a PerformanceObserver in the same Chromium at Lighthouse's phone size, since
 * Lighthouse 12.2.3's own LCP-element audit errors out in Chromium 153) and the audits below full marks.
 * Cheaper than the whole `npm run bench -- --only=lighthouse` when one route is the question.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { lighthouseOnce } from './lighthouse';
import { formatLcpGraph, lcpGraph, type RunArtifacts } from './lcpGraph';
import { startSite } from './server';
import { chromiumPath, machineLine } from './index';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const routes = (arg('routes') ?? '/').split(',');
const runs = Number(arg('runs') ?? 1);
const dist = arg('dist');
const jsonDir = arg('json');

/** The element of the last LCP candidate, as the page itself reports it at Lighthouse's phone size. */
async function lcpElement(executablePath: string, url: string): Promise<string> {
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true });
    await page.addInitScript(() => {
      const w = window as unknown as { __lcp: string[] };
      w.__lcp = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as PerformanceEntry[] & { element?: Element | null; size?: number }[]) {
          const element = (entry as unknown as { element: Element | null }).element;
          const text = element?.textContent?.trim().slice(0, 60) ?? '';
          w.__lcp.push(`${Math.round(entry.startTime)} ms <${element?.tagName.toLowerCase()} class="${element?.getAttribute('class') ?? ''}"> ${(entry as unknown as { size: number }).size} px² "${text}"`);
        }
      }).observe({ type: 'largest-contentful-paint', buffered: true });
    });
    await page.goto(url, { waitUntil: 'networkidle' });
    return (await page.evaluate(() => (window as unknown as { __lcp: string[] }).__lcp)).join('\n  ');
  } finally {
    await browser.close();
  }
}

const executablePath = await chromiumPath();
const site = await startSite(dist);
console.log(`LCP: ${machineLine()}${dist ? `, build ${dist}` : ''}`);
try {
  for (const route of routes) {
    const url = site.origin + route;
    console.log(`\n## ${route}\n\nLCP candidates (unthrottled): ${await lcpElement(executablePath, url)}`);
    for (let run = 0; run < runs; run += 1) {
      let report = '';
      const summary = await lighthouseOnce(url, executablePath, undefined, async (result) => {
        const graph = await lcpGraph(result as unknown as RunArtifacts);
        const audits = result.lhr.audits;
        const requests = ((audits['network-requests']?.details as { items?: Record<string, string | number>[] } | undefined)?.items ?? [])
          .map((r) => `| ${new URL(String(r.url)).pathname} | ${r.resourceType} | ${r.priority} | ${(Number(r.transferSize) / 1000).toFixed(1)} | ${Math.round(Number(r.networkRequestTime))}-${Math.round(Number(r.networkEndTime))} |`)
          .join('\n');
        const notes = ['font-display', 'layout-shifts', 'render-blocking-resources', 'largest-contentful-paint-element', 'critical-request-chains', 'bootup-time', 'mainthread-work-breakdown']
          .map((id) => `${id}: ${audits[id]?.score ?? 'n/a'} ${audits[id]?.displayValue ?? ''} ${audits[id]?.errorMessage ?? ''}`.trim())
          .join('\n');
        report = `${formatLcpGraph(graph)}\n\nrequests (observed):\n| url | type | priority | kB | ms |\n| --- | --- | --- | --- | --- |\n${requests}\n\n${notes}`;
        if (jsonDir) {
          mkdirSync(jsonDir, { recursive: true });
          const name = route.replace(/^\/$/, 'landing').replace(/^\//, '').replace(/\//g, '_');
          writeFileSync(path.join(jsonDir, `${name}.${run}.json`), JSON.stringify(result.lhr));
          writeFileSync(path.join(jsonDir, `${name}.${run}.lcp.md`), report);
          const artifacts = result.artifacts as unknown as { Trace?: unknown; traces?: Record<string, unknown> };
          writeFileSync(path.join(jsonDir, `${name}.${run}.trace.json.gz`), gzipSync(JSON.stringify(artifacts.Trace ?? artifacts.traces?.defaultPass)));
        }
      });
      console.log(
        `\nrun ${run}: perf ${summary.performance}, a11y ${summary.accessibility}, BP ${summary.bestPractices}, SEO ${summary.seo}; FCP ${Math.round(summary.fcpMs)} ms, LCP ${Math.round(summary.lcpMs)} ms, TBT ${Math.round(summary.tbtMs)} ms, CLS ${summary.cls.toFixed(3)}; below 100: ${summary.failing.join(', ') || 'none'}\n${report}`,
      );
    }
  }
} finally {
  await site.stop();
}
