import { describe, expect, it } from 'vitest';
import {
  DEFAULT_KEYFRAME_RETRY_MS,
  checkKeyframeTimeout,
  createLayerSwitch,
  isSwitchPending,
  onPacket,
  packetAction,
  setTarget,
} from '../../lib/simulcast/keyframeGate';

describe('keyframe gate: switching layers', () => {
  it('starts forwarding nothing, with nothing pending', () => {
    const state = createLayerSwitch();
    expect(state).toEqual({ currentRid: null, targetRid: null, keyframeRequestedAtMs: null, keyframeRequests: 0 });
    expect(onPacket(state, 'q', true).forward).toBe(false);
  });

  it('asks for a keyframe on the target layer when the target changes', () => {
    const { state, requestKeyframe } = setTarget(createLayerSwitch('q'), 'h', 1000);
    expect(requestKeyframe).toBe('h');
    expect(state).toEqual({ currentRid: 'q', targetRid: 'h', keyframeRequestedAtMs: 1000, keyframeRequests: 1 });
    expect(isSwitchPending(state)).toBe(true);
  });

  it('keeps forwarding the old layer while it waits for the keyframe', () => {
    const { state } = setTarget(createLayerSwitch('q'), 'h', 0);
    expect(onPacket(state, 'q', false)).toEqual({ state, forward: true, switched: false });
  });

  it('switches only on a keyframe: delta packets of the target are dropped', () => {
    const { state } = setTarget(createLayerSwitch('q'), 'h', 0);
    expect(onPacket(state, 'h', false)).toEqual({ state, forward: false, switched: false });
  });

  it('switches on the first keyframe of the target and forwards it', () => {
    const { state } = setTarget(createLayerSwitch('q'), 'h', 0);
    const result = onPacket(state, 'h', true);
    expect(result.forward).toBe(true);
    expect(result.switched).toBe(true);
    expect(result.state).toEqual(createLayerSwitch('h'));
    expect(isSwitchPending(result.state)).toBe(false);
  });

  it('drops the old layer after the switch and forwards the rest of the new keyframe', () => {
    const { state } = setTarget(createLayerSwitch('q'), 'h', 0);
    const after = onPacket(state, 'h', true).state;
    expect(onPacket(after, 'q', false).forward).toBe(false);
    expect(onPacket(after, 'q', true).forward).toBe(false);
    expect(onPacket(after, 'h', false).forward).toBe(true);
  });

  it('ignores a keyframe of the old layer while a switch is pending', () => {
    const { state } = setTarget(createLayerSwitch('q'), 'h', 0);
    expect(onPacket(state, 'q', true)).toEqual({ state, forward: true, switched: false });
  });

  it('forwards nothing to a new subscriber until the first keyframe arrives', () => {
    const { state, requestKeyframe } = setTarget(createLayerSwitch(), 'f', 0);
    expect(requestKeyframe).toBe('f');
    expect(onPacket(state, 'f', false).forward).toBe(false);
    expect(onPacket(state, 'f', true)).toEqual({ state: createLayerSwitch('f'), forward: true, switched: true });
  });

  it('stops at once, without a keyframe, when the target is nothing', () => {
    const { state, requestKeyframe } = setTarget(createLayerSwitch('h'), null, 0);
    expect(requestKeyframe).toBeNull();
    expect(state).toEqual(createLayerSwitch(null));
    expect(onPacket(state, 'h', false).forward).toBe(false);
  });

  it('does not ask again when the same target is set twice', () => {
    const first = setTarget(createLayerSwitch('q'), 'h', 0);
    const second = setTarget(first.state, 'h', 100);
    expect(second.requestKeyframe).toBeNull();
    expect(second.state).toBe(first.state);
  });

  it('does not ask for a keyframe when the target is the layer already forwarded', () => {
    const { state, requestKeyframe } = setTarget(createLayerSwitch('h'), 'h', 0);
    expect(requestKeyframe).toBeNull();
    expect(state).toEqual(createLayerSwitch('h'));
  });

  it('cancels a pending switch when the policy goes back to the current layer', () => {
    const pending = setTarget(createLayerSwitch('q'), 'h', 0).state;
    const back = setTarget(pending, 'q', 50);
    expect(back.requestKeyframe).toBeNull();
    expect(back.state).toEqual(createLayerSwitch('q'));
    expect(onPacket(back.state, 'h', true).switched).toBe(false);
  });

  it('asks for the new target and ignores the old target when the target changes mid-switch', () => {
    const toH = setTarget(createLayerSwitch('q'), 'h', 0).state;
    const toF = setTarget(toH, 'f', 200);
    expect(toF.requestKeyframe).toBe('f');
    expect(toF.state).toEqual({ currentRid: 'q', targetRid: 'f', keyframeRequestedAtMs: 200, keyframeRequests: 1 });
    expect(onPacket(toF.state, 'h', true).forward).toBe(false);
    expect(onPacket(toF.state, 'f', true).switched).toBe(true);
  });
});

