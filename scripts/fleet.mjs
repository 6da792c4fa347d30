#!/usr/bin/env node
// `npm run fleet -- --nodes 3 [--port 3000]`: a local Redis on loopback and N SFU nodes on consecutive
// ports (node-1 on --port, node-2 on --port + 1, ...), each placing rooms through Redis. Open any
// node's /room/<name>: the page asks where the room lives and joins that node. Ctrl-C drains every
// node (members told, rooms closed), then stops Redis; a second Ctrl-C stops everything at once.
import { parseArgs } from 'node:util';
import { buildIfNeeded } from './build-if-needed.mjs';
import { REDIS_INSTALL_HINT, findRedisServer, portInUse, redisVersion, startNode, startRedis, stopChild, waitForNode } from './fleet-launch.mjs';

const MAX_NODES = 8;

function fail(message) {
  console.error(`fleet: ${message}`);
  process.exit(1);
}

let args;
try {
  args = parseArgs({ options: { nodes: { type: 'string', default: '3' }, port: { type: 'string', default: process.env.PORT ?? '3000' } } }).values;
} catch (error) {
  fail(`${error.message}\nUsage: npm run fleet -- --nodes 3 [--port 3000]`);
}
const count = Number(args.nodes);
const basePort = Number(args.port);
if (!Number.isInteger(count) || count < 1 || count > MAX_NODES) fail(`--nodes must be a whole number from 1 to ${MAX_NODES}, not "${args.nodes}"`);
if (!Number.isInteger(basePort) || basePort < 1024 || basePort + count - 1 > 65535) fail(`--port must be a whole number from 1024 to ${65536 - count}, not "${args.port}"`);

const bin = findRedisServer();
if (!bin) fail(REDIS_INSTALL_HINT);
const ports = Array.from({ length: count }, (_, i) => basePort + i);
for (const port of ports) {
  if (await portInUse(port)) fail(`port ${port} is in use; pick other ports with --port, e.g. --port ${basePort + 100}`);
}

buildIfNeeded({ ...process.env, NEXT_TELEMETRY_DISABLED: '1' });

const log = (line) => console.log(line);
const redis = await startRedis({ bin, log });
const nodes = ports.map((port, i) => startNode({ id: `node-${i + 1}`, port, redisUrl: redis.url, log }));

let stopping = false;
async function stopAll(reason) {
  if (stopping) {
    for (const child of [...nodes.map((n) => n.child), redis.child]) child.kill('SIGKILL');
    process.exit(1);
  }
  stopping = true;
  console.log(`\nfleet: ${reason}; draining every node (Ctrl-C again to stop at once)`);
  const codes = await Promise.all(nodes.map((node) => stopChild(node.child, 'SIGTERM')));
  await stopChild(redis.child, 'SIGTERM');
  console.log('fleet: stopped');
  process.exit(codes.every((code) => code === 0) ? 0 : 1);
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void stopAll(`${signal}`));
// If the launcher itself fails, take its children with it.
process.on('exit', () => {
  for (const child of [...nodes.map((n) => n.child), redis.child]) if (child.exitCode === null) child.kill('SIGKILL');
});
for (const node of nodes) {
  node.child.once('exit', (code) => {
    if (!stopping) void stopAll(`${node.id} exited (code ${code})`);
  });
}

try {
  await Promise.all(nodes.map((node) => waitForNode(node)));
} catch (error) {
  await stopAll(String(error.message ?? error));
}

const width = Math.max(...nodes.map((n) => n.id.length), 5) + 2;
console.log(`
  A fleet of ${count} SFU ${count === 1 ? 'node' : 'nodes'} placing rooms through Redis
  ${'redis'.padEnd(width)}${redis.url}  (redis-server ${redisVersion(bin)}, in memory only)
${nodes.map((n) => `  ${n.id.padEnd(width)}${n.origin}`).join('\n')}

  Open ${nodes[0].origin}/room/<any-name> on any node: the page asks where the room lives and joins that node.
  Watch placement: ${nodes[0].origin}/learn/autoscaling#figure-autoscaling-fleet, or GET ${nodes[0].origin}/api/fleet
  Ctrl-C drains every node (members are told, rooms close), then stops Redis.
`);
