'use client';
import { memo } from 'react';
import { SERVER } from '@/lib/bandwidth';
import { forEachPacket, pointOf, VIEW_EXTENT, type RoomRendererProps, type RoomScene } from './scene';
import styles from './Figure.module.css';

/** The room as SVG, for up to a few dozen people: every connection and packet is a real element. */
export function SvgRoom({ scene, flow }: RoomRendererProps) {
  const dots: { x: number; y: number; mix: boolean }[] = [];
  forEachPacket(scene, flow, (x, y, mix) => dots.push({ x, y, mix }));
  const packetRadius = Math.min(0.03, scene.layout.nodeRadius * 0.45);
  return (
    <svg
      className={styles.room}
      viewBox={`${-VIEW_EXTENT} ${-VIEW_EXTENT} ${2 * VIEW_EXTENT} ${2 * VIEW_EXTENT}`}
      aria-hidden="true"
      data-renderer="svg"
    >
      <StaticRoom scene={scene} />
      <g className={styles.packets} data-layer="packets">
        {dots.map((d, i) => (
          <circle key={i} cx={d.x} cy={d.y} r={packetRadius} className={d.mix ? styles.mix : styles.voice} />
        ))}
      </g>
    </svg>
  );
}

/** Connections, people and server; memoised so a moving packet does not redraw them. */
const StaticRoom = memo(function StaticRoom({ scene }: { scene: RoomScene }) {
  const { layout, edges, topology, talkers, senders } = scene;
  const lines = [];
  for (let i = 0; i < edges.pairs.length; i += 2) {
    const [x1, y1] = pointOf(layout, edges.pairs[i]);
    const [x2, y2] = pointOf(layout, edges.pairs[i + 1]);
    const active = edges.pairs[i] < senders || (edges.pairs[i + 1] !== SERVER && edges.pairs[i + 1] < senders);
    lines.push(
      <line key={i} x1={x1} y1={y1} x2={x2} y2={y2} className={active ? styles.edgeActive : styles.edge} />,
    );
  }
  const people = [];
  for (let i = 0; i < layout.people; i += 1) {
    const role = i < talkers ? styles.talker : i < senders ? styles.sender : styles.listener;
    people.push(<circle key={i} cx={layout.x[i]} cy={layout.y[i]} r={layout.nodeRadius} className={role} />);
  }
  const serverHalf = 0.11;
  return (
    <>
      <g>{lines}</g>
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
