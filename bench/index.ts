/**
 * `npm run bench`: every benchmark of the project, one after another. Each reports ratios measured side by
 * side in the same run (absolute times are context only). A benchmark lives in bench/<topic>/index.ts.
 */
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runMeshVsSfuBench } from './mesh-vs-sfu';

await runMeshVsSfuBench();

// The SFU benchmark belongs to its own folder and runs as its own process when it is present.
const sfu = fileURLToPath(new URL('./sfu/index.ts', import.meta.url));
if (existsSync(sfu) && !process.argv.includes('--only=mesh-vs-sfu')) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', sfu], { stdio: 'inherit' });
  if (result.status !== 0) process.exitCode = result.status ?? 1;
}
