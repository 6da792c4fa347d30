/**
 * The server's side of a viewer's subscribe negotiation, as a state machine.
 *
 * The SFU is always the offerer on a subscribe connection (lib/protocol/room.ts), so there is no glare;
 * what can go wrong is the room changing while an offer is out. The rules:
 *   1. One offer at a time. A room change (someone starts or stops publishing) while an offer is being
 *      made or awaits its answer is remembered, not acted on: the connection is not touched until the
 *      answer is in, and then one new offer carries every change since (they coalesce).
 *   2. The room changing never fails a viewer. Only the viewer's own silence does: an offer left
 *      unanswered for the timeout. A wrong or late answer is refused and changes nothing; the timeout
 *      keeps running, so a client that only ever sends garbage still ends.
 *   3. Answers name the offer they answer (`revision`); an answer to any offer but the one waiting is
 *      stale (RFC 8829 section 4.1.10: an answer applies to the offer in place).
 *   4. The first answer starts ICE and DTLS. werift starts DTLS again for every answer it applies
 *      while DTLS is still connecting, and fails the connection when it does, so changes after the
 *      first offer wait until the connection is up, then go out together.
 *   5. An offer carries every change made before it is built, not only those before it was decided:
 *      the session may wait for its turn to build (server/sfu/NegotiationPacer), and changes that
 *      come meanwhile ride along instead of asking for another offer after the answer.
 *
 * Pure: the session (server/sfu/SubscribeSession) feeds it events and carries out the effects it
 * returns (make an offer, apply an answer, start or stop the timer, give up). Plain values in and out.
 */

export type NegotiationPhase =
  /** Nothing in flight; the connection matches what the viewer was last offered. */
  | 'idle'
  /** The session is applying queued room changes to the connection and making offer `revision`. */
  | 'offering'
  /** Offer `revision` is with the viewer; the timer runs. */
  | 'awaiting-answer'
  /** The viewer's answer to `revision` is being applied. */
  | 'applying-answer'
  /** The viewer did not answer in time, or the server could not make an offer: the session ends. */
  | 'failed'
  | 'closed';

export interface NegotiationState {
  phase: NegotiationPhase;
  /** The revision of the latest offer made (0 before the first). */
  revision: number;
  /** The room changed after the offer in flight was made: another offer follows its answer. */
  changedSinceOffer: boolean;
  /** ICE and DTLS are up, so a renegotiation may start (rule 4). */
  connected: boolean;
}

export type NegotiationEvent =
  /** The room changed what this viewer should receive. */
  | { type: 'room-changed' }
  /** The connection's ICE and DTLS are up. */
  | { type: 'connected' }
  /** The session starts building offer `revision` from the room as it is now (rule 5). */
  | { type: 'offer-building'; revision: number }
  /** Offer `revision` went to the viewer. */
  | { type: 'offer-sent'; revision: number }
  /** The server could not make offer `revision` (its own failure, not the viewer's). */
  | { type: 'offer-failed'; revision: number; reason: string }
  /** The viewer answered offer `revision` (its SDP has passed the wire checks). */
  | { type: 'answer-received'; revision: number }
  /** The answer being applied was accepted by the connection. */
  | { type: 'answer-applied' }
  /** The connection refused the answer being applied. */
  | { type: 'answer-refused' }
  /** The timer for offer `revision` ran out. */
  | { type: 'timeout'; revision: number }
  | { type: 'close' };

export type NegotiationEffect =
  /** Apply the queued room changes to the connection and make offer `revision`; then report offer-sent or offer-failed. */
  | { type: 'make-offer'; revision: number }
  | { type: 'start-timer'; revision: number }
  | { type: 'stop-timer' }
  /** Apply the viewer's answer; then report answer-applied or answer-refused. */
  | { type: 'apply-answer'; revision: number }
  /** End the session: the viewer is told why and leaves the room. */
  | { type: 'fail'; reason: string };

