#!/usr/bin/env node
// `npm run check` after the content check: the type check (tsc) and the lint (ESLint) side by side, since
// each is one process on one core, then the unit tests (vitest, which spreads over the cores itself).
// Each tool's output is printed whole when it ends, with how long it took; the first failure stops the run.
// Before tsc, `next typegen` writes the route types a `next build` would (.next/types, which tsconfig
// includes), so this type check is the build's own: the e2e runner's builds skip theirs (scripts/e2e.mjs).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { root } from './build-if-needed.mjs';

const bin = (name) => path.join(root, 'node_modules', '.bin', name);

/** Runs a command with its output collected; resolves with its exit code once it has printed it. */
function run(name, command, args) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', FORCE_COLOR: process.stdout.isTTY ? '1' : '0' } });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('error', (error) => output.push(Buffer.from(`${error.message}\n`)));
    child.on('close', (code) => {
      const text = Buffer.concat(output).toString();
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      process.stdout.write(`${text}${text && !text.endsWith('\n') ? '\n' : ''}${name}: ${code === 0 ? 'passed' : `failed (exit ${code})`} in ${seconds} s\n`);
      resolve(code ?? 1);
    });
  });
}

if ((await run('next typegen', bin('next'), ['typegen'])) !== 0) process.exit(1);
const side = await Promise.all([run('tsc', bin('tsc'), ['--noEmit', '-p', '.']), run('eslint', bin('eslint'), ['.'])]);
if (side.some((code) => code !== 0)) process.exit(1);
// vitest prints as it goes (its own progress), so it inherits the terminal.
const vitest = spawn(bin('vitest'), ['run', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
vitest.on('close', (code) => process.exit(code ?? 1));
