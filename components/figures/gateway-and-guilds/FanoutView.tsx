'use client';
import type { Fanout, FanoutProgress } from '@/lib/guild';
import { formatCount } from '@/lib/units';
import { useMeasuredWidth } from '@/components/figures/useMeasuredWidth';
import styles from './Figure.module.css';

const GUILD_H = 54;
const GAP_Y = 56;
const NODE_H = 46;
const ROW_GAP = 12;
const PAD = 8;

/** Edge width grows with the number of messages it carries (log scale), so 3,750 messages look heavier than 1. */
function edgeWidth(messages: number): number {
  return messages > 0 ? 1 + 1.6 * Math.log10(messages) : 0;
}

/**
 * The guild process above its session nodes: each edge is the traffic of one event between machines, each
 * node fills as its sessions get the event. The viewBox follows the measured width so text stays legible.
 */
export function FanoutView({ fanout, progress }: { fanout: Fanout; progress: FanoutProgress }) {
  const [ref, width] = useMeasuredWidth<HTMLDivElement>(640);
  const w = Math.max(280, width);
  const columns = Math.min(fanout.nodes.length, w < 520 ? 4 : 8);
  const rows = Math.ceil(fanout.nodes.length / columns);
  const cellW = (w - PAD * 2) / columns;
  const nodesTop = PAD + GUILD_H + GAP_Y;
  const height = nodesTop + rows * (NODE_H + ROW_GAP) - ROW_GAP + PAD;
  const guildW = Math.min(w - PAD * 2, 300);
  const guildX = (w - guildW) / 2;
  const guildBottom = PAD + GUILD_H;
  const sending = !progress.done && progress.guildSendsDone < fanout.guildSends;

  return (
    <div ref={ref} className={styles.view}>
      <svg
        className={styles.svg}
        viewBox={`0 0 ${w} ${height}`}
        role="img"
        aria-label={`The guild process and ${fanout.nodes.length} session nodes; ${formatCount(progress.delivered)} of ${formatCount(fanout.onlineSessions)} sessions have the event.`}
        data-renderer="svg"
      >
        <g data-layer="edges">
          {fanout.nodes.map((node, i) => {
            const x = PAD + (i % columns) * cellW + cellW / 2;
            const y = nodesTop + Math.floor(i / columns) * (NODE_H + ROW_GAP);
            const width = edgeWidth(node.messagesIn);
            if (width === 0) return null;
            return (
              <line
                key={node.node}
                x1={w / 2}
                y1={guildBottom}
                x2={x}
                y2={y}
                className={sending ? styles.edgeBusy : styles.edge}
                strokeWidth={width}
              />
            );
          })}
        </g>
        <g className={styles.guild} data-layer="guild">
          <rect x={guildX} y={PAD} width={guildW} height={GUILD_H} rx={8} />
          <text x={w / 2} y={PAD + 22} textAnchor="middle" className={styles.title}>
            guild process
          </text>
          <text x={w / 2} y={PAD + 42} textAnchor="middle" className={styles.mono} data-testid="guild-sends-done">
            send/2: {formatCount(progress.guildSendsDone)} of {formatCount(fanout.guildSends)}
          </text>
        </g>
        <g data-layer="nodes">
          {fanout.nodes.map((node, i) => {
            const x = PAD + (i % columns) * cellW + 3;
            const y = nodesTop + Math.floor(i / columns) * (NODE_H + ROW_GAP);
            const cw = cellW - 6;
            const share = node.sessions > 0 ? progress.deliveredByNode[i] / node.sessions : 0;
            return (
              <g key={node.node} className={styles.node} data-node={node.node} data-delivered={progress.deliveredByNode[i]}>
                <rect x={x} y={y} width={cw} height={NODE_H} rx={6} />
                <rect className={styles.fill} x={x} y={y} width={cw * share} height={NODE_H} rx={6} />
                <text x={x + cw / 2} y={y + 18} textAnchor="middle" className={styles.small}>
                  node {node.node}
                </text>
                <text x={x + cw / 2} y={y + 36} textAnchor="middle" className={styles.mono}>
                  {formatCount(node.sessions)}
                </text>
              </g>
            );
          })}
        </g>
      </svg>
    </div>
  );
}
