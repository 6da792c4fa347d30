import type { Feature } from '../app';
import type { Logger } from '../log';
import { roomsApi } from '../api/rooms';
import { Rooms } from '../sfu/Rooms';
import type { RoomOptions } from '../sfu/Room';
import { RoomSignaling, type AdmitJoin } from './RoomSignaling';

/**
 * The demo room as a server feature: the /api/rooms routes, a RoomSignaling per /ws socket, and
 * closing every room on shutdown. `admit`, when given, may refuse a join (a fleet node, server/fleet).
 */
export function createRoomFeature(log: Logger, roomOptions: RoomOptions = {}, admit?: AdmitJoin): Feature & { rooms: Rooms } {
  const rooms = new Rooms({
    // Loopback host candidates let a browser on the same machine connect (tests, a laptop demo).
    webrtc: { additionalHostAddresses: ['127.0.0.1'] },
    ...roomOptions,
  });
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
