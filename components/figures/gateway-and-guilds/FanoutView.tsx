'use client';
import { memo, useMemo, type RefObject } from 'react';
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

interface Geometry {
  w: number;
  columns: number;
  cellW: number;
  nodesTop: number;
  height: number;
  guildX: number;
  guildW: number;
}

function geometry(fanout: Fanout, width: number): Geometry {
  const w = Math.max(280, width);
  const columns = Math.min(fanout.nodes.length, w < 520 ? 4 : 8);
  const rows = Math.ceil(fanout.nodes.length / columns);
  const cellW = (w - PAD * 2) / columns;
  const nodesTop = PAD + GUILD_H + GAP_Y;
  const height = nodesTop + rows * (NODE_H + ROW_GAP) - ROW_GAP + PAD;
  const guildW = Math.min(w - PAD * 2, 300);
  return { w, columns, cellW, nodesTop, height, guildX: (w - guildW) / 2, guildW };
}

/** Where node i's box starts, and its width. */
function nodeBox(g: Geometry, i: number) {
  return {
    x: PAD + (i % g.columns) * g.cellW + 3,
    y: g.nodesTop + Math.floor(i / g.columns) * (NODE_H + ROW_GAP),
    cw: g.cellW - 6,
  };
}

/**
 * The guild process above its session nodes: each edge is the traffic of one event between machines, each
 * node fills as its sessions get the event. The viewBox follows the measured width so text stays legible.
 * React draws what changes with the fan-out and the width; the replay's clock moves only the fills and the
 * send counter, which paintProgress() writes directly each frame.
 */
export function FanoutView({ fanout, sending, svgRef }: { fanout: Fanout; sending: boolean; svgRef: RefObject<SVGSVGElement | null> }) {
  const [ref, width] = useMeasuredWidth<HTMLDivElement>(640);
  const g = useMemo(() => geometry(fanout, width), [fanout, width]);

  return (
    <div ref={ref} className={styles.view}>
      <svg
        ref={svgRef}
        className={styles.svg}
        viewBox={`0 0 ${g.w} ${g.height}`}
        role="img"
        aria-label={`The guild process and ${fanout.nodes.length} session nodes with ${formatCount(fanout.onlineSessions)} sessions between them; the line below says how many have the event.`}
        data-renderer="svg"
      >
        <Drawing fanout={fanout} g={g} sending={sending} />
        <text x={g.w / 2} y={PAD + 42} textAnchor="middle" className={styles.mono} data-testid="guild-sends-done" />
        <g data-layer="fills">
          {fanout.nodes.map((node, i) => {
            const { x, y } = nodeBox(g, i);
            return <rect key={node.node} className={styles.fill} x={x} y={y} width={0} height={NODE_H} rx={6} data-node={node.node} data-full-width={g.cellW - 6} />;
          })}
        </g>
        <NodeLabels fanout={fanout} g={g} />
      </svg>
    </div>
  );
}

/** The moving parts at one moment of the replay: each node's fill and the guild's send counter. */
export function paintProgress(svg: SVGSVGElement, fanout: Fanout, progress: FanoutProgress) {
  const counter = svg.querySelector('[data-testid="guild-sends-done"]');
  if (counter) counter.textContent = `send/2: ${formatCount(progress.guildSendsDone)} of ${formatCount(fanout.guildSends)}`;
  const fills = svg.querySelectorAll<SVGRectElement>('[data-layer="fills"] rect');
  fanout.nodes.forEach((node, i) => {
    const fill = fills[i];
    if (!fill) return;
    const share = node.sessions > 0 ? progress.deliveredByNode[i] / node.sessions : 0;
    fill.setAttribute('width', String(Number(fill.dataset.fullWidth) * share));
    fill.dataset.delivered = String(progress.deliveredByNode[i]);
  });
}

/** Edges, the guild box and the node boxes: redrawn when the fan-out, the width or "sending" changes. */
const Drawing = memo(function Drawing({ fanout, g, sending }: { fanout: Fanout; g: Geometry; sending: boolean }) {
  const guildBottom = PAD + GUILD_H;
  return (
    <>
      <g data-layer="edges">
        {fanout.nodes.map((node, i) => {
          const width = edgeWidth(node.messagesIn);
          if (width === 0) return null;
          const { y } = nodeBox(g, i);
          const x = PAD + (i % g.columns) * g.cellW + g.cellW / 2;
          return (
            <line
              key={node.node}
              x1={g.w / 2}
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
        <rect x={g.guildX} y={PAD} width={g.guildW} height={GUILD_H} rx={8} />
        <text x={g.w / 2} y={PAD + 22} textAnchor="middle" className={styles.title}>
          guild process
        </text>
      </g>
      <g data-layer="nodes">
        {fanout.nodes.map((node, i) => {
          const { x, y, cw } = nodeBox(g, i);
          return <rect key={node.node} className={styles.nodeBox} x={x} y={y} width={cw} height={NODE_H} rx={6} />;
        })}
      </g>
    </>
  );
});

/** Each node's name and session count, over its fill; they change only with the fan-out and the width. */
const NodeLabels = memo(function NodeLabels({ fanout, g }: { fanout: Fanout; g: Geometry }) {
  return (
    <g data-layer="labels">
      {fanout.nodes.map((node, i) => {
        const { x, y, cw } = nodeBox(g, i);
        return (
          <g key={node.node}>
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
  );
});
