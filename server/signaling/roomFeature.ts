import type { Feature } from '../app';
import type { Logger } from '../log';
import { DEFAULT_ADDRESS_LIMITS, type AddressLimits } from '../limits';
import { roomsApi } from '../api/rooms';
import { Rooms } from '../sfu/Rooms';
import type { RoomOptions } from '../sfu/Room';
import { RoomSignaling, type AdmitJoin } from './RoomSignaling';

/**
 * The demo room as a server feature: the /api/rooms routes, a RoomSignaling per /ws socket, and
 * closing every room on shutdown. `admit`, when given, may refuse a join (a fleet node, server/fleet).
 * `addressLimits` holds each client address to its share of rooms and bots (server/limits.ts).
 */
export function createRoomFeature(
  log: Logger,
  roomOptions: RoomOptions = {},
  admit?: AdmitJoin,
  addressLimits: AddressLimits = DEFAULT_ADDRESS_LIMITS,
): Feature & { rooms: Rooms } {
  const rooms = new Rooms(
    {
      // Loopback host candidates let a browser on the same machine connect (tests, a laptop demo).
      webrtc: { additionalHostAddresses: ['127.0.0.1'] },
      ...roomOptions,
    },
    undefined,
    addressLimits,
  );
  return {
    rooms,
    routes: [roomsApi(rooms)],
    onConnection(connection) {
      const signaling = new RoomSignaling(rooms, connection, log, admit);
      connection.on('message', (message) => void signaling.handle(message));
      connection.once('close', () => signaling.close());
    },
    close() {
      rooms.close();
    },
  };
}
