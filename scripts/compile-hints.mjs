#!/usr/bin/env node
// Runs after `next build` (npm run build): marks the JavaScript every page runs as it loads with V8's explicit
// compile hint, `//# allFunctionsCalledOnLoad` on the file's first line (Chrome 136 and later; a plain comment
// elsewhere). Without it V8 compiles each function lazily, on the main thread, the first time it is called: on
// a cold load that is most of the framework's start-up task (React, Next's router, the turbopack runtime),
// measured at ~35 ms of CPU for one task on this machine, ~140 ms with Lighthouse's 4x slowdown, on every
// page. With the hint Chromium compiles these files on its streaming-compile thread while they download, and
// the same start-up task takes ~8 ms (docs/performance.md).
//
// Which files: the root main files (the framework, shared by every page) and each page's entry chunks (its
// client components), from the build's manifests. Not the figures' chunks, which load as the reader nears
// them and carry libraries (d3) whose functions mostly never run on a given page. The files keep their
// names: the hint is part of what this build serves under them, so immutable caching stays right.
// Idempotent; with NEXT_EXPORT=1 it also marks the same files in out/ (npm run export).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';

export const HINT = '//# allFunctionsCalledOnLoad\n';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else yield full;
  }
}

/** The chunks pages run as they load, as paths under the dist dir ("static/chunks/....js"). */
export function firstLoadChunks(distDir) {
  const chunks = new Set();
  const buildManifest = path.join(distDir, 'build-manifest.json');
  if (existsSync(buildManifest)) for (const file of JSON.parse(readFileSync(buildManifest, 'utf8')).rootMainFiles ?? []) chunks.add(file);
  const serverApp = path.join(distDir, 'server', 'app');
  if (existsSync(serverApp)) {
    for (const file of walk(serverApp)) {
      if (!file.endsWith('_client-reference-manifest.js')) continue;
      // The manifest is a script that assigns globalThis.__RSC_MANIFEST[page]; run it in an empty context.
      const sandbox = vm.createContext({});
      vm.runInContext(`var self = globalThis;\n${readFileSync(file, 'utf8')}`, sandbox);
      for (const page of Object.values(sandbox.__RSC_MANIFEST ?? {})) {
        for (const files of Object.values(page.entryJSFiles ?? {})) for (const chunk of files) chunks.add(chunk);
      }
    }
  }
  return [...chunks].filter((chunk) => chunk.endsWith('.js'));
}

/** Prepends the hint to each chunk under `staticRoot` (a dist dir, or out/_next); returns how many it marked. */
export function markChunks(staticRoot, chunks) {
  let marked = 0;
  for (const chunk of chunks) {
    const file = path.join(staticRoot, chunk);
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    if (text.startsWith(HINT)) continue;
    writeFileSync(file, HINT + text);
    marked += 1;
  }
  return marked;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const exporting = process.env.NEXT_EXPORT === '1';
  // An export writes its build to .next whatever NEXT_DIST_DIR says (scripts/export.mjs).
  const distDir = path.join(root, exporting ? '.next' : process.env.NEXT_DIST_DIR || '.next');
  const chunks = firstLoadChunks(distDir);
  const marked = markChunks(distDir, chunks);
  const exported = exporting ? markChunks(path.join(root, 'out', '_next'), chunks) : 0;
  console.log(`Compile hints: ${chunks.length} first-load chunks (${marked} marked${exporting ? `, ${exported} in out/` : ''}).`);
}
