'use client';
import { memo, useCallback, useMemo, useRef, type RefObject } from 'react';
import type { StoreApi } from 'zustand/vanilla';
import { audioSenderCount, roomEdgeCounts, shownShare, type Topology } from '@/lib/bandwidth';
import { useStore } from '@/components/figures/useFigureStore';
import type { RoomInputs } from './inputs';
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

/** The room the picture draws, from the reader's inputs (talkers never exceed people). */
const selectTopology = (s: RoomInputs) => s.topology;
const selectPeople = (s: RoomInputs) => s.people;
const selectTalkers = (s: RoomInputs) => Math.min(s.talkers, s.people);
const selectSenders = (s: RoomInputs) => audioSenderCount({ people: s.people, talkers: Math.min(s.talkers, s.people), vad: s.vad });

/**
 * The animated room: owns the clock (play, pause, step, reduced motion) and picks the renderer by room size; the
 * renderer keeps the packet flow and is handed each tick. Rendered once: the drawing and the legend subscribe to
 * the inputs they show, so a step of a drag renders them, not the clock and its buttons.
 */
export const RoomView = memo(function RoomView({ store }: { store: StoreApi<RoomInputs> }) {
  const containerRef = useRef<HTMLDivElement>(null);
  const tickRef = useRef<RoomTick>(ignoreTick);
  const onFrame = useCallback((dtMs: number) => tickRef.current(dtMs), []);
  const loop = useFrameLoop(containerRef, onFrame, { stepMs: 100 });
  return (
    <div ref={containerRef} className={styles.view}>
      <RoomDrawing store={store} tickRef={tickRef} />
      <div className={styles.viewFooter}>
        <PlayControls loop={loop} />
        <RoomLegend store={store} />
      </div>
    </div>
  );
});

/** The room's picture: SVG up to SVG_MAX_PEOPLE, else canvases drawn by a worker. */
function RoomDrawing({ store, tickRef }: { store: StoreApi<RoomInputs>; tickRef: RefObject<RoomTick> }) {
  const room: RoomProps = {
    topology: useStore(store, selectTopology),
    people: useStore(store, selectPeople),
    talkers: useStore(store, selectTalkers),
    senders: useStore(store, selectSenders),
  };
  return room.people <= SVG_MAX_PEOPLE ? <SvgRoomFlow room={room} tickRef={tickRef} /> : <CanvasRoom room={room} tickRef={tickRef} />;
}

/** What the colours mean, how many connections are drawn of how many, and what share of the copies moves. */
function RoomLegend({ store }: { store: StoreApi<RoomInputs> }) {
  const topology = useStore(store, selectTopology);
  const people = useStore(store, selectPeople);
  const senders = useStore(store, selectSenders);
  const edges = roomEdgeCounts(topology, people);
  const share = shownShare({ topology, people, senders });
  return (
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
  );
}

/** The SVG room (up to SVG_MAX_PEOPLE): its scene; LiveSvgRoom's painter keeps the packet flow and is handed the ticks. */
function SvgRoomFlow({ room, tickRef }: { room: RoomProps; tickRef: RefObject<RoomTick> }) {
  const { topology, people, talkers, senders } = room;
  const { layout, edges } = roomGeometry(topology, people);
  const scene: RoomScene = useMemo(() => ({ layout, edges, topology, talkers, senders }), [layout, edges, topology, talkers, senders]);
  return <LiveSvgRoom scene={scene} tickRef={tickRef} />;
}
