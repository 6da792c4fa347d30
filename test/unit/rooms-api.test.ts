import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { roomsApi } from '@/server/api/rooms';
import { Rooms } from '@/server/sfu/Rooms';

let http: Server;
let base: string;
let rooms: Rooms;

beforeEach(async () => {
  rooms = new Rooms({ timers: false });
  const route = roomsApi(rooms);
  http = createServer((request, response) => {
    if (!route(request, response)) response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterEach(async () => {
  rooms.close();
  await new Promise((resolve) => http.close(resolve));
});

describe('GET /api/rooms/<id>/stats', () => {
  it('answers a room id that is not valid percent-encoding with 400, not a 500', async () => {
    const response = await fetch(`${base}/api/rooms/%ZZ/stats`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'bad-room-id' });
  });

  it('answers a well-formed id of nobody’s room with 404, and a bad one with 400', async () => {
    expect((await fetch(`${base}/api/rooms/empty-room/stats`)).status).toBe(404);
    expect((await fetch(`${base}/api/rooms/no%20spaces/stats`)).status).toBe(400);
  });
});
