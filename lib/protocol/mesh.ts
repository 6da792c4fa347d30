import '@/lib/zod';
import { z } from 'zod';
import { joinRole, MAX_DISPLAY_NAME_CHARS, roomId } from './room';

/**
 * Mesh rooms' messages on /ws (members of the unions in messages.ts). In a mesh room the server carries no
 * media: it keeps the list of who is in the room, gives each browser a PeerServer id and token (/peerjs),
 * and says whom to call. The browsers then call each other with peerjs, each sending its own copy of its
 * camera and voice to every other member. The server's bots are members too (server/mesh/MeshBot).
 *
 * Who calls whom: when a member's PeerServer connection opens, the server sends it `mesh-call` with every
 * member already connected, and tells the others it is there. Connections open one after another on the
 * server, so of any two members exactly one calls the other (no glare, nobody waits for a call that never
 * comes). A bot added later calls everyone itself.
 */

/** A mesh member's PeerServer id: given out by the server, "room-" and random letters. */
export const meshPeerId = z.string().min(1).max(64);

export const meshMember = z.object({
  peerjsId: meshPeerId,
  name: z.string(),
  role: z.enum(['camera', 'mic', 'viewer', 'bot']),
});
export type MeshMember = z.infer<typeof meshMember>;

/** What a bot sends, weighed as lib/bandwidth weighs streams: its video layer, and its voice while it talks. */
export const meshBotWeights = z.object({ rid: z.string(), videoWireKbps: z.number(), voiceWireKbps: z.number() });
export type MeshBotWeights = z.infer<typeof meshBotWeights>;

export const meshClientMessages = [
  z.object({
    type: z.literal('mesh-join'),
    roomId,
    role: joinRole,
    name: z.string().trim().min(1).max(MAX_DISPLAY_NAME_CHARS),
  }),
  z.object({ type: z.literal('mesh-leave') }),
  z.object({ type: z.literal('mesh-add-bot') }),
  z.object({ type: z.literal('mesh-remove-bot') }),
] as const;

export const meshServerMessages = [
  z.object({
    type: z.literal('mesh-joined'),
    roomId: z.string(),
    /** Open the PeerServer connection with this id and token. */
    peerjsId: meshPeerId,
    token: z.string(),
    members: z.array(meshMember),
    maxPeers: z.number(),
    bot: meshBotWeights,
  }),
  z.object({ type: z.literal('mesh-left'), roomId: z.string() }),
  /** Call each of these members (they were connected before you). */
  z.object({ type: z.literal('mesh-call'), peerjsIds: z.array(meshPeerId) }),
  /** A member joined the room (its PeerServer connection is open). */
  z.object({ type: z.literal('mesh-member-joined'), member: meshMember }),
  z.object({ type: z.literal('mesh-member-left'), peerjsId: meshPeerId, reason: z.enum(['left', 'disconnected', 'removed']) }),
  /** A bot started or finished its line (browsers' own voices are measured, not announced). */
  z.object({ type: z.literal('mesh-speaking'), peerjsId: meshPeerId, speaking: z.boolean() }),
] as const;
