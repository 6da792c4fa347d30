#!/usr/bin/env node
// `npm run export`: the landing page and the chapters as plain files in out/, for any static host or CDN.
// The room pages and the /ws socket stay on the Node server (`npm start`); set NEXT_PUBLIC_ROOM_ORIGIN to
// that server's origin (e.g. https://rooms.example.org) so the exported pages' room links and sockets go
// there. Builds into out/ (keeping the server's .next as it was) only when a source is newer than the last
// export, and writes out/_headers: immutable caching for the hashed files, in the format Netlify and
// Cloudflare Pages read (other hosts: the same two rules in their own config).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildScript, newestSourceMtime, root } from './build-if-needed.mjs';

export const OUT_DIR = path.join(root, 'out');

/** Why out/ needs rebuilding, or null. */
function whyExport(origin) {
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
  return true;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === new URL(import.meta.url).pathname;
if (isMain) {
  if (!exportIfNeeded()) process.exit(1);
  console.log(`Static files in ${path.relative(process.cwd(), OUT_DIR) || 'out'}/ (serve them from any static host; the room stays on npm start).`);
}
