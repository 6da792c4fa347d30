import '@/lib/zod';
import { z } from 'zod';
import { figureInputs, figureInstance, CHAPTER_SLUG_PATTERN } from '../figures/instance';
import { roomId } from './room';

/**
 * The class follow service's messages on /ws, members of the unions in messages.ts.
 *
 * Followers speak a Discord-style gateway protocol (lib/guild/gateway.ts): every frame is
 * `{ type: 'gateway', op, d, s?, t? }` with Discord's opcode numbers, so the gateway chapter can show the
 * frames as they pass. The instructor's browser drives its class with a few `class-*` messages.
 */

/** Class codes: six characters without the ones people misread (0/O, 1/I/L, U/V), shown as "ABC 234". */
export const CLASS_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTWXYZ23456789';
export const CLASS_CODE_LENGTH = 6;
export const CLASS_CODE_PATTERN = new RegExp(`^[${CLASS_CODE_ALPHABET}]{${CLASS_CODE_LENGTH}}$`);

/** "abc-234", "ABC 234" -> "ABC234"; null when what is left is not a code. */
export function normalizeClassCode(raw: string): string | null {
  const code = raw.toUpperCase().replace(/[\s-]/g, '');
  return CLASS_CODE_PATTERN.test(code) ? code : null;
}

/** "ABC234" -> "ABC 234", easier to read aloud and to type. */
export function formatClassCode(code: string): string {
  return `${code.slice(0, 3)} ${code.slice(3)}`;
}

export const classCode = z.string().regex(CLASS_CODE_PATTERN, 'a class code is six letters and digits');
/** The instructor's secret for reattaching after a reload (base64url of 16 random bytes). */
export const instructorToken = z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'an instructor token');
export const sessionId = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'a session id');

export const slidePosition = z
  .object({
    chapter: z.string().regex(CHAPTER_SLUG_PATTERN),
    scene: z.number().int().min(0).max(999),
    step: z.number().int().min(0).max(99),
  })
  .strict();

/** What an instructor may publish to their class (lib/classroom/state.ts applies them). */
export const classEvent = z.discriminatedUnion('t', [
  z.object({ t: z.literal('POSITION'), d: slidePosition }),
  z.object({ t: z.literal('FIGURE_INPUTS'), d: z.object({ instance: figureInstance, inputs: figureInputs }) }),
  z.object({ t: z.literal('CLASS_ROOM'), d: z.object({ roomId: roomId.nullable() }) }),
]);

const classStateSchema = z.object({
  position: slidePosition.nullable(),
  inputs: z.record(z.string(), z.object({ instance: figureInstance, inputs: figureInputs })),
  roomId: z.string().nullable(),
});

/** Which guild a session joins: a class by its code, or the site's own guild that the gateway chapter shows. */
export const guildRef = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('class'), code: classCode }),
  z.object({ kind: z.literal('site') }),
]);
export type GuildRef = z.infer<typeof guildRef>;

/** Live numbers of this server's follow service, dispatched to the site guild (the gateway chapter's figure). */
export const siteStats = z.object({
  guilds: z.array(z.object({ kind: z.enum(['class', 'site']), sessions: z.number() })),
  sessions: z.number(),
  /** Dispatch events the guilds handled in the last second, and the session sends they fanned out to. */
  eventsPerSecond: z.number(),
  sendsPerSecond: z.number(),
  /** The last fan-out on this server: sessions reached and microseconds from the guild's mailbox to the last socket write. */
  lastFanout: z.object({ sessions: z.number(), measuredUs: z.number() }).nullable(),
});
export type SiteStats = z.infer<typeof siteStats>;

const shapes = {
  ready: {
    t: z.literal('READY'),
    d: z.object({
      sessionId,
      guild: guildRef,
      /** The class's state for a class guild; null for the site guild. */
      state: classStateSchema.nullable(),
      sessions: z.number(),
    }),
  },
  resumed: { t: z.literal('RESUMED'), d: z.object({ replayed: z.number() }) },
  position: classEvent.options[0].shape,
  inputs: classEvent.options[1].shape,
  room: classEvent.options[2].shape,
  members: { t: z.literal('MEMBERS'), d: z.object({ sessions: z.number() }) },
  classEnded: { t: z.literal('CLASS_ENDED'), d: z.object({}) },
  wave: { t: z.literal('WAVE'), d: z.object({ from: z.string().max(32) }) },
  stats: { t: z.literal('SITE_STATS'), d: siteStats },
};

