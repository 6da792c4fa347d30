// Builds the site when there is no build in NEXT_DIST_DIR (default .next) or when a source file
// is newer than the last build. Shared by `npm start` and the e2e runner.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sourceDirs = ['app', 'components', 'content', 'lib', 'public', 'tooling'];
const sourceFiles = ['next.config.mjs', 'mdx-components.tsx', 'package-lock.json', 'tsconfig.json'];

function newestMtime(entry) {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const child of readdirSync(entry)) {
    if (child.includes('.generated.')) continue;
    newest = Math.max(newest, newestMtime(path.join(entry, child)));
  }
  return newest;
}

/** The modification time of the newest source file a build reads. */
export function newestSourceMtime() {
  return Math.max(...[...sourceDirs, ...sourceFiles].map((p) => newestMtime(path.join(root, p))));
}

export function whyBuild(distDir = process.env.NEXT_DIST_DIR || '.next') {
  const buildId = path.join(root, distDir, 'BUILD_ID');
  if (!existsSync(buildId)) return 'no build yet';
  return newestSourceMtime() > statSync(buildId).mtimeMs ? 'sources changed since the last build' : null;
}

/**
 * The npm script that builds: `build` (the content step, then `build:next`), or `build:next` alone when
 * CONTENT_CHECKED=1 says the content step has just run in this same command (`npm test` runs it in
 * `npm run check`, before the site's build and the export's; its output does not depend on either).
 */
export function buildScript(env = process.env) {
  return env.CONTENT_CHECKED === '1' ? 'build:next' : 'build';
}

/** Runs the build (`buildScript`) if needed; exits the process if the build fails. */
export function buildIfNeeded(env = process.env) {
  const reason = whyBuild(env.NEXT_DIST_DIR || '.next');
  if (!reason) return;
  console.log(`Building the site (${reason}); this takes a minute or two the first time.`);
  const result = spawnSync('npm', ['run', buildScript(env)], { cwd: root, stdio: 'inherit', env: { ...env, NEXT_TELEMETRY_DISABLED: '1' } });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
