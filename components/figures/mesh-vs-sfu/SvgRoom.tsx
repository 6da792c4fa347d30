'use client';
import { memo, useRef, type ReactNode, type RefObject } from 'react';
import { packetPaths, packetRadius, PATH_SCALE, roomPaths, SVG_PATH_TRANSFORM, VIEW_EXTENT, type RoomRendererProps, type RoomScene } from './scene';
import { useRoomPainter, type RoomTick } from './CanvasRoom';
import styles from './Figure.module.css';

/**
 * The room as SVG, for up to SVG_MAX_PEOPLE: connections as two paths, people as three, drawn once per scene.
 * The packets, which move every frame, go on a layer laid over it in its own compositing layer (will-change),
 * so a frame neither re-renders the elements nor repaints the connections under them: at 60 people all talking
 * that is 1,770 connections and about 1,200 packets, and as SVG circles the figure ran at 12 fps with the CPU
 * slowed 4x (docs/performance.md).
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
 * The figure's SVG room, animated: the connections and people as SVG, rendered once per room, and the packets on
 * a canvas laid over them, drawn with their flow by a worker (useRoomPainter, as in the canvas room), to which
 * the page posts the room and the clock's ticks. At 60 people all talking that is ~1,200 dots a frame: as
 * two SVG paths rebuilt at each tick (and again at each step of a drag) the string, its parse and the SVG's
 * restyle and layout took a third of a frame on the page with the CPU slowed 4x (docs/performance.md).
 */
export function LiveSvgRoom({ scene, tickRef }: { scene: RoomScene; tickRef: RefObject<RoomTick> }) {
  const layersRef = useRef<HTMLDivElement>(null);
  const roomRef = useRef<SVGSVGElement>(null);
  const { topology, layout, talkers, senders } = scene;
  // The canvas covers the room's content box (inside its border), as the packets' SVG layer did.
  useRoomPainter(layersRef, roomRef, { topology, people: layout.people, talkers, senders }, tickRef, { still: false });
  return <RoomLayers scene={scene} layersRef={layersRef} roomRef={roomRef} />;
}

/** Round dots that scale with the room: the size the SVG room always drew them (in the paths' units). */
function packetWidth(scene: RoomScene): number {
  return 2 * packetRadius(scene) * PATH_SCALE;
}

/**
 * The room (connections, people, server) and over it the packets: two paths in an SVG in its own compositing
 * layer (the benchmark's SvgRoom), or the painter's canvas (LiveSvgRoom, which adds it to `layersRef`).
 */
function RoomLayers({
  scene,
  children,
  layersRef,
  roomRef,
}: {
  scene: RoomScene;
  children?: ReactNode;
  layersRef?: RefObject<HTMLDivElement | null>;
  roomRef?: RefObject<SVGSVGElement | null>;
}) {
  return (
    <div ref={layersRef} className={styles.layers} data-renderer="svg">
      <svg ref={roomRef} className={styles.room} viewBox={VIEW_BOX} aria-hidden="true">
        <StaticRoom scene={scene} />
      </svg>
      {children && (
        <svg className={`${styles.packetLayer} ${styles.packets}`} viewBox={VIEW_BOX} aria-hidden="true" data-layer="packets">
          <g transform={SVG_PATH_TRANSFORM}>{children}</g>
        </svg>
      )}
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