export interface NegotiationStep {
  state: NegotiationState;
  effects: NegotiationEffect[];
  /** Set when the event was refused and changed nothing (an answer nobody is waiting for). */
  refusal?: 'stale-answer';
}

export function createNegotiation(): NegotiationState {
  return { phase: 'idle', revision: 0, changedSinceOffer: false, connected: false };
}

const unchanged = (state: NegotiationState): NegotiationStep => ({ state, effects: [] });

function offerNext(state: NegotiationState, effects: NegotiationEffect[] = []): NegotiationStep {
  const revision = state.revision + 1;
  return {
    state: { ...state, phase: 'offering', revision, changedSinceOffer: false },
    effects: [...effects, { type: 'make-offer', revision }],
  };
}

/** The first offer may go at once; later ones only over a connection that is up (rule 4). */
function mayRenegotiate(state: NegotiationState): boolean {
  return state.revision === 0 || state.connected;
}

export function stepNegotiation(state: NegotiationState, event: NegotiationEvent): NegotiationStep {
  if (state.phase === 'closed') return unchanged(state);
  if (event.type === 'close') {
    return { state: { ...state, phase: 'closed' }, effects: [{ type: 'stop-timer' }] };
  }
  if (state.phase === 'failed') {
    // Nothing more happens to a failed session; a late answer is still told it came too late.
    return event.type === 'answer-received' ? { ...unchanged(state), refusal: 'stale-answer' } : unchanged(state);
  }

  switch (event.type) {
    case 'room-changed':
      // Rule 1: touch the connection only when nothing is in flight; otherwise remember.
      if (state.phase === 'idle' && mayRenegotiate(state)) return offerNext(state);
      return unchanged({ ...state, changedSinceOffer: true });

    case 'connected':
      // Rule 4: what waited for the connection goes out now.
      if (state.phase === 'idle' && state.changedSinceOffer) return offerNext({ ...state, connected: true });
      return unchanged({ ...state, connected: true });

    case 'offer-building':
      // Rule 5: whatever changed since the offer was decided is in it.
      if (state.phase !== 'offering' || event.revision !== state.revision) return unchanged(state);
      return unchanged({ ...state, changedSinceOffer: false });

    case 'offer-sent':
      if (state.phase !== 'offering' || event.revision !== state.revision) return unchanged(state);
      return {
        state: { ...state, phase: 'awaiting-answer' },
        effects: [{ type: 'start-timer', revision: event.revision }],
      };

    case 'offer-failed':
      if (state.phase !== 'offering' || event.revision !== state.revision) return unchanged(state);
      return { state: { ...state, phase: 'failed' }, effects: [{ type: 'fail', reason: event.reason }] };

    case 'answer-received':
      // Rule 3: only the answer to the offer that is waiting; a second copy while it is applied is stale too.
      if (state.phase !== 'awaiting-answer' || event.revision !== state.revision) {
        return { ...unchanged(state), refusal: 'stale-answer' };
      }
      return {
        state: { ...state, phase: 'applying-answer' },
        effects: [{ type: 'apply-answer', revision: event.revision }],
      };

    case 'answer-applied':
      if (state.phase !== 'applying-answer') return unchanged(state);
      // Rule 1: the changes that arrived meanwhile go out now, all in one offer (once rule 4 allows).
      if (state.changedSinceOffer && mayRenegotiate(state)) return offerNext(state, [{ type: 'stop-timer' }]);
      return { state: { ...state, phase: 'idle' }, effects: [{ type: 'stop-timer' }] };

    case 'answer-refused':
      // Rule 2: a bad answer changes nothing; the offer still waits and its timer keeps running.
      if (state.phase !== 'applying-answer') return unchanged(state);
      return unchanged({ ...state, phase: 'awaiting-answer' });

    case 'timeout':
      if (event.revision !== state.revision || (state.phase !== 'awaiting-answer' && state.phase !== 'applying-answer')) {
        return unchanged(state);
      }
      return {
        state: { ...state, phase: 'failed' },
        effects: [{ type: 'fail', reason: 'no answer to the subscribe offer' }],
      };
  }
}
