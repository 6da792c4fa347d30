import type { IncomingMessage } from 'node:http';
import type { Feature } from '../app';
import type { Logger } from '../log';
import { DEFAULT_ADDRESS_LIMITS, MAX_MESH_ROOMS, type AddressLimits } from '../limits';
import { clientAddressKey } from '../ws/clientAddress';
import { isAllowedOrigin } from '../ws/originPolicy';
import { loadBotMedia, type BotMedia } from '../sfu/BotMedia';
import { processUdpSockets } from '../sfu/Peer';
import { MeshRooms } from './MeshRooms';
import { MeshSignaling } from './MeshSignaling';
import { PeerjsServer } from './PeerjsServer';

export interface MeshFeatureOptions {
  /** Origins besides the page's own host that may open the PeerServer's socket (ALLOWED_ORIGINS, as for /ws). */
  allowedOrigins?: readonly string[];
  /** Per-address limits, the same as for /ws and SFU rooms (server/limits.ts, LIMIT_* variables). */
  addressLimits?: AddressLimits;
  /** Whether an SFU room holds this id (a room is one or the other). */
  isSfuRoom?: (id: string) => boolean;
  loadBotMedia?: () => BotMedia;
}

/**
 * Mesh rooms as a server feature: the PeerServer at /peerjs (its HTTP routes and its socket's upgrade),
 * a MeshSignaling per /ws socket, and closing every mesh room and the PeerServer on shutdown.
 */
export function createMeshFeature(log: Logger, options: MeshFeatureOptions = {}): Feature & { meshRooms: MeshRooms; peerjs: PeerjsServer } {
  const addressLimits = options.addressLimits ?? DEFAULT_ADDRESS_LIMITS;
  const peerjs = new PeerjsServer(log, {
    // The same rule as /ws: a page of this site (Origin names the Host), or an origin in ALLOWED_ORIGINS.
    isAllowedOrigin: (origin, host) => isAllowedOrigin(origin, host, options.allowedOrigins ?? []),
    addressOf: (request: IncomingMessage) => clientAddressKey(request.socket.remoteAddress),
    clientsPerAddress: addressLimits.connections,
  });
  const meshRooms = new MeshRooms(
    {
      peerjs,
      log,
      loadBotMedia: options.loadBotMedia ?? (() => loadBotMedia()),
      // Loopback host candidates let a browser on the same machine connect (tests, a laptop demo), as in SFU rooms.
      webrtc: { additionalHostAddresses: ['127.0.0.1'] },
      sockets: processUdpSockets,
    },
    options.isSfuRoom,
    MAX_MESH_ROOMS,
    addressLimits,
  );
  return {
    meshRooms,
    peerjs,
    routes: [peerjs.route],
    upgrade: peerjs.upgrade,
    onConnection(connection) {
      const signaling = new MeshSignaling(meshRooms, connection, log);
      connection.on('message', (message) => signaling.handle(message));
      connection.once('close', () => signaling.close());
    },
    close() {
      meshRooms.close();
      peerjs.close();
    },
  };
}

