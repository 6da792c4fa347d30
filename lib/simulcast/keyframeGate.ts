/**
 * Switching a subscriber between simulcast layers, one packet at a time.
 *
 * A video decoder can only start on a keyframe: every later frame describes changes to the frames
 * before it. So when the policy (selectLayer.ts) picks a new layer for a subscriber, the SFU cannot
 * just start forwarding that layer's next packet. It:
 *   1. asks the publisher for a keyframe on the target layer (an RTCP PLI, RFC 4585 section 6.3.1),
 *   2. keeps forwarding the old layer meanwhile, so the viewer's picture never freezes,
 *   3. switches on the first keyframe of the target layer, and from then on drops the old one,
 *   4. asks again if no keyframe came within `keyframeRetryMs` (the PLI or the keyframe was lost).
 * Switching to nothing (the viewer minimized the window) needs no keyframe and happens at once.
 *
 * Pure: the SFU passes the time in (`nowMs`) and owns the clock. The state is a plain value.
 */

export interface LayerSwitchState {
  /** The layer being forwarded to the subscriber now; null = nothing. */
  currentRid: string | null;
  /** The layer we are waiting to switch to; null = no switch pending. */
  targetRid: string | null;
  /** When the latest keyframe request for `targetRid` went out; null when nothing is pending. */
  keyframeRequestedAtMs: number | null;
  /** How many keyframe requests went out for the pending target (1 after setTarget, +1 per retry). */
  keyframeRequests: number;
}

export interface LayerSwitchOptions {
  /** Re-request the keyframe if none arrived this long after the last request. */
  keyframeRetryMs?: number;
}

/**
 * Half a second: a keyframe normally arrives one round trip plus one frame interval after the PLI
 * (well under 500 ms on the links a voice server serves). Asking much more often would make the
 * encoder send keyframes back to back, and a keyframe costs 6 to 10 delta frames
 * (source 'discord-amd-keyframes').
 */
export const DEFAULT_KEYFRAME_RETRY_MS = 500;

export function createLayerSwitch(currentRid: string | null = null): LayerSwitchState {
  return { currentRid, targetRid: null, keyframeRequestedAtMs: null, keyframeRequests: 0 };
}

export interface SetTargetResult {
  state: LayerSwitchState;
  /** Send a PLI for this layer now; null = no request needed. */
  requestKeyframe: string | null;
}

/** The policy picked `rid` for this subscriber (null = stop). Call it on every decision; repeats are free. */
export function setTarget(state: LayerSwitchState, rid: string | null, nowMs: number): SetTargetResult {
  if (rid === null) {
    // Stopping needs no keyframe: drop everything from now on.
    return { state: createLayerSwitch(null), requestKeyframe: null };
  }
  if (rid === state.currentRid) {
    // Back to the layer we are already forwarding: cancel any pending switch.
    return { state: createLayerSwitch(rid), requestKeyframe: null };
  }
  if (rid === state.targetRid) {
    // Already waiting for this one; the retry timer (checkKeyframeTimeout) handles a lost request.
    return { state, requestKeyframe: null };
  }
  return {
    state: { currentRid: state.currentRid, targetRid: rid, keyframeRequestedAtMs: nowMs, keyframeRequests: 1 },
    requestKeyframe: rid,
  };
}

export interface PacketResult {
  state: LayerSwitchState;
  /** Forward this packet to the subscriber. */
  forward: boolean;
  /** This packet is the keyframe the switch was waiting for; the subscriber now gets the target layer. */
  switched: boolean;
}

/**
 * A packet of layer `rid` arrived from the publisher. `isKeyframe` is true for the first packet of a
 * keyframe (the SFU reads it from the VP8/H.264 payload header); the rest of that frame has the same
 * RID and is forwarded because by then it is the current layer.
 */
export function onPacket(state: LayerSwitchState, rid: string, isKeyframe: boolean): PacketResult {
  const action = packetAction(state, rid, isKeyframe);
  if (action === 'switch') return { state: createLayerSwitch(rid), forward: true, switched: true };
  return { state, forward: action === 'forward', switched: false };
}

/**
 * What `onPacket` decides, without building a result: 'switch' (the target layer's keyframe: forward
 * it, and the state becomes `createLayerSwitch(rid)`), 'forward' or 'drop' (the state is unchanged).
 * The SFU asks this for every packet and every subscriber, so it allocates nothing.
 */
export function packetAction(state: LayerSwitchState, rid: string, isKeyframe: boolean): 'switch' | 'forward' | 'drop' {
  if (state.targetRid !== null && rid === state.targetRid && isKeyframe) return 'switch';
  return state.currentRid !== null && rid === state.currentRid ? 'forward' : 'drop';
}

/** Call on a timer: asks again for the keyframe when the last request has gone unanswered too long. */
export function checkKeyframeTimeout(
  state: LayerSwitchState,
  nowMs: number,
  options: LayerSwitchOptions = {},
): SetTargetResult {
  const retryMs = options.keyframeRetryMs ?? DEFAULT_KEYFRAME_RETRY_MS;
  if (state.targetRid === null || state.keyframeRequestedAtMs === null) return { state, requestKeyframe: null };
  if (nowMs - state.keyframeRequestedAtMs < retryMs) return { state, requestKeyframe: null };
  return {
    state: { ...state, keyframeRequestedAtMs: nowMs, keyframeRequests: state.keyframeRequests + 1 },
    requestKeyframe: state.targetRid,
  };
}

/** True while the subscriber is waiting for a keyframe to switch layers. */
export function isSwitchPending(state: LayerSwitchState): boolean {
  return state.targetRid !== null;
}
