'use client';
import { memo, useCallback, useRef } from 'react';
import type { StoreApi } from 'zustand/vanilla';
import { audioSenderCount, roomEdgeCounts, shownShare } from '@/lib/bandwidth';
import { useStore } from '@/components/figures/useFigureStore';
import type { RoomInputs } from './inputs';
import { formatCount, formatPercent } from '@/lib/units';
import { useFrameLoop } from '@/components/figures/useFrameLoop';
import { PlayControls } from '@/components/controls/PlayControls';
import { CanvasRoom, ignoreTick, type RoomTick } from './CanvasRoom';
import styles from './Figure.module.css';

/** The legend's inputs, from the reader's (talkers never exceed people). */
const selectTopology = (s: RoomInputs) => s.topology;
const selectPeople = (s: RoomInputs) => s.people;
const selectSenders = (s: RoomInputs) => audioSenderCount({ people: s.people, talkers: Math.min(s.talkers, s.people), vad: s.vad });

/**
 * The animated room: owns the clock (play, pause, step, reduced motion); the drawing keeps the packet flow and
 * is handed each tick. Rendered once: the drawing follows the store without rendering and the legend subscribes
 * to the inputs it shows, so a step of a drag renders the legend, not the clock and its buttons.
 */
export const RoomView = memo(function RoomView({ store }: { store: StoreApi<RoomInputs> }) {
  const containerRef = useRef<HTMLDivElement>(null);
  const tickRef = useRef<RoomTick>(ignoreTick);
  const onFrame = useCallback((dtMs: number) => tickRef.current(dtMs), []);
  const loop = useFrameLoop(containerRef, onFrame, { stepMs: 100 });
  return (
    <div ref={containerRef} className={styles.view}>
      <CanvasRoom store={store} tickRef={tickRef} />
      <div className={styles.viewFooter}>
        <PlayControls loop={loop} />
        <RoomLegend store={store} />
      </div>
    </div>
  );
});

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
