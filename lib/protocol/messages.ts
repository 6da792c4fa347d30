import '@/lib/zod';
import { z } from 'zod';
import { roomClientMessages, roomErrorCodes, roomServerMessages } from './room';
import { classClientMessages, classErrorCodes, classServerMessages } from './gateway';
import { meshClientMessages, meshServerMessages } from './mesh';

/**
 * Every message on the /ws socket, in both directions, is a member of one of these discriminated
 * unions and is validated with zod at the boundary. Later features add members here.
 */
export const PROTOCOL_VERSION = 1;

export const clientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), protocol: z.literal(PROTOCOL_VERSION), client: z.string().max(64).optional() }),
  z.object({ type: z.literal('ping'), nonce: z.number().int().nonnegative() }),
  ...roomClientMessages,
  ...classClientMessages,
  ...meshClientMessages,
]);
export type ClientMessage = z.infer<typeof clientMessage>;

export const errorCode = z.enum([
  'bad-json',
  'bad-message',
  'too-large',
  /** The protocol is JSON text; a binary frame is refused whatever its size. */
  'binary-message',
  'rate-limited',
  /** Sent just before the server closes a socket that kept flooding after its warnings (close code 1008). */
  'flooding',
  /** This address has as many /ws connections open as it may (server/limits.ts); the socket closes. */
  'connections-per-address',
  'not-ready',
  'internal',
  ...roomErrorCodes,
  ...classErrorCodes,
]);
export type ErrorCode = z.infer<typeof errorCode>;

export const serverMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('welcome'), protocol: z.literal(PROTOCOL_VERSION), connectionId: z.string() }),
  z.object({ type: z.literal('pong'), nonce: z.number().int().nonnegative(), serverTimeMs: z.number() }),
  z.object({ type: z.literal('error'), code: errorCode, message: z.string(), inReplyTo: z.string().optional() }),
  ...roomServerMessages,
  ...classServerMessages,
  ...meshServerMessages,
]);
export type ServerMessage = z.infer<typeof serverMessage>;

/**
 * A ServerMessage already serialized to JSON. Only encoders whose output a unit test parses back with
 * `serverMessage` make these (server/sfu/statsFeed.ts); the socket sends them as they are.
 */
export type EncodedServerMessage = string & { readonly __encodedServerMessage: true };
export type OutgoingServerMessage = ServerMessage | EncodedServerMessage;

/** A frame's text as a server message, or null when it is not JSON or not one of the union's members. */
export function parseServerMessage(text: string): ServerMessage | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = serverMessage.safeParse(json);
  return parsed.success ? parsed.data : null;
}