/** Events a guild dispatches (op 0), by name `t`. */
export const dispatchEvent = z.discriminatedUnion('t', [
  z.object(shapes.ready),
  z.object(shapes.resumed),
  z.object(shapes.position),
  z.object(shapes.inputs),
  z.object(shapes.room),
  z.object(shapes.members),
  z.object(shapes.classEnded),
  z.object(shapes.wave),
  z.object(shapes.stats),
]);
export type DispatchEvent = z.infer<typeof dispatchEvent>;

/** Why a session cannot go on (op 9). */
export const invalidReason = z.enum(['unknown-code', 'ended', 'expired', 'full', 'too-many-sessions']);
export type InvalidReason = z.infer<typeof invalidReason>;

const frame = { type: z.literal('gateway') };
const gw = <Op extends number, D extends z.ZodType>(op: Op, d: D) => z.object({ ...frame, op: z.literal(op), d });
// READY and RESUMED carry the guild's last sequence number, which is 0 before its first event.
const op0 = { ...frame, op: z.literal(0), s: z.number().int().nonnegative() };

/** Client to server. */
export const gatewayClientMessage = z.discriminatedUnion('op', [
  /** Heartbeat: the last sequence number this client saw (null before any). */
  gw(1, z.number().int().nonnegative().nullable()),
  gw(2, z.object({ guild: guildRef })),
  gw(6, z.object({ sessionId, seq: z.number().int().nonnegative() })),
]);
export type GatewayClientMessage = z.infer<typeof gatewayClientMessage>;

/** Server to client. */
export const gatewayServerMessage = z.discriminatedUnion('op', [
  z.discriminatedUnion('t', [
    z.object({ ...op0, ...shapes.ready }),
    z.object({ ...op0, ...shapes.resumed }),
    z.object({ ...op0, ...shapes.position }),
    z.object({ ...op0, ...shapes.inputs }),
    z.object({ ...op0, ...shapes.room }),
    z.object({ ...op0, ...shapes.members }),
    z.object({ ...op0, ...shapes.classEnded }),
    z.object({ ...op0, ...shapes.wave }),
    z.object({ ...op0, ...shapes.stats }),
  ]),
  gw(7, z.null()),
  gw(9, z.object({ resumable: z.boolean(), reason: invalidReason })),
  gw(10, z.object({ heartbeatIntervalMs: z.number() })),
  gw(11, z.null()),
]);
export type GatewayServerMessage = z.infer<typeof gatewayServerMessage>;
export type DispatchFrame = Extract<GatewayServerMessage, { op: 0 }>;

/** The instructor's messages. A connection that started or reattached to a class is its instructor. */
export const classClientMessages = [
  z.object({ type: z.literal('class-start') }),
  /** After a reload: take the class back with the token from class-started. */
  z.object({ type: z.literal('class-attach'), code: classCode, token: instructorToken }),
  z.object({ type: z.literal('class-event'), event: classEvent }),
  z.object({ type: z.literal('class-end') }),
  /** A reader on the gateway chapter waves to everyone in the site guild (no text: nothing to moderate). */
  z.object({ type: z.literal('site-wave') }),
  gatewayClientMessage,
] as const;

export const classServerMessages = [
  z.object({ type: z.literal('class-started'), code: classCode, token: instructorToken, state: classStateSchema, sessions: z.number() }),
  /** How many follow, sent to the instructor whenever it changes. */
  z.object({ type: z.literal('class-status'), code: classCode, sessions: z.number() }),
  z.object({ type: z.literal('class-ended'), code: classCode }),
  /**
   * Bytes this server has sent on this connection: as the TCP socket counted them (after permessage-deflate
   * when the connection negotiated it) and as the same frames would be without compression.
   */
  z.object({
    type: z.literal('connection-bytes'),
    deflate: z.boolean(),
    frames: z.number(),
    wireBytes: z.number(),
    uncompressedBytes: z.number(),
  }),
  gatewayServerMessage,
] as const;

export const classErrorCodes = [
  'unknown-class',
  'class-ended',
  'bad-token',
  'not-instructor',
  'already-instructing',
  'too-many-classes',
  'already-identified',
  'not-identified',
  'wave-limit',
] as const;
