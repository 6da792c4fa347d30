'use client';
import { memo, useLayoutEffect, useMemo, useRef } from 'react';
import { SERVER } from '@/lib/bandwidth';
import { drawPacketDots, pointOf, readColors, VIEW_EXTENT, type RoomColors, type RoomRendererProps, type RoomScene } from './scene';
import { useCanvasSize } from './useCanvasSize';
import styles from './Figure.module.css';

/**
 * The room as SVG, for up to SVG_MAX_PEOPLE: every connection and person is a real element, drawn once
 * per scene. The packets, which move every frame, go on a canvas laid over it in its own compositing layer
 * (will-change), so a frame neither re-renders the elements nor repaints the connections under them: at 60
 * people all talking that is 1,770 lines and about 1,200 packets, and as SVG circles the figure ran at
 * 12 fps with the CPU slowed 4x (docs/performance.md).
 */
export function SvgRoom({ scene, flow }: RoomRendererProps) {
  return (
    <div className={styles.layers} data-renderer="svg">
      <svg
        className={styles.room}
        viewBox={`${-VIEW_EXTENT} ${-VIEW_EXTENT} ${2 * VIEW_EXTENT} ${2 * VIEW_EXTENT}`}
        aria-hidden="true"
      >
        <StaticRoom scene={scene} />
      </svg>
      <PacketLayer scene={scene} flow={flow} />
    </div>
  );
}

/** The packets in flight, as dots the size the SVG drew them, redrawn before each paint. */
function PacketLayer({ scene, flow }: RoomRendererProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const { sizeCss, sizePx, themeVersion } = useCanvasSize(canvasRef);
  const colors = useRef<RoomColors | null>(null);
  const drawnTheme = useRef(-1);

  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || sizeCss === 0) return;
    if (!colors.current || drawnTheme.current !== themeVersion) {
      colors.current = readColors(canvas);
      drawnTheme.current = themeVersion;
    }
    if (canvas.width !== sizePx) {
      canvas.width = sizePx;
      canvas.height = sizePx;
    }
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.clearRect(0, 0, sizePx, sizePx);
    drawPacketDots(ctx, scene, flow, sizePx, colors.current);
  }, [scene, flow, sizePx, sizeCss, themeVersion]);

  return <canvas ref={canvasRef} className={styles.packetLayer} aria-hidden="true" data-layer="packets" />;
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
