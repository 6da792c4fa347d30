import { describe, expect, it } from 'vitest';
import {
  createNegotiation,
  stepNegotiation,
  type NegotiationEvent,
  type NegotiationState,
  type NegotiationStep,
} from '@/lib/sfu/negotiation';

/** Runs events in order and returns every step, so a test can read the effects of each. */
function run(events: NegotiationEvent[], start: NegotiationState = createNegotiation()): NegotiationStep[] {
  const steps: NegotiationStep[] = [];
  let state = start;
  for (const event of events) {
    const step = stepNegotiation(state, event);
    steps.push(step);
    state = step.state;
  }
  return steps;
}

const last = (steps: NegotiationStep[]) => steps[steps.length - 1];
const allEffects = (steps: NegotiationStep[]) => steps.flatMap((s) => s.effects.map((e) => e.type));

describe('the subscribe negotiation', () => {
  it('makes offer 1 on the first room change and waits for its answer with a timer', () => {
    const steps = run([{ type: 'room-changed' }, { type: 'offer-sent', revision: 1 }]);
    expect(steps[0].effects).toEqual([{ type: 'make-offer', revision: 1 }]);
    expect(steps[1].effects).toEqual([{ type: 'start-timer', revision: 1 }]);
    expect(last(steps).state).toEqual({ phase: 'awaiting-answer', revision: 1, changedSinceOffer: false, connected: false });
  });

  it('goes back to idle when the answer is applied, stopping the timer', () => {
    const steps = run([
      { type: 'room-changed' },
      { type: 'offer-sent', revision: 1 },
      { type: 'answer-received', revision: 1 },
      { type: 'answer-applied' },
    ]);
    expect(steps[2].effects).toEqual([{ type: 'apply-answer', revision: 1 }]);
    expect(steps[3].effects).toEqual([{ type: 'stop-timer' }]);
    expect(last(steps).state.phase).toBe('idle');
  });

  it('queues two publishers that arrive while the first offer is being made, and offers both in one', () => {
    const steps = run([
      { type: 'room-changed' },
      { type: 'room-changed' },
      { type: 'room-changed' },
      { type: 'offer-sent', revision: 1 },
      { type: 'answer-received', revision: 1 },
      { type: 'answer-applied' },
      { type: 'connected' },
    ]);
    // Nothing touches the connection while offer 1 is in flight ...
    expect(steps[1].effects).toEqual([]);
    expect(steps[2].effects).toEqual([]);
    // ... nor while the connection it started is still coming up ...
    expect(steps[5].effects).toEqual([{ type: 'stop-timer' }]);
    // ... then one offer carries both changes.
    expect(steps[6].effects).toEqual([{ type: 'make-offer', revision: 2 }]);
    expect(allEffects(steps).filter((t) => t === 'make-offer')).toHaveLength(2);
    expect(last(steps).state).toEqual({ phase: 'offering', revision: 2, changedSinceOffer: false, connected: true });
  });

  it('puts changes that come before the offer is built into that offer, with no second offer after its answer', () => {
    const connectedIdle = last(run([{ type: 'room-changed' }, { type: 'offer-sent', revision: 1 }, { type: 'connected' }, { type: 'answer-received', revision: 1 }, { type: 'answer-applied' }])).state;
    const steps = run(
      [
        { type: 'room-changed' },
        // Three more publishers while the session waits for its turn to build offer 2 ...
        { type: 'room-changed' },
        { type: 'room-changed' },
        { type: 'room-changed' },
        { type: 'offer-building', revision: 2 },
        // ... and one while it is being built: that one needs offer 3.
        { type: 'room-changed' },
        { type: 'offer-sent', revision: 2 },
        { type: 'answer-received', revision: 2 },
        { type: 'answer-applied' },
      ],
      connectedIdle,
    );
    expect(steps[0].effects).toEqual([{ type: 'make-offer', revision: 2 }]);
    expect(steps[4].state.changedSinceOffer).toBe(false);
    expect(last(steps).effects).toEqual([{ type: 'stop-timer' }, { type: 'make-offer', revision: 3 }]);
    // Without the change during the build, the answer ends it.
    const quiet = run([{ type: 'room-changed' }, { type: 'room-changed' }, { type: 'offer-building', revision: 2 }, { type: 'offer-sent', revision: 2 }, { type: 'answer-received', revision: 2 }, { type: 'answer-applied' }], connectedIdle);
    expect(last(quiet).effects).toEqual([{ type: 'stop-timer' }]);
    expect(last(quiet).state.phase).toBe('idle');
    // A report about another revision changes nothing.
    const offering = last(run([{ type: 'room-changed' }, { type: 'room-changed' }], connectedIdle)).state;
    expect(stepNegotiation(offering, { type: 'offer-building', revision: 1 }).state.changedSinceOffer).toBe(true);
  });

  it('queues a change that arrives while the answer is being applied, and never fails the viewer for it', () => {
    const steps = run([
      { type: 'room-changed' },
      { type: 'offer-sent', revision: 1 },
      { type: 'connected' },
      { type: 'answer-received', revision: 1 },
      { type: 'room-changed' },
      { type: 'answer-applied' },
    ]);
    expect(steps[4].effects).toEqual([]);
    expect(steps[5].effects).toEqual([{ type: 'stop-timer' }, { type: 'make-offer', revision: 2 }]);
    expect(allEffects(steps)).not.toContain('fail');
  });

  it('holds a renegotiation until the first answer’s connection is up (werift would start DTLS twice)', () => {
    const answered = run([{ type: 'room-changed' }, { type: 'offer-sent', revision: 1 }, { type: 'answer-received', revision: 1 }, { type: 'answer-applied' }]);
    const held = stepNegotiation(last(answered).state, { type: 'room-changed' });
    expect(held.effects).toEqual([]);
    expect(held.state).toEqual({ phase: 'idle', revision: 1, changedSinceOffer: true, connected: false });
    const released = stepNegotiation(held.state, { type: 'connected' });
    expect(released.effects).toEqual([{ type: 'make-offer', revision: 2 }]);
    // Once up, a change goes out at once; the first offer never waits for a connection.
    const up = stepNegotiation({ ...last(answered).state, connected: true }, { type: 'room-changed' });
    expect(up.effects).toEqual([{ type: 'make-offer', revision: 2 }]);
    expect(stepNegotiation(createNegotiation(), { type: 'connected' }).effects).toEqual([]);
  });

  it('refuses an answer to an older offer as stale and keeps waiting for the current one', () => {
    const waiting = last(run([{ type: 'room-changed' }, { type: 'offer-sent', revision: 1 }])).state;
    const stale = stepNegotiation(waiting, { type: 'answer-received', revision: 0 });
    expect(stale.refusal).toBe('stale-answer');
    expect(stale.state).toBe(waiting);
    expect(stale.effects).toEqual([]);
  });

  it('refuses an answer when no offer is waiting, and a second copy of an answer being applied', () => {
    expect(stepNegotiation(createNegotiation(), { type: 'answer-received', revision: 1 }).refusal).toBe('stale-answer');
    const applying = last(run([{ type: 'room-changed' }, { type: 'offer-sent', revision: 1 }, { type: 'answer-received', revision: 1 }])).state;
    expect(stepNegotiation(applying, { type: 'answer-received', revision: 1 }).refusal).toBe('stale-answer');
  });

  it('keeps the offer waiting, timer running, when the connection refuses an answer', () => {
    const steps = run([
      { type: 'room-changed' },
      { type: 'offer-sent', revision: 1 },
      { type: 'answer-received', revision: 1 },
      { type: 'answer-refused' },
    ]);
    expect(last(steps).effects).toEqual([]);
    expect(last(steps).state.phase).toBe('awaiting-answer');
    // The timer was never stopped, so the viewer's silence still ends the session.
    const after = stepNegotiation(last(steps).state, { type: 'timeout', revision: 1 });
    expect(after.effects).toEqual([{ type: 'fail', reason: 'no answer to the subscribe offer' }]);
  });

  it('fails the viewer whose offer goes unanswered, and only for the offer that is waiting', () => {
    const waiting = last(run([{ type: 'room-changed' }, { type: 'offer-sent', revision: 1 }])).state;
    expect(stepNegotiation(waiting, { type: 'timeout', revision: 0 }).effects).toEqual([]);
    const timedOut = stepNegotiation(waiting, { type: 'timeout', revision: 1 });
    expect(timedOut.state.phase).toBe('failed');
    expect(timedOut.effects).toEqual([{ type: 'fail', reason: 'no answer to the subscribe offer' }]);
  });

  it('ignores a stale timer after the answer came', () => {
    const idle = last(
      run([{ type: 'room-changed' }, { type: 'offer-sent', revision: 1 }, { type: 'answer-received', revision: 1 }, { type: 'answer-applied' }]),
    ).state;
    expect(stepNegotiation(idle, { type: 'timeout', revision: 1 })).toEqual({ state: idle, effects: [] });
  });

  it('fails the session when the server cannot make an offer', () => {
    const step = last(run([{ type: 'room-changed' }, { type: 'offer-failed', revision: 1, reason: 'boom' }]));
    expect(step.state.phase).toBe('failed');
    expect(step.effects).toEqual([{ type: 'fail', reason: 'boom' }]);
  });

  it('does nothing more once failed or closed: no offers for room changes, late answers are stale', () => {
    const failed = last(run([{ type: 'room-changed' }, { type: 'offer-failed', revision: 1, reason: 'x' }])).state;
    expect(stepNegotiation(failed, { type: 'room-changed' }).effects).toEqual([]);
    expect(stepNegotiation(failed, { type: 'answer-received', revision: 1 }).refusal).toBe('stale-answer');
    const closed = last(run([{ type: 'room-changed' }, { type: 'close' }]));
    expect(closed.effects).toEqual([{ type: 'stop-timer' }]);
    expect(stepNegotiation(closed.state, { type: 'room-changed' }).effects).toEqual([]);
    expect(stepNegotiation(closed.state, { type: 'close' }).effects).toEqual([]);
  });

  it('ignores reports about an offer that is no longer the one in flight', () => {
    const waiting = last(run([{ type: 'room-changed' }, { type: 'offer-sent', revision: 1 }])).state;
    expect(stepNegotiation(waiting, { type: 'offer-sent', revision: 1 }).effects).toEqual([]);
    expect(stepNegotiation(waiting, { type: 'offer-failed', revision: 1, reason: 'late' }).state).toBe(waiting);
    expect(stepNegotiation(createNegotiation(), { type: 'answer-applied' }).effects).toEqual([]);
  });
});
