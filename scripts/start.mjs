#!/usr/bin/env node
// `npm start`: builds the site when there is no build or the sources changed since the last one,
// then runs the one server (Next.js + /ws + SFU) in production mode on PORT (default 3000).
// `npm start -- --https` (or HTTPS=1 npm start) serves it over TLS with a locally made certificate.
import { spawn } from 'node:child_process';
import { buildIfNeeded, root } from './build-if-needed.mjs';
import { SERVER_NODE_FLAGS } from './server-node-flags.mjs';

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
buildIfNeeded(env);

const server = spawn(process.execPath, [...SERVER_NODE_FLAGS, '--import', 'tsx', 'server/index.ts', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...env, NODE_ENV: 'production' },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
