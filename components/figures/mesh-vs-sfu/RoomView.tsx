'use client';
import { useMemo, useRef, type RefObject } from 'react';
import { shownShare, type Topology } from '@/lib/bandwidth';
import { formatCount, formatPercent } from '@/lib/units';
import { useFrameLoop } from '@/components/figures/useFrameLoop';
import { PlayControls } from '@/components/controls/PlayControls';
import { LiveSvgRoom } from './SvgRoom';
import { CanvasRoom, ignoreTick, type RoomTick } from './CanvasRoom';
import { roomGeometry, SVG_MAX_PEOPLE, type RoomScene } from './scene';
import styles from './Figure.module.css';

interface RoomProps {
  topology: Topology;
  people: number;
  talkers: number;
  senders: number;
}

/**
 * The animated room: owns the clock (play, pause, step, reduced motion) and picks the renderer by room size; the
 * renderer keeps the packet flow and is handed each tick.
 */
export function RoomView({ topology, people, talkers, senders }: RoomProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const tickRef = useRef<RoomTick>(ignoreTick);
  const loop = useFrameLoop(containerRef, (dtMs) => tickRef.current(dtMs), { stepMs: 100 });
  const { edges } = roomGeometry(topology, people);
  const share = shownShare({ topology, people, senders });
  const room = { topology, people, talkers, senders };
  return (
    <div ref={containerRef} className={styles.view}>
      {people <= SVG_MAX_PEOPLE ? <SvgRoomFlow room={room} tickRef={tickRef} /> : <CanvasRoom room={room} tickRef={tickRef} />}
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

/** The SVG room (up to SVG_MAX_PEOPLE): its scene; LiveSvgRoom's painter keeps the packet flow and is handed the ticks. */
function SvgRoomFlow({ room, tickRef }: { room: RoomProps; tickRef: RefObject<RoomTick> }) {
  const { topology, people, talkers, senders } = room;
  const { layout, edges } = roomGeometry(topology, people);
  const scene: RoomScene = useMemo(() => ({ layout, edges, topology, talkers, senders }), [layout, edges, topology, talkers, senders]);
  return <LiveSvgRoom scene={scene} tickRef={tickRef} />;
}
