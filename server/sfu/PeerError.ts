import type { roomErrorCodes } from '@/lib/protocol/room';

type PeerErrorCode = Extract<
  (typeof roomErrorCodes)[number],
  'not-publishing' | 'negotiation-failed' | 'stale-answer' | 'bad-sdp' | 'already-publishing' | 'server-busy'
>;

/** A refusal from a peer's negotiation, with a protocol error code; the signaling handler turns it into an error reply. */
export class PeerError extends Error {
  constructor(
    readonly code: PeerErrorCode,
    message: string,
  ) {
    super(message);
  }
}
