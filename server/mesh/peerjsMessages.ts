import { z } from 'zod';

/**
 * The PeerServer's wire protocol as peerjs 1.5 clients speak it (peers/peerjs lib/enums.ts, socket.ts):
 * JSON text frames on `<path>peerjs?key=<key>&id=<id>&token=<token>`. Clients send heartbeats and relay
 * offers, answers and ICE candidates to another peer (`dst`); the server stamps `src` itself. Only these
 * are let through to the `peer` package; anything else is refused at the door.
 */

/** What peerjs accepts as an id (peers/peerjs lib/util validateId), at most 64 characters here. */
export const PEERJS_ID_PATTERN = /^[A-Za-z0-9]+(?:[ _-][A-Za-z0-9]+)*$/;
export const MAX_PEERJS_ID_CHARS = 64;
/** Tokens are the client's own random string (Math.random().toString(36) in peerjs); room peers get longer ones. */
export const MAX_PEERJS_TOKEN_CHARS = 64;

export const peerjsId = z.string().max(MAX_PEERJS_ID_CHARS).regex(PEERJS_ID_PATTERN, 'a peer id is letters and digits, optionally joined by "-", "_" or " "');

/** The payload of a relayed message: peerjs puts an SDP or a candidate and its connection id in it. */
const payload = z.record(z.string(), z.unknown());

export const peerjsClientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('HEARTBEAT') }),
  z.object({ type: z.literal('OFFER'), dst: peerjsId, payload }),
  z.object({ type: z.literal('ANSWER'), dst: peerjsId, payload }),
  z.object({ type: z.literal('CANDIDATE'), dst: peerjsId, payload }),
  /** A peer telling another it is gone. */
  z.object({ type: z.literal('LEAVE'), dst: peerjsId.optional() }),
]);
export type PeerjsClientMessage = z.infer<typeof peerjsClientMessage>;

/** What the server sends a client that broke the rules, in the shape peerjs clients read (and then close on). */
export function peerjsError(message: string): string {
  return JSON.stringify({ type: 'ERROR', payload: { msg: message } });
}

/** Query of a PeerServer socket URL: key, id and token are required; version is informative. */
export interface PeerjsHandshake {
  key: string;
  id: string;
  token: string;
}

/** The handshake's parameters, or the reason they will not do. */
export function readHandshake(url: string | undefined): PeerjsHandshake | { problem: string } {
  const { searchParams } = new URL(url ?? '/', 'http://localhost');
  const key = searchParams.get('key');
  const id = searchParams.get('id');
  const token = searchParams.get('token');
  if (!key || !id || !token) return { problem: 'No id, token, or key supplied to websocket server' };
  if (!peerjsId.safeParse(id).success) return { problem: `ID "${id.slice(0, MAX_PEERJS_ID_CHARS)}" is not a valid peer id` };
  if (token.length > MAX_PEERJS_TOKEN_CHARS) return { problem: `Tokens are at most ${MAX_PEERJS_TOKEN_CHARS} characters` };
  return { key, id, token };
}
