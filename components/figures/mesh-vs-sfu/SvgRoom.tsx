'use client';
import { memo, useMemo } from 'react';
import { SERVER } from '@/lib/bandwidth';
import { packetPaths, pointOf, VIEW_EXTENT, type RoomRendererProps, type RoomScene } from './scene';
import styles from './Figure.module.css';

/**
 * The room as SVG, for up to SVG_MAX_PEOPLE: every connection and person is a real element, drawn once
 * per scene. The packets, which move every frame, go on a layer laid over it in its own compositing layer
 * (will-change), so a frame neither re-renders the elements nor repaints the connections under them: at 60
 * people all talking that is 1,770 connections and about 1,200 packets, and as SVG circles the figure ran at
 * 12 fps with the CPU slowed 4x (docs/performance.md).
 */
const VIEW_BOX = `${-VIEW_EXTENT} ${-VIEW_EXTENT} ${2 * VIEW_EXTENT} ${2 * VIEW_EXTENT}`;

export function SvgRoom({ scene, flow }: RoomRendererProps) {
  return (
    <div className={styles.layers} data-renderer="svg">
      <svg
        className={styles.room}
        viewBox={VIEW_BOX}
        aria-hidden="true"
      >
        <StaticRoom scene={scene} />
      </svg>
      <PacketLayer scene={scene} flow={flow} />
    </div>
  );
}

/**
 * The packets in flight, as dots the size the SVG drew them: two paths in an SVG laid over the room in its own
 * compositing layer, so a frame changes two attributes and repaints neither the connections nor a canvas.
 */
function PacketLayer({ scene, flow }: RoomRendererProps) {
  const { voice, mix } = packetPaths(scene, flow);
  // Round dots that scale with the room: the size the SVG room always drew them.
  const width = 2 * Math.min(0.03, scene.layout.nodeRadius * 0.45);
  return (
    <svg className={`${styles.packetLayer} ${styles.packets}`} viewBox={VIEW_BOX} aria-hidden="true" data-layer="packets">
      <path className={styles.voice} d={voice} strokeWidth={width} />
      <path className={styles.mix} d={mix} strokeWidth={width} />
    </svg>
  );
}

/**
 * Connections, people and server; memoised so a moving packet does not redraw them. The connections are two
 * paths (quiet and active), one subpath per connection: the same strokes as one <line> each, but a step of a
 * drag that moves every person builds two path strings instead of reconciling, restyling and painting up to
 * 1,770 elements.
 */
const StaticRoom = memo(function StaticRoom({ scene }: { scene: RoomScene }) {
  const { layout, edges, topology, talkers, senders } = scene;
  const { quiet, active } = useMemo(() => {
    const quiet: string[] = [];
    const active: string[] = [];
    const at = (n: number) => (Math.round(n * 1e4) / 1e4).toString();
    for (let i = 0; i < edges.pairs.length; i += 2) {
      const [x1, y1] = pointOf(layout, edges.pairs[i]);
      const [x2, y2] = pointOf(layout, edges.pairs[i + 1]);
      const isActive = edges.pairs[i] < senders || (edges.pairs[i + 1] !== SERVER && edges.pairs[i + 1] < senders);
      (isActive ? active : quiet).push(`M${at(x1)} ${at(y1)}L${at(x2)} ${at(y2)}`);
    }
    return { quiet: quiet.join(''), active: active.join('') };
  }, [layout, edges, senders]);
  const people = [];
  for (let i = 0; i < layout.people; i += 1) {
    const role = i < talkers ? styles.talker : i < senders ? styles.sender : styles.listener;
    people.push(<circle key={i} cx={layout.x[i]} cy={layout.y[i]} r={layout.nodeRadius} className={role} />);
  }
  const serverHalf = 0.11;
  return (
    <>
      <g data-connections={edges.drawn}>
        {quiet && <path d={quiet} className={styles.edge} />}
        {active && <path d={active} className={styles.edgeActive} />}
      </g>
      <g>{people}</g>
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
