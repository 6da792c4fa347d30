import path from 'node:path';
import { networkInterfaces } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Feature } from './app';
import { createLogger, rateLimited } from './log';
import { LOG_LINES_PER_KIND, LOG_WINDOW_MS, SHUTDOWN_GRACE_MS, addressLimitsFromEnv } from './limits';
import { parseAllowedOrigins } from './ws/originPolicy';

/**
 * The one process behind `npm start` and `npm run dev`: Next.js, the /ws socket and the SFU on a
 * single port (PORT, default 3000).
 */
const dev = process.argv.includes('--dev');
const port = Number(process.env.PORT ?? 3000);
const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// What clients cause (rejected messages, refused handshakes) is logged a few lines a minute per kind at most.
const log = rateLimited(createLogger(), { linesPerKind: LOG_LINES_PER_KIND, windowMs: LOG_WINDOW_MS });

if (!Number.isInteger(port) || port < 0 || port > 65535) {
  log.error(`PORT must be a whole number from 0 to 65535, not "${process.env.PORT}"`);
  process.exit(1);
}

function fromEnv<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    log.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
const addressLimits = fromEnv(() => addressLimitsFromEnv());
const allowedOrigins = fromEnv(() => parseAllowedOrigins(process.env.ALLOWED_ORIGINS));

// Loaded after the checks above so a bad PORT is reported at once, not after Next and werift load.
const { startAppServer } = await import('./app');
const { createRoomFeature } = await import('./signaling/roomFeature');

const features: Feature[] = [createRoomFeature(log, {}, addressLimits)];

const sockets = { allowedOrigins, connectionsPerAddress: addressLimits.connections };
const server = await startAppServer({ port, dev, dir, log, features, sockets }).catch((error: NodeJS.ErrnoException) => {
  if (error.code === 'EADDRINUSE') log.error(`Port ${port} is in use. Set PORT to another one, e.g. PORT=3001 npm start`);
  else log.error('could not start', { error: String(error) });
  process.exit(1);
});

const lan = Object.values(networkInterfaces())
  .flat()
  .filter((address) => address && address.family === 'IPv4' && !address.internal)
  .map((address) => `http://${address!.address}:${new URL(server.url).port}`);
console.log(`\n  How Discord handles a 50-person voice chat\n  ${dev ? 'dev server' : 'ready'} at ${server.url}`);
if (lan.length > 0) {
  // A classroom: students open this on their phones. Browsers allow camera and microphone only on
  // https or localhost, so from these addresses people can watch and listen but not publish.
  console.log(`  on your network (watch and listen): ${lan.join(', ')}`);
}
console.log('');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: shutting down`);
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
