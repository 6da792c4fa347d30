/**
 * `npm run bench`: the room figure's model and drawing benchmark (bench/mesh-vs-sfu, ratios measured side
 * by side), the class follow service's fan-out (bench/follow) and the pages benchmark (bench/pages: bytes,
 * Lighthouse, figure frame times on the built site). `npm run bench -- --only=mesh|follow|transfer|lighthouse|startup|frames`
 * runs some parts; `--figure=<chapter>/<name>` one figure; `--lighthouse-runs=N` Lighthouse runs per route (default 3,
 * the median reported); `--baseline=<distDir> [--rounds=N]` measures the frames and the Lighthouse scores of another
 * build beside this one (bench/pages/index.ts); `--routes=/,/room/lobby` some routes only; `--lighthouse-json=<dir>`
 * keeps every Lighthouse report; `--breakdown` splits each figure's frame time into script, style, layout, paint and GC
 * (from a trace); `--slider=<data-control>` drags that slider only (the drag rows are otherwise each figure's costliest
 * slider); `--drag=sweep|alternate` how a drag moves (bench/pages/drag.ts; sweep, the default, meets a new value each
 * frame of its first pass, alternate stays on the two highest values). Nothing here passes or fails. The SFU forwarding benchmark is separate (`npm run bench:sfu`,
 * bench/sfu/) because it pins processes to cores and runs for minutes.
 */
import { buildIfNeeded } from '../scripts/build-if-needed.mjs';
import { runMeshVsSfuBench } from './mesh-vs-sfu';
import { runFollowBench } from './follow';
import { runPagesBench } from './pages';
import { DRAG_PATTERNS, type DragPattern } from './pages/drag';

const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
const figure = process.argv.find((arg) => arg.startsWith('--figure='))?.slice('--figure='.length);
const baseline = process.argv.find((arg) => arg.startsWith('--baseline='))?.slice('--baseline='.length);
const lighthouseRuns = Number(process.argv.find((arg) => arg.startsWith('--lighthouse-runs='))?.slice('--lighthouse-runs='.length) ?? 3);
const rounds = Number(process.argv.find((arg) => arg.startsWith('--rounds='))?.slice('--rounds='.length) ?? 1);
const routes = process.argv.find((arg) => arg.startsWith('--routes='))?.slice('--routes='.length).split(',');
const lighthouseJson = process.argv.find((arg) => arg.startsWith('--lighthouse-json='))?.slice('--lighthouse-json='.length);
const breakdown = process.argv.includes('--breakdown');
const slider = process.argv.find((arg) => arg.startsWith('--slider='))?.slice('--slider='.length);
const drag = process.argv.find((arg) => arg.startsWith('--drag='))?.slice('--drag='.length) ?? 'sweep';
if (!(DRAG_PATTERNS as readonly string[]).includes(drag)) {
  console.error(`--drag must be one of ${DRAG_PATTERNS.join(', ')}, not "${drag}"`);
  process.exit(2);
}
const parts = only ? new Set(only.split(',')) : new Set(['mesh', 'follow', 'transfer', 'lighthouse', 'startup', 'frames']);

if (parts.has('mesh')) await runMeshVsSfuBench();
// One class session with 200 simulated followers: fan-out time p50/p99, beside a plain broadcast loop.
if (parts.has('follow')) await runFollowBench();
if (parts.has('transfer') || parts.has('lighthouse') || parts.has('frames') || parts.has('startup')) {
  buildIfNeeded();
  await runPagesBench({ transfer: parts.has('transfer'), lighthouse: parts.has('lighthouse'), startup: parts.has('startup'), frames: parts.has('frames'), breakdown, figure, slider, drag: drag as DragPattern, baseline, rounds, lighthouseRuns, routes, lighthouseJson });
}
