'use client';
import { memo, useLayoutEffect, useMemo, useRef, type ReactNode, type RefObject } from 'react';
import { stepFlow, type FlowParams, type FlowState } from '@/lib/bandwidth';
import { createRng } from '@/lib/random';
import { FLOW_SEED, PATH_SCALE, packetPaths, roomPaths, SVG_PATH_TRANSFORM, VIEW_EXTENT, warmFlow, type RoomRendererProps, type RoomScene } from './scene';
import styles from './Figure.module.css';

/**
 * The room as SVG, for up to SVG_MAX_PEOPLE: connections as two paths, people as circles, drawn once per
 * scene. The packets, which move every frame, go on a layer laid over it in its own compositing layer
 * (will-change), so a frame neither re-renders the elements nor repaints the connections under them: at 60
 * people all talking that is 1,770 connections and about 1,200 packets, and as SVG circles the figure ran at
 * 12 fps with the CPU slowed 4x (docs/performance.md).
 */
const VIEW_BOX = `${-VIEW_EXTENT} ${-VIEW_EXTENT} ${2 * VIEW_EXTENT} ${2 * VIEW_EXTENT}`;

/** The SVG room at one moment of a given flow (the benchmark in bench/mesh-vs-sfu draws it frame by frame). */
export function SvgRoom({ scene, flow }: RoomRendererProps) {
  const { voice, mix } = packetPaths(scene, flow);
  return (
    <RoomLayers scene={scene}>
      <path className={styles.voice} d={voice} strokeWidth={packetWidth(scene)} />
      <path className={styles.mix} d={mix} strokeWidth={packetWidth(scene)} />
    </RoomLayers>
  );
}

/**
 * The figure's SVG room, animated: it keeps the packet flow (warmed for each new room, then stepped at each tick
 * of the view's clock with one random sequence) and writes the packets' two path strings into the DOM itself,
 * so a frame of the animation renders nothing in React; a new room renders the connections and people once.
 * While the clock plays, a new room's packets are drawn by the tick still to come in this frame (a drag's step
 * and the tick used to build and parse the ~1,200 dots' string twice a frame); when it has come, or the clock is
 * stopped, by the new room itself.
 */
export function LiveSvgRoom({ scene, tickRef, playing }: { scene: RoomScene; tickRef: RefObject<(dtMs: number) => void>; playing: boolean }) {
  const voiceRef = useRef<SVGPathElement>(null);
  const mixRef = useRef<SVGPathElement>(null);
  const rngRef = useRef(createRng(FLOW_SEED));
  const flowRef = useRef<{ params: FlowParams; state: FlowState } | null>(null);
  /** The frame (document.timeline's time) the last tick drew in. */
  const tickedAtRef = useRef<number | null>(null);
  const { topology, layout, senders } = scene;
  const params: FlowParams = useMemo(() => ({ topology, people: layout.people, senders }), [topology, layout.people, senders]);

  // Before the browser paints the new room: its warmed flow, drawn; from then on each tick steps and draws it.
  useLayoutEffect(() => {
    const draw = () => {
      const { voice, mix } = packetPaths(scene, flowRef.current!.state);
      voiceRef.current?.setAttribute('d', voice);
      mixRef.current?.setAttribute('d', mix);
    };
    if (flowRef.current?.params !== params) flowRef.current = { params, state: warmFlow(params) };
    if (!tickComing(playing, tickedAtRef.current)) draw();
    tickRef.current = (dtMs) => {
      const flow = flowRef.current!;
      flow.state = stepFlow(flow.state, flow.params, dtMs, rngRef.current);
      tickedAtRef.current = frameTime();
      draw();
    };
    return () => {
      tickRef.current = () => {};
    };
  }, [scene, params, tickRef, playing]);

  return (
    <RoomLayers scene={scene}>
      <path ref={voiceRef} className={styles.voice} strokeWidth={packetWidth(scene)} />
      <path ref={mixRef} className={styles.mix} strokeWidth={packetWidth(scene)} />
    </RoomLayers>
  );
}

const frameTime = () => (typeof document === 'undefined' ? null : (document.timeline?.currentTime as number | null) ?? null);

/**
 * Whether the clock's tick will still run before the browser next paints: it is playing and ticked in a recent
 * frame (its next frame is asked for), but not yet in this one. Outside a frame's callbacks the timeline's time is
 * the last frame's, the one the tick ran in, so this is false there and the change draws itself.
 */
function tickComing(playing: boolean, tickedAt: number | null): boolean {
  const now = frameTime();
  return playing && tickedAt !== null && now !== null && now !== tickedAt && now - tickedAt < 250;
}

/** Round dots that scale with the room: the size the SVG room always drew them (in the paths' units). */
function packetWidth(scene: RoomScene): number {
  return 2 * Math.min(0.03, scene.layout.nodeRadius * 0.45) * PATH_SCALE;
}

/**
 * The room (connections, people, server) and over it the packets, two paths in an SVG in its own compositing
 * layer, so a frame changes two attributes and repaints neither the connections nor a canvas.
 */
function RoomLayers({ scene, children }: { scene: RoomScene; children: ReactNode }) {
  return (
    <div className={styles.layers} data-renderer="svg">
      <svg className={styles.room} viewBox={VIEW_BOX} aria-hidden="true">
        <StaticRoom scene={scene} />
      </svg>
      <svg className={`${styles.packetLayer} ${styles.packets}`} viewBox={VIEW_BOX} aria-hidden="true" data-layer="packets">
        <g transform={SVG_PATH_TRANSFORM}>{children}</g>
      </svg>
    </div>
  );
}

/**
 * Connections, people and server; memoised so a moving packet does not redraw them. The connections are two
 * paths (quiet and active), one subpath per connection, and the people three (talking, sending, silent), one dot
 * per person: the same strokes and discs as one element each, but a step of a drag that moves every person
 * changes five attributes, with strings made once per room (roomPaths), instead of reconciling, restyling and
 * painting up to 1,770 lines and 60 circles.
 */
const StaticRoom = memo(function StaticRoom({ scene }: { scene: RoomScene }) {
  const { layout, edges, topology } = scene;
  const paths = roomPaths(scene);
  const dotWidth = 2 * layout.nodeRadius * PATH_SCALE;
  const serverHalf = 0.11;
  return (
    <>
      <g data-connections={edges.drawn} transform={SVG_PATH_TRANSFORM}>
        {paths.quiet && <path d={paths.quiet} className={styles.edge} />}
        {paths.active && <path d={paths.active} className={styles.edgeActive} />}
      </g>
      <g transform={SVG_PATH_TRANSFORM} className={styles.people} strokeWidth={dotWidth} data-people={layout.people}>
        {paths.listeners && <path d={paths.listeners} className={styles.listener} />}
        {paths.senders && <path d={paths.senders} className={styles.sender} />}
        {paths.talkers && <path d={paths.talkers} className={styles.talker} />}
      </g>
      {topology !== 'mesh' && (
        <g className={styles.server}>
          <rect x={-serverHalf} y={-serverHalf} width={2 * serverHalf} height={2 * serverHalf} rx={0.02} />
          <text x={0} y={0} dominantBaseline="central" textAnchor="middle">
            {topology.toUpperCase()}
          </text>
        </g>
      )}
    </>
  );
});
