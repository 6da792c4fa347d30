import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A copy of this checkout as a contributor would have it after `git clone`: its tracked and unignored files
 * (what `git ls-files` lists, deletions not yet committed left out), plus what `npm run content` generates
 * beside the chapters' modules. node_modules is linked, not copied (a gigabyte): `symlink` is enough for
 * tsx, tsc, eslint and vitest; `hardlink` gives a real folder of hard links, for bundlers that refuse a
 * node_modules reached through a link out of the project (Turbopack).
 */
export function copyProject(root: string, { nodeModules = 'symlink' }: { nodeModules?: 'symlink' | 'hardlink' } = {}): string {
  const copy = mkdtempSync(path.join(tmpdir(), 'project-copy-'));
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    if (!existsSync(path.join(root, file))) continue; // deleted in the work tree, not yet committed
    mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
    cpSync(path.join(root, file), path.join(copy, file));
  }
  // What npm run content generated beside the chapters' modules (hashed asset names), as the copy would have it.
  for (const file of ['components/assets.generated.ts']) {
    if (existsSync(path.join(root, file))) cpSync(path.join(root, file), path.join(copy, file));
  }
  if (nodeModules === 'symlink') {
    symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'));
  } else {
    // cp -al: a tree of hard links, made in a few seconds on the same file system (falls back to a copy across file systems).
    const linked = spawnSync('cp', ['-al', path.join(root, 'node_modules'), path.join(copy, 'node_modules')], { encoding: 'utf8' });
    if (linked.status !== 0) cpSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'), { recursive: true, verbatimSymlinks: true });
  }
  return copy;
}
