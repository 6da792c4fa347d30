import {
  decideLayer,
  type LayerPauseReason,
  type PublishedLayer,
  type ViewerConditions,
} from '@/lib/simulcast/selectLayer';
import {
  checkKeyframeTimeout,
  createLayerSwitch,
  packetAction,
  setTarget,
  type LayerSwitchState,
} from '@/lib/simulcast/keyframeGate';

/**
 * One viewer's layer choice for one publisher: lib's `decideLayer` decides which layer, lib's keyframe
 * gate decides when the switch may happen. This class only holds the state between packets and asks
 * for keyframes through the callback; the policy itself lives in lib/simulcast so the chapter's figure
 * and this server make the same decision from the same inputs.
 */
export class LayerSelector {
  private state: LayerSwitchState = createLayerSwitch(null);
  private lastPauseReason: LayerPauseReason | null = null;
  conditions: ViewerConditions = { availableKbps: 0, tileWidthPx: 0, tileHeightPx: 0, visible: true, forcedRid: null, devicePixelRatio: 1 };

  constructor(private readonly requestKeyframe: (rid: string) => void) {}

  get currentRid(): string | null {
    return this.state.currentRid;
  }

  get pendingRid(): string | null {
    return this.state.targetRid;
  }

  /** Why the latest decision forwards nothing (null while it forwards a layer, or waits for its keyframe). */
  get pausedBecause(): LayerPauseReason | null {
    return this.lastPauseReason;
  }

  get keyframeRequests(): number {
    return this.state.keyframeRequests;
  }

  /** Re-decides with the latest layers and viewer conditions; asks for a keyframe when a switch starts. */
  update(layers: readonly PublishedLayer[], nowMs: number): void {
    const decision = decideLayer(layers, this.conditions, this.state.currentRid);
    this.lastPauseReason = decision.pausedBecause;
    const result = setTarget(this.state, decision.rid, nowMs);
    this.state = result.state;
    if (result.requestKeyframe !== null) this.requestKeyframe(result.requestKeyframe);
  }

  /** Per packet: drop it, forward it, or forward it as the keyframe that completes a switch. */
  onPacket(rid: string, isKeyframe: boolean): 'switch' | 'forward' | 'drop' {
    const action = packetAction(this.state, rid, isKeyframe);
    if (action === 'switch') this.state = createLayerSwitch(rid);
    return action;
  }

  /** On the room's timer: asks again if the keyframe has not come. */
  tick(nowMs: number): void {
    const result = checkKeyframeTimeout(this.state, nowMs);
    this.state = result.state;
    if (result.requestKeyframe !== null) this.requestKeyframe(result.requestKeyframe);
  }
}
