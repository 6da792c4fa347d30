import type { Topology } from '@/lib/bandwidth';
import styles from './Figure.module.css';

/** The SFU's or MCU's box and name, in the room's SVG units (the live room's and the benchmark's SVG room's); nothing for a mesh. */
export function ServerMark({ topology }: { topology: Topology }) {
  if (topology === 'mesh') return null;
  const serverHalf = 0.11;
  return (
    <g className={styles.server}>
      <rect x={-serverHalf} y={-serverHalf} width={2 * serverHalf} height={2 * serverHalf} rx={0.02} />
      <text x={0} y={0} dominantBaseline="central" textAnchor="middle">
        {topology.toUpperCase()}
      </text>
    </g>
  );
}
