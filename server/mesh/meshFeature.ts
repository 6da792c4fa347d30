import type { IncomingMessage } from 'node:http';
import type { Feature } from '../app';
import type { Logger } from '../log';
import { loadBotMedia, type BotMedia } from '../sfu/BotMedia';
import { processUdpSockets } from '../sfu/Peer';
import { MeshRooms } from './MeshRooms';
import { MeshSignaling } from './MeshSignaling';
import { PeerjsServer } from './PeerjsServer';

export interface MeshFeatureOptions {
  /** Whether a page at `origin` may open the PeerServer's socket on `host` (the same rule as /ws). */
  isAllowedOrigin?: (origin: string | undefined, host: string | undefined) => boolean;
  /** The key per-address limits count under (the same as /ws). */
  addressOf?: (request: IncomingMessage) => string;
  /** Whether an SFU room holds this id (a room is one or the other). */
  isSfuRoom?: (id: string) => boolean;
  loadBotMedia?: () => BotMedia;
}

/**
 * Mesh rooms as a server feature: the PeerServer at /peerjs (its HTTP routes and its socket's upgrade),
 * a MeshSignaling per /ws socket, and closing every mesh room and the PeerServer on shutdown.
 */
export function createMeshFeature(log: Logger, options: MeshFeatureOptions = {}): Feature & { meshRooms: MeshRooms; peerjs: PeerjsServer } {
  const peerjs = new PeerjsServer(log, { isAllowedOrigin: options.isAllowedOrigin ?? sameHost, addressOf: options.addressOf });
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

/** A page of this site: its Origin names the host the handshake was sent to (programs send no Origin). */
function sameHost(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true;
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !!host && new URL(`${url.protocol}//${host}`).host === url.host;
  } catch {
    return false;
  }
}
