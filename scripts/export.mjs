#!/usr/bin/env node
// `npm run export`: the landing page and the chapters as plain files in out/, for any static host or CDN.
// The room pages and the /ws socket stay on the Node server (`npm start`); set NEXT_PUBLIC_ROOM_ORIGIN to
// that server's origin (e.g. https://rooms.example.org) so the exported pages' room links and sockets go
// there. Builds into out/ (keeping the server's .next as it was) only when a source is newer than the last
// export, and writes out/_headers: immutable caching for the hashed files, in the format Netlify and
// Cloudflare Pages read (other hosts: the same two rules in their own config).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildScript, newestSourceMtime, root } from './build-if-needed.mjs';

export const OUT_DIR = path.join(root, 'out');

/** Why out/ needs rebuilding for the room origin `origin`, or null. */
export function whyExport(origin) {
  const index = path.join(OUT_DIR, 'index.html');
  const stamp = path.join(OUT_DIR, '.room-origin');
  if (!existsSync(index) || !existsSync(stamp)) return 'no export yet';
  if (readFileSync(stamp, 'utf8') !== origin) return 'NEXT_PUBLIC_ROOM_ORIGIN changed';
  return newestSourceMtime() > statSync(stamp).mtimeMs ? 'sources changed since the last export' : null;
}

/** Builds out/ when needed; returns false if the build failed. */
export function exportIfNeeded(env = process.env) {
  const origin = env.NEXT_PUBLIC_ROOM_ORIGIN ?? '';
  const reason = whyExport(origin);
  if (!reason) return true;
  console.log(`Exporting the chapters to out/ (${reason}); room origin: ${origin || '(same origin)'}`);
  // With output: 'export' Next writes its build artifacts to .next whatever distDir says (then the files to
  // out/), which would overwrite the server's build: park that build and put it back afterwards.
  const serverBuild = path.join(root, '.next');
  const parked = path.join(root, '.next-parked-by-export');
  if (existsSync(parked)) {
    // A previous export was interrupted: the parked folder is the server's build.
    rmSync(serverBuild, { recursive: true, force: true });
    renameSync(parked, serverBuild);
  }
  if (existsSync(serverBuild)) renameSync(serverBuild, parked);
  const buildEnv = { ...env, NEXT_EXPORT: '1', NEXT_TELEMETRY_DISABLED: '1' };
  delete buildEnv.NEXT_DIST_DIR;
  let status;
  try {
    ({ status } = spawnSync('npm', ['run', buildScript(env)], { cwd: root, stdio: 'inherit', env: buildEnv }));
  } finally {
    rmSync(serverBuild, { recursive: true, force: true });
    if (existsSync(parked)) renameSync(parked, serverBuild);
  }
  if (status !== 0) return false;
  finishExport(origin);
  return true;
}

/** Writes out/_headers and the stamp that says which room origin out/ was built for. */
function finishExport(origin) {
  writeFileSync(
    path.join(OUT_DIR, '_headers'),
    [
      '# Content-hashed files never change under their names.',
      '/_next/static/*',
      '  Cache-Control: public, max-age=31536000, immutable',
      '/assets/*',
      '  Cache-Control: public, max-age=31536000, immutable',
      '',
    ].join('\n'),
  );
  writeFileSync(path.join(OUT_DIR, '.room-origin'), origin);
}

/** What the copy in exportInCopy leaves out: the build outputs, git's folder, and node_modules (linked instead). */
const NOT_COPIED = new Set(['.git', 'node_modules', 'out', 'test-results', 'playwright-report']);

/**
 * Builds out/ as exportIfNeeded does, but in a copy of this checkout (every file but the build outputs, with
 * node_modules as a tree of hard links, a few seconds), so that it never touches this checkout's .next: the e2e
 * runner builds the server's site in .next at the same time (each build keeps about one of two cores busy).
 * Resolves to whether it built; its output is collected and handed to `done` when it ends, with the time it ended.
 * @param {Record<string, string | undefined>} env
 * @param {(output: string, endedAt: number) => void} done
 * @returns {Promise<boolean>}
 */
export function exportInCopy(env, done) {
  const origin = env.NEXT_PUBLIC_ROOM_ORIGIN ?? '';
  const copy = mkdtempSync(path.join(tmpdir(), 'export-build-'));
  const copied = (source) => {
    const top = path.relative(root, source).split(path.sep)[0];
    return top === '' || path.dirname(source) !== root || (!NOT_COPIED.has(top) && !top.startsWith('.next'));
  };
  cpSync(root, copy, { recursive: true, verbatimSymlinks: true, filter: copied });
  const linked = spawnSync('cp', ['-al', path.join(root, 'node_modules'), path.join(copy, 'node_modules')]);
  if (linked.status !== 0) cpSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'), { recursive: true, verbatimSymlinks: true });
  const buildEnv = { ...env, NEXT_EXPORT: '1', NEXT_TELEMETRY_DISABLED: '1' };
  delete buildEnv.NEXT_DIST_DIR;
  const output = [];
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', buildScript(env)], { cwd: copy, env: buildEnv });
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('close', (code) => {
      const finished = Date.now();
      let ok = code === 0;
      try {
        if (ok) {
          rmSync(OUT_DIR, { recursive: true, force: true });
          try {
            renameSync(path.join(copy, 'out'), OUT_DIR);
          } catch {
            cpSync(path.join(copy, 'out'), OUT_DIR, { recursive: true });
          }
          finishExport(origin);
        }
      } catch (error) {
        output.push(Buffer.from(`${error instanceof Error ? error.message : String(error)}\n`));
        ok = false;
      }
      done(Buffer.concat(output).toString(), finished);
      resolve(ok);
      // The copy (tens of thousands of links) goes away in the background, holding up neither build nor the tests.
      rm(copy, { recursive: true, force: true }).catch(() => {});
    });
  });
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === new URL(import.meta.url).pathname;
if (isMain) {
  if (!exportIfNeeded()) process.exit(1);
  console.log(`Static files in ${path.relative(process.cwd(), OUT_DIR) || 'out'}/ (serve them from any static host; the room stays on npm start).`);
}
