#!/usr/bin/env node
// Runs after `next build` (npm run build, after compile-hints.mjs): in every page Next prerendered, the page's
// JavaScript is asked for once the first screen has been painted, instead of by `<script async>` tags in the head.
//
// Why: every page here is readable as server-rendered HTML (the text, the stills of the figures); the JavaScript
// only hydrates controls and loads figures as the reader nears them. An async script runs as soon as it arrives,
// and on a fast link it arrives while the browser is still parsing and laying out the page, so its evaluation
// (the framework's start-up task) can hold the first paint; on a slow link Chromium already holds these low-
// priority requests until the stylesheet and the preloaded fonts are in, which is about when the first frame
// is ready, so asking for them after that frame costs a reader there about one frame. Lighthouse's simulated
// LCP counted all ~150 kB of it on slow 4G whenever one load happened to evaluate it before the first frame,
// which moved the same page between 1.2 and 2.5 s run to run (docs/performance.md, wave 6); asked for after
// the paint, the scripts are never part of it.
//
// How: Next's `<script src="/_next/static/..." async>` tags and its low-priority script preloads are taken out
// of the HTML and one inline script in the head inserts the same scripts (async, in the order the page named them) when the
// browser reports the page's first contentful paint (a PerformanceObserver on 'paint', which fires once that
// frame is on screen). The head's `<link rel="expect" href="#main" blocking="render">` (app/layout.tsx) makes
// that first paint the whole first screen. A browser without paint timing loads them after its first frame;
// a page that cannot paint yet (opened in a background tab) loads them at once; and after 3 s they load
// whatever happened. noModule polyfills stay as they are (module browsers skip them). The inline script is
// allowed by the CSP like the page's other inline scripts, by its hash read from the same file at startup
// (server/http/inlineScriptHashes.ts). Pages rendered per request (the room) keep Next's tags.
// Idempotent; with NEXT_EXPORT=1 it also rewrites the exported pages in out/ (npm run export).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The id of the inline loader, so a rewritten page is recognised (and not rewritten twice). */
export const LOADER_ID = '__paint_first';

const ASYNC_SCRIPT = /<script src="(\/_next\/static\/[^"]+\.js)" async=""><\/script>/g;
const SCRIPT_PRELOAD = /<link rel="preload" as="script" fetchPriority="low" href="(\/_next\/static\/[^"]+\.js)"\/>/g;

/** The loader: inserts `scripts` once the first contentful paint is on screen (ES5: it runs before any polyfill). */
export function loaderScript(scripts) {
  return (
    `(function(u){var d=0,P=self.PerformanceObserver,o;function l(){if(d)return;d=1;if(o)o.disconnect();` +
    `for(var i=0;i<u.length;i++){var s=document.createElement("script");s.src=u[i];s.async=true;document.head.appendChild(s)}}` +
    `if(document.visibilityState==="hidden")l();` +
    `else if(P&&(P.supportedEntryTypes||[]).indexOf("paint")>=0){o=new P(function(){l()});o.observe({type:"paint",buffered:true})}` +
    `else requestAnimationFrame(function(){setTimeout(l,0)});setTimeout(l,3000)})(${JSON.stringify(scripts)})`
  );
}

/**
 * Rewrites one prerendered page: returns the new HTML and the scripts it now loads after the first paint, or
 * null when the page is already rewritten. Throws when the page names no script the way Next writes them, so a
 * Next upgrade that changes its markup fails the build instead of silently keeping the old behaviour.
 */
export function paintFirst(html) {
  if (html.includes(`<script id="${LOADER_ID}">`)) return null;
  const scripts = [];
  const take = (_tag, src) => {
    if (!scripts.includes(src)) scripts.push(src);
    return '';
  };
  let out = html.replace(SCRIPT_PRELOAD, take).replace(ASYNC_SCRIPT, take);
  if (scripts.length === 0) throw new Error('no <script async> from /_next/static/ in this page: has Next changed its markup?');
  if (!out.includes('</head>')) throw new Error('no </head> in this page');
  out = out.replace('</head>', `<script id="${LOADER_ID}">${loaderScript(scripts)}</script></head>`);
  return { html: out, scripts };
}

function* htmlFiles(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* htmlFiles(full);
    else if (entry.name.endsWith('.html')) yield full;
  }
}

/** Rewrites every .html under `dir`; returns how many pages it changed. */
export function rewritePages(dir) {
  let changed = 0;
  for (const file of htmlFiles(dir)) {
    let result;
    try {
      result = paintFirst(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new Error(`${path.relative(root, file)}: ${error.message}`);
    }
    if (!result) continue;
    writeFileSync(file, result.html);
    changed += 1;
  }
  return changed;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const exporting = process.env.NEXT_EXPORT === '1';
  // An export writes its build to .next whatever NEXT_DIST_DIR says (scripts/export.mjs), and its pages to out/.
  const distDir = path.join(root, exporting ? '.next' : process.env.NEXT_DIST_DIR || '.next');
  const pages = rewritePages(path.join(distDir, 'server', 'app'));
  const exported = exporting ? rewritePages(path.join(root, 'out')) : 0;
  console.log(`Paint first: ${pages} prerendered pages load their scripts after the first paint${exporting ? ` (${exported} in out/)` : ''}.`);
}
