/**
 * The class follow service alone (no Next), for bench/follow: the real SocketServer and follow feature on
 * /ws, and on /plain a baseline that sends each instructor message straight to every other socket in a
 * loop (no guild, no session processes, no log). Prints its port, runs until killed.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { SocketServer } from '@/server/ws/SocketServer';
import { silentLogger } from '@/server/log';
import { createFollowFeature } from '@/server/follow/followFeature';

const feature = createFollowFeature(silentLogger);
const sockets = new SocketServer(silentLogger);
sockets.on('connection', feature.onConnection!);

const plain = new WebSocketServer({ noServer: true, perMessageDeflate: { threshold: 0 } });
const members = new Set<WebSocket>();
plain.on('connection', (ws) => {
  members.add(ws);
  ws.on('close', () => members.delete(ws));
  ws.on('message', (data) => {
    const text = String(data);
    for (const member of members) if (member !== ws) member.send(text);
  });
});

const http = createServer((_, response) => response.end());
http.on('upgrade', (request, socket, head) => {
  if (request.url?.startsWith('/plain')) plain.handleUpgrade(request, socket, head, (ws) => plain.emit('connection', ws));
  else if (!sockets.handleUpgrade(request, socket, head)) socket.destroy();
});
http.listen(0, '127.0.0.1', () => console.log(`port ${(http.address() as AddressInfo).port}`));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    feature.close?.();
    sockets.close();
    plain.close();
    http.close();
    process.exit(0);
  });
}
