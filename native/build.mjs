/**
 * Builds the SFU's native fan-out (native/srtp_fanout.c) at install (`postinstall`) or by hand
 * (`npm run build:native`). Optional by design: when it cannot be built here (not Linux, no
 * compiler, no Node headers next to this Node, SFU_NATIVE_FANOUT=off), it says why and exits 0, and
 * the SFU forwards on the JavaScript fast path (server/sfu/forwarding/nativeAddon.ts says so at start).
 *
 * Nothing is downloaded: node-gyp (the copy npm ships) is given --nodedir, the prefix of the Node
 * that runs this script (for /usr/bin/node, /usr, whose include/node holds node_api.h, common.gypi,
 * config.gypi and OpenSSL's headers), and --dist-url points at a closed loopback port, so an attempt
 * to fetch headers would fail the build instead of reaching the network. Without those local headers
 * the build is skipped.
 *
 * The outcome goes to native/build/status.json ({ built, reason }), which the unit tests read: a
 * machine that can build the addon must have built it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const statusFile = path.join(here, 'build', 'status.json');
const addonFile = path.join(here, 'build', 'Release', 'srtp_fanout.node');

function finish(built, reason) {
  mkdirSync(path.dirname(statusFile), { recursive: true });
  writeFileSync(statusFile, JSON.stringify({ built, reason, node: process.version }, null, 2) + '\n');
  console.log(built ? 'native fan-out: built (native/build/Release/srtp_fanout.node)' : `native fan-out: not built, ${reason}; the SFU will forward on the JavaScript fast path`);
  process.exit(0);
}

/** The node-gyp npm runs scripts with, else the one inside npm next to this Node. */
function nodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    path.resolve(path.dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
  ];
  try {
    candidates.push(createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js'));
  } catch {
    // not installed as a package: fine
  }
  return candidates.find((candidate) => candidate && existsSync(candidate));
}

/** The prefix whose include/node has the headers of the Node running this script, if it has them. */
function nodeDir() {
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  const include = path.join(prefix, 'include', 'node');
  const needed = ['node_api.h', 'common.gypi', 'config.gypi', path.join('openssl', 'evp.h')];
  return needed.every((file) => existsSync(path.join(include, file))) ? prefix : null;
}

const setting = process.env.SFU_NATIVE_FANOUT;
if (setting === 'off' || setting === '0') finish(false, 'SFU_NATIVE_FANOUT is off');
if (process.platform !== 'linux') finish(false, `it is written for Linux (sendmmsg), this is ${process.platform}`);
const gyp = nodeGyp();
if (!gyp) finish(false, 'node-gyp was not found (npm ships it)');
const nodedir = nodeDir();
if (!nodedir) finish(false, `Node's headers are not at ${path.resolve(path.dirname(process.execPath), '..', 'include', 'node')} (they are not downloaded)`);

rmSync(addonFile, { force: true });
const result = spawnSync(
  process.execPath,
  [gyp, 'rebuild', `--nodedir=${nodedir}`, '--dist-url=http://127.0.0.1:9', '--loglevel=warn'],
  { cwd: here, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', env: { ...process.env, npm_config_nodedir: nodedir } },
);
if (result.status !== 0 || !existsSync(addonFile)) {
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-8).join('\n');
  if (output) console.log(output);
  finish(false, result.error ? `node-gyp did not run (${result.error.message})` : `node-gyp failed (exit ${result.status})`);
}
finish(true, null);