describe('keyframe gate: re-requesting a keyframe that does not come', () => {
  it('waits 500 ms by default', () => {
    expect(DEFAULT_KEYFRAME_RETRY_MS).toBe(500);
  });

  it('does not ask again before 500 ms have passed', () => {
    const { state } = setTarget(createLayerSwitch('q'), 'h', 1000);
    expect(checkKeyframeTimeout(state, 1499)).toEqual({ state, requestKeyframe: null });
  });

  it('asks again after 500 ms without a keyframe, and restarts the timer', () => {
    const { state } = setTarget(createLayerSwitch('q'), 'h', 1000);
    const retry = checkKeyframeTimeout(state, 1500);
    expect(retry.requestKeyframe).toBe('h');
    expect(retry.state).toEqual({ currentRid: 'q', targetRid: 'h', keyframeRequestedAtMs: 1500, keyframeRequests: 2 });
    expect(checkKeyframeTimeout(retry.state, 1999).requestKeyframe).toBeNull();
    expect(checkKeyframeTimeout(retry.state, 2000).requestKeyframe).toBe('h');
  });

  it('honours a custom retry interval', () => {
    const { state } = setTarget(createLayerSwitch('q'), 'h', 0);
    expect(checkKeyframeTimeout(state, 199, { keyframeRetryMs: 200 }).requestKeyframe).toBeNull();
    expect(checkKeyframeTimeout(state, 200, { keyframeRetryMs: 200 }).requestKeyframe).toBe('h');
  });

  it('never asks when no switch is pending', () => {
    const idle = createLayerSwitch('q');
    expect(checkKeyframeTimeout(idle, 1_000_000)).toEqual({ state: idle, requestKeyframe: null });
  });

  it('stops asking once the keyframe has arrived', () => {
    const { state } = setTarget(createLayerSwitch('q'), 'h', 0);
    const switched = onPacket(state, 'h', true).state;
    expect(checkKeyframeTimeout(switched, 10_000).requestKeyframe).toBeNull();
  });
});

describe('packetAction, the allocation-free decision the SFU asks per packet and subscriber', () => {
  const switching = { currentRid: 'q', targetRid: 'h', keyframeRequestedAtMs: 0, keyframeRequests: 1 };
  it('forwards the current layer and drops the others while nothing is pending', () => {
    expect(packetAction(createLayerSwitch('q'), 'q', false)).toBe('forward');
    expect(packetAction(createLayerSwitch('q'), 'q', true)).toBe('forward');
    expect(packetAction(createLayerSwitch('q'), 'h', true)).toBe('drop');
    expect(packetAction(createLayerSwitch(null), 'q', true)).toBe('drop');
  });

  it("switches on the target layer's keyframe only, and keeps forwarding the old layer until then", () => {
    expect(packetAction(switching, 'h', false)).toBe('drop');
    expect(packetAction(switching, 'h', true)).toBe('switch');
    expect(packetAction(switching, 'q', false)).toBe('forward');
    expect(packetAction(switching, 'f', true)).toBe('drop');
  });

  it('is what onPacket decides', () => {
    for (const state of [createLayerSwitch(null), createLayerSwitch('q'), switching]) {
      for (const rid of ['q', 'h', 'f']) {
        for (const isKeyframe of [false, true]) {
          const result = onPacket(state, rid, isKeyframe);
          expect(packetAction(state, rid, isKeyframe)).toBe(result.switched ? 'switch' : result.forward ? 'forward' : 'drop');
        }
      }
    }
  });
});
