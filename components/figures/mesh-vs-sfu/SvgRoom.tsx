'use client';
import { memo, type ReactNode } from 'react';
import { packetPaths, packetRadius, PATH_SCALE, roomPaths, SVG_PATH_TRANSFORM, VIEW_EXTENT, type RoomRendererProps, type RoomScene } from './scene';
import { ServerMark } from './ServerMark';
import styles from './Figure.module.css';

/**
 * The room as SVG, as the figure drew rooms of up to SVG_MAX_PEOPLE until wave 8 (now drawn by CanvasRoom, to
 * the same picture): connections as two paths, people as three, drawn once per scene, and the packets as two
 * paths on a layer laid over them. Kept for the renderer benchmark (bench/mesh-vs-sfu), which draws it frame by
 * frame beside the canvas drawing.
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

/** Round dots that scale with the room: the size the SVG room always drew them (in the paths' units). */
function packetWidth(scene: RoomScene): number {
  return 2 * packetRadius(scene) * PATH_SCALE;
}

/** The room (connections, people, server) and over it the packets: two paths in an SVG in its own compositing layer. */
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
      <ServerMark topology={topology} />
    </>
  );
});
