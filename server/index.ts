import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Feature } from './app';
import { createLogger, rateLimited } from './log';
import { LOG_LINES_PER_KIND, LOG_WINDOW_MS, SHUTDOWN_GRACE_MS, addressLimitsFromEnv } from './limits';
import { parseAllowedOrigins } from './ws/originPolicy';
import { FleetConfigError, readFleetConfig, type FleetConfig } from './fleet/config';
import type { FleetNode } from './fleet/FleetNode';

/**
 * The one process behind `npm start` and `npm run dev`: Next.js, the /ws socket and the SFU on a
 * single port (PORT, default 3000). `--https` (or HTTPS=1) serves the same port over TLS with a
 * certificate made on this machine (server/tls), so phones on the network may use their cameras.
 */
const dev = process.argv.includes('--dev');
const https = process.argv.includes('--https') || ['1', 'true', 'yes'].includes((process.env.HTTPS ?? '').toLowerCase());
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

// With REDIS_URL this process is one node of a fleet (server/fleet); without it, nothing about the
// fleet loads but the route that says there is none.
let fleetConfig: FleetConfig | null = null;
try {
  fleetConfig = readFleetConfig(process.env, port);
  if (fleetConfig && port === 0 && !process.env.ROOM_NODE_ORIGIN) throw new FleetConfigError('A fleet node on PORT=0 needs ROOM_NODE_ORIGIN');
} catch (error) {
  log.error(error instanceof FleetConfigError ? error.message : String(error));
  process.exit(1);
}

// Loaded after the checks above so a bad PORT is reported at once, not after Next and werift load.
const { startAppServer } = await import('./app');
const { createRoomFeature } = await import('./signaling/roomFeature');
const { createFleetFeature, singleServer } = await import('./fleet/fleetApi');
const { createFollowFeature, lanAddresses } = await import('./follow/followFeature');
const { cacheHeaders } = await import('./http/cacheHeaders');
const { createMeshFeature } = await import('./mesh/meshFeature');

let fleet: FleetNode | null = null;
const roomFeature = createRoomFeature(log, {}, fleetConfig ? (roomId) => fleet!.admit(roomId) : undefined, addressLimits);
if (fleetConfig) {
  const { connectFleetNode } = await import('./fleet/connectFleetNode');
  fleet = await connectFleetNode(fleetConfig, roomFeature.rooms, log).catch((error: unknown) => {
    log.error(`Cannot reach Redis at ${fleetConfig.redisUrl} (REDIS_URL): ${String(error)}`);
    process.exit(1);
  });
}

// Cache headers come first: they only set a header and let the request go on.
const features: Feature[] = [{ routes: [cacheHeaders] }, roomFeature, createFleetFeature(fleet ?? singleServer), createFollowFeature(log)];
// Mesh rooms and the PeerServer at /peerjs; a room id is an SFU room or a mesh room, not both.
features.push(createMeshFeature(log, { isSfuRoom: (id) => !!roomFeature.rooms.get(id), allowedOrigins, addressLimits }));

const certificate = https
  ? await (await import('./tls/certificate')).loadOrCreateCertificate(process.env.CERT_DIR ?? path.join(dir, '.certs'), lanAddresses())
  : null;

// A fleet's room pages open /ws on whichever node holds the room: its nodes' origins are let in and connectable.
const fleetOrigins = async () => (fleet ? fleet.currentOrigins() : []);
const sockets = {
  allowedOrigins: fleet ? async () => [...allowedOrigins, ...(await fleetOrigins())] : allowedOrigins,
  connectionsPerAddress: addressLimits.connections,
};
const server = await startAppServer({ port, dev, dir, log, features, sockets, connectOrigins: fleet ? fleetOrigins : undefined, tls: certificate ?? undefined }).catch((error: NodeJS.ErrnoException) => {
  if (error.code === 'EADDRINUSE') log.error(`Port ${port} is in use. Set PORT to another one, e.g. PORT=3001 npm start`);
  else log.error('could not start', { error: String(error) });
  process.exit(1);
});

const serverPort = new URL(server.url).port;
const lan = lanAddresses().map((address) => `${https ? 'https' : 'http'}://${address}:${serverPort}`);
await fleet?.start();
console.log(`\n  How Discord handles a 50-person voice chat\n  ${dev ? 'dev server' : 'ready'} at ${server.url}`);
console.log(`  ${(await import('./sfu/forwarding/nativeAddon')).forwardingSummary()}`);
if (fleet) console.log(`  fleet node ${fleet.id} (${fleet.config.origin}), reporting to ${fleet.config.redisUrl}`);
if (lan.length > 0 && https) {
  // A classroom over https: phones may publish their cameras. Scan to open the site.
  const { renderUnicodeCompact } = await import('uqr');
  console.log(`  on your network: ${lan.join(', ')}\n`);
  console.log(renderUnicodeCompact(lan[0], { border: 1 }).replace(/^/gm, '  '));
} else if (lan.length > 0) {
  // Browsers allow camera and microphone only on https or localhost, so from these addresses people can
  // watch and listen but not publish; `npm start -- --https` lets them publish too.
  console.log(`  on your network (watch and listen; add --https to let phones publish): ${lan.join(', ')}`);
}
if (certificate) {
  console.log(`  certificate ${certificate.created ? 'made now' : 'reused'} (self-signed, so browsers warn once), for ${certificate.names.join(', ')}`);
  console.log(`  SHA-256 fingerprint ${certificate.fingerprint256}`);
}
console.log('');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: shutting down`);
    // A fleet node drains first: no new rooms, members told, rooms closed (at most its drain time).
    const drainMs = fleet ? fleet.config.drainMs : 0;
    setTimeout(() => process.exit(1), drainMs + SHUTDOWN_GRACE_MS).unref();
    Promise.resolve(fleet?.drain())
      .then(() => server.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  });
}
