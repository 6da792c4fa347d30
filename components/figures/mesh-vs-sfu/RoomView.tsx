'use client';
import { useMemo, useRef, useState } from 'react';
import { createRng } from '@/lib/random';
import {
  advanceFlow,
  EMIT_INTERVAL_MS,
  roomEdges,
  roomLayout,
  shownShare,
  stepFlow,
  TRAVEL_MS,
  type FlowParams,
  type FlowState,
  type Topology,
} from '@/lib/bandwidth';
import { formatCount, formatPercent } from '@/lib/units';
import { useFrameLoop } from '@/components/figures/useFrameLoop';
import { PlayControls } from '@/components/controls/PlayControls';
import { SvgRoom } from './SvgRoom';
import { CanvasRoom } from './CanvasRoom';
import { SVG_MAX_PEOPLE, type RoomScene } from './scene';
import styles from './Figure.module.css';

const FLOW_SEED = 2018;
const STEP_MS = 20;

/** Steps of STEP_MS that bring a fresh flow far enough that packets are already on the way. */
const WARM_STEPS = Math.ceil((EMIT_INTERVAL_MS + TRAVEL_MS / 2) / STEP_MS);

/**
 * A fresh flow stepped far enough that packets are already on the way (so a paused figure is not empty): the
 * state WARM_STEPS steps of stepFlow reach, built without the packets they would drop on the way.
 */
function warmFlow(params: FlowParams): FlowState {
  return advanceFlow(params, WARM_STEPS, STEP_MS, createRng(FLOW_SEED));
}

/** The animated room: owns the clock and the packet flow, picks the renderer by room size. */
export function RoomView({
  topology,
  people,
  talkers,
  senders,
}: {
  topology: Topology;
  people: number;
  talkers: number;
  senders: number;
}) {
  const containerRef = useRef<HTMLDivElement>(null);
  const layout = useMemo(() => roomLayout(people), [people]);
  const edges = useMemo(() => roomEdges(topology, people), [topology, people]);
  const scene: RoomScene = useMemo(
    () => ({ layout, edges, topology, talkers, senders }),
    [layout, edges, topology, talkers, senders],
  );
  const params: FlowParams = useMemo(() => ({ topology, people, senders }), [topology, people, senders]);

  const rngRef = useRef(createRng(FLOW_SEED));
  const [flow, setFlow] = useState<{ params: FlowParams; state: FlowState }>(() => ({ params, state: warmFlow(params) }));
  // A new room (not just a new frame) starts from a warmed flow, so what is drawn always matches the inputs.
  const current = flow.params === params ? flow.state : warmFlow(params);
  if (flow.params !== params) setFlow({ params, state: current });

  const loop = useFrameLoop(
    containerRef,
    (dtMs) => setFlow((f) => ({ params: f.params, state: stepFlow(f.state, f.params, dtMs, rngRef.current) })),
    { stepMs: 100 },
  );

  const Renderer = people <= SVG_MAX_PEOPLE ? SvgRoom : CanvasRoom;
  const share = shownShare(params);
  return (
    <div ref={containerRef} className={styles.view}>
      <Renderer scene={scene} flow={current} />
      <div className={styles.viewFooter}>
        <PlayControls loop={loop} />
        <p className={styles.legend}>
          <span className={styles.keyTalker}>talking</span>
          <span className={styles.keyListener}>listening</span>
          <span className={styles.keyVoice}>voice packet</span>
          {topology === 'mcu' && <span className={styles.keyMix}>mixed packet</span>}
          <span data-testid="drawn-note">
            {edges.drawn < edges.total
              ? `${formatCount(edges.drawn)} of ${formatCount(edges.total)} connections drawn`
              : `${formatCount(edges.total)} connections`}
            {share < 1 && senders > 0 ? `; packets: ${formatPercent(share, share < 0.01 ? 1 : 0)} of copies shown` : ''}
          </span>
        </p>
      </div>
    </div>
  );
}
