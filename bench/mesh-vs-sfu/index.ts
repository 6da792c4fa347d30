/**
 * `npm run bench` (mesh vs SFU part): how long the room figure's model step and drawing take at 1,000
 * people, reported as ratios measured side by side in one run, so the numbers mean the same on a fast
 * laptop and a slow CI box. Absolute times are printed for context only; nothing here passes or fails.
 *
 * Model: roomBandwidth() for all three wirings plus one stepFlow() tick, timed in Node.
 * Draw: both renderers, timed in real Chromium (the @sparticuz/chromium binary driven by playwright-core),
 * with the renderer code bundled by esbuild from the same files the site uses. See draw.entry.tsx for
 * exactly what a "frame" includes.
 */
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';
import { chromium as playwright } from '@playwright/test';
import { createRng } from '@/lib/random';
import { initialFlow, roomBandwidth, stepFlow, TOPOLOGIES, type FlowParams, type FlowState } from '@/lib/bandwidth';
import type { DrawCase, DrawTimes } from './draw.entry';

const PEOPLE = 1000;
const FRAME_BUDGET_MS = 1000 / 60;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))];
}

/** Median time of `fn` over `samples` batches of `perBatch` calls, per call. */
function timeMs(fn: () => void, samples = 30, perBatch = 20): number {
  for (let i = 0; i < perBatch * 3; i += 1) fn();
  const times: number[] = [];
  for (let s = 0; s < samples; s += 1) {
    const start = performance.now();
    for (let i = 0; i < perBatch; i += 1) fn();
    times.push((performance.now() - start) / perBatch);
  }
  return median(times);
}

function modelStepMs(talkers: number): number {
  const params: FlowParams = { topology: 'mesh', people: PEOPLE, senders: talkers };
  const rng = createRng(3);
  let flow: FlowState = initialFlow();
  for (let t = 0; t < 2000; t += 16) flow = stepFlow(flow, params, 16, rng);
  return timeMs(() => {
    for (const topology of TOPOLOGIES) roomBandwidth({ topology, people: PEOPLE, talkers });
    flow = stepFlow(flow, params, 16, rng);
  });
}

async function bundle(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./draw.entry.tsx', import.meta.url))],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    jsx: 'automatic',
    outdir: 'out',
    minify: true,
    define: { 'process.env.NODE_ENV': '"production"' },
    tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)),
    logLevel: 'error',
  });
  const js = result.outputFiles.find((file) => file.path.endsWith('.js'));
  if (!js) throw new Error('esbuild produced no JavaScript');
  return js.text;
}

async function chromiumPath(): Promise<string> {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  const { default: sparticuz } = await import('@sparticuz/chromium');
  return sparticuz.executablePath();
}

function fmt(ms: number): string {
  return ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`;
}

function ratio(a: number, b: number): string {
  return `${(a / b).toFixed(a / b < 10 ? 2 : 0)}×`;
}

export async function runMeshVsSfuBench(): Promise<void> {
  console.log(`\nMesh vs SFU room figure at ${PEOPLE.toLocaleString('en-US')} people`);

  const modelAllTalking = modelStepMs(PEOPLE);
  const modelOneTalking = modelStepMs(1);

  const script = await bundle();
  const browser = await playwright.launch({ executablePath: await chromiumPath(), args: ['--no-sandbox'] });
  let big: DrawTimes;
  let small: DrawTimes;
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 1000 } });
    await page.setContent('<!doctype html><html><body style="margin:0"></body></html>');
    await page.addScriptTag({ content: script });
    const run = (c: DrawCase) => page.evaluate((input) => window.runDrawBench(input), c);
    big = await run({ topology: 'mesh', people: PEOPLE, talkers: PEOPLE, frames: 120 });
    small = await run({ topology: 'mesh', people: 60, talkers: 60, frames: 120 });
  } finally {
    await browser.close();
  }

  const canvasFrame = median(big.canvasFrameMs);
  const svgFrame = median(big.svgFrameMs);
  const canvasFull = median(big.canvasFullMs);
  const svgFull = median(big.svgFullMs);
  const smallCanvas = median(small.canvasFrameMs);
  const smallSvg = median(small.svgFrameMs);

  const rows: [string, string][] = [
    ['model step (3 wirings + 1 flow tick), all talking', fmt(modelAllTalking)],
    ['model step, 1 talking', fmt(modelOneTalking)],
    ['canvas frame (cached layer + packets), median / p95', `${fmt(canvasFrame)} / ${fmt(p95(big.canvasFrameMs))}`],
    ['canvas full redraw (input change)', fmt(canvasFull)],
    ['SVG frame (packets only), median / p95', `${fmt(svgFrame)} / ${fmt(p95(big.svgFrameMs))}`],
    ['SVG full redraw (input change)', fmt(svgFull)],
  ];
  console.log('\n  Times (context only; they depend on the machine):');
  for (const [label, value] of rows) console.log(`    ${label.padEnd(56)} ${value}`);

  const ratios: [string, string][] = [
    ['SVG frame / canvas frame at 1,000 people', ratio(svgFrame, canvasFrame)],
    ['SVG full redraw / canvas full redraw at 1,000 people', ratio(svgFull, canvasFull)],
    ['SVG frame / canvas frame at 60 people', ratio(smallSvg, smallCanvas)],
    ['canvas full redraw / cached canvas frame (why the layer is cached)', ratio(canvasFull, canvasFrame)],
    ['(model step + canvas frame) / 60 Hz frame budget', ratio(modelAllTalking + canvasFrame, FRAME_BUDGET_MS)],
    ['model step / canvas frame', ratio(modelAllTalking, canvasFrame)],
  ];
  console.log('\n  Ratios, measured side by side in this run:');
  for (const [label, value] of ratios) console.log(`    ${label.padEnd(68)} ${value}`);
  console.log(
    '\n  Draw time is measured in Chromium up to a forced sync point (canvas: a one-pixel read-back;' +
      '\n  SVG: React commit + forced layout). SVG paint is not included, so the SVG numbers are a floor.',
  );
}
