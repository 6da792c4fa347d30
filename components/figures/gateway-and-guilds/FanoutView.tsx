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

/** The grid's columns and rows for `nodeCount` nodes at `width`: all the geometry depends on besides the width. */
function grid(nodeCount: number, width: number): { columns: number; rows: number } {
  const columns = Math.min(nodeCount, Math.max(280, width) < 520 ? 4 : 8);
  return { columns, rows: Math.ceil(nodeCount / columns) };
}

function geometry(columns: number, rows: number, width: number): Geometry {
  const w = Math.max(280, width);
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
  // The layout depends on the grid (columns and rows) and the width only: a drag of the members or the share
  // online keeps it, and so does a drag of the nodes within a row (31 to 32 nodes), so every node's box, fill
  // and name but the one that comes or goes is skipped by React.
  const nodeCount = fanout.nodes.length;
  const { columns, rows } = grid(nodeCount, width);
  const g = useMemo(() => geometry(columns, rows, width), [columns, rows, width]);

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
        <Fills g={g} nodeCount={nodeCount} />
        <NodeNames g={g} nodeCount={nodeCount} />
        <NodeCounts fanout={fanout} g={g} />
      </svg>
    </div>
  );
}

/** The moving parts at one moment of the replay: each node's fill and the guild's send counter. */
export function paintProgress(svg: SVGSVGElement, fanout: Fanout, progress: FanoutProgress) {
  const counter = svg.querySelector('[data-testid="guild-sends-done"]');
  const count = `send/2: ${formatCount(progress.guildSendsDone)} of ${formatCount(fanout.guildSends)}`;
  // Only what moved is written: an unchanged text or attribute written again still costs a style and layout pass.
  if (counter && counter.textContent !== count) counter.textContent = count;
  const fills = svg.querySelectorAll<SVGRectElement>('[data-layer="fills"] rect');
  fanout.nodes.forEach((node, i) => {
    const fill = fills[i];
    if (!fill) return;
    const share = node.sessions > 0 ? progress.deliveredByNode[i] / node.sessions : 0;
    const width = String(Number(fill.dataset.fullWidth) * share);
    if (fill.getAttribute('width') !== width) fill.setAttribute('width', width);
    const delivered = String(progress.deliveredByNode[i]);
    if (fill.dataset.delivered !== delivered) fill.dataset.delivered = delivered;
  });
}

/**
 * A straight edge of `width` from (x1, y1) to (x2, y2), round at both ends, as a filled outline (two sides and
 * two half circles): what a line stroked that wide with round caps covers.
 */
function edgeOutline(x1: number, y1: number, x2: number, y2: number, width: number): string {
  const length = Math.hypot(x2 - x1, y2 - y1);
  const r = width / 2;
  const nx = (-(y2 - y1) / length) * r;
  const ny = ((x2 - x1) / length) * r;
  const f = (n: number) => n.toFixed(2);
  const arc = `A${f(r)} ${f(r)} 0 0 0 `;
  return `M${f(x1 + nx)} ${f(y1 + ny)}L${f(x2 + nx)} ${f(y2 + ny)}${arc}${f(x2 - nx)} ${f(y2 - ny)}L${f(x1 - nx)} ${f(y1 - ny)}${arc}${f(x1 + nx)} ${f(y1 + ny)}Z`;
}

/**
 * Edges, the guild box and the node boxes: redrawn when the fan-out, the width or "sending" changes. The edges
 * are one path (an outline per edge), so a step of a drag changes one attribute, not one element per node.
 */
const Drawing = memo(function Drawing({ fanout, g, sending }: { fanout: Fanout; g: Geometry; sending: boolean }) {
  const guildBottom = PAD + GUILD_H;
  let edges = '';
  fanout.nodes.forEach((node, i) => {
    const width = edgeWidth(node.messagesIn);
    if (width === 0) return;
    const { y } = nodeBox(g, i);
    const x = PAD + (i % g.columns) * g.cellW + g.cellW / 2;
    edges += edgeOutline(g.w / 2, guildBottom, x, y, width);
  });
  return (
    <>
      <path data-layer="edges" className={sending ? styles.edgeBusy : styles.edge} d={edges} />
      <g className={styles.guild} data-layer="guild">
        <rect x={g.guildX} y={PAD} width={g.guildW} height={GUILD_H} rx={8} />
        <text x={g.w / 2} y={PAD + 22} textAnchor="middle" className={styles.title}>
          guild process
        </text>
      </g>
      <NodeBoxes g={g} nodeCount={fanout.nodes.length} />
    </>
  );
});

/** Node numbers as the model names them (lib/guild: 1, 2, ...). */
const nodeNumbers = (count: number) => Array.from({ length: count }, (_, i) => i + 1);

/** The node boxes: each changes only with the geometry (a node that comes or goes is the only one rendered). */
const NodeBoxes = memo(function NodeBoxes({ g, nodeCount }: { g: Geometry; nodeCount: number }) {
  return (
    <g data-layer="nodes">
      {nodeNumbers(nodeCount).map((node, i) => (
        <NodeBox key={node} g={g} i={i} />
      ))}
    </g>
  );
});

const NodeBox = memo(function NodeBox({ g, i }: { g: Geometry; i: number }) {
  const { x, y, cw } = nodeBox(g, i);
  return <rect className={styles.nodeBox} x={x} y={y} width={cw} height={NODE_H} rx={6} />;
});

/** Each node's fill, drawn empty: paintProgress() sets its width as the node's sessions get the event. */
const Fills = memo(function Fills({ g, nodeCount }: { g: Geometry; nodeCount: number }) {
  return (
    <g data-layer="fills">
      {nodeNumbers(nodeCount).map((node, i) => (
        <Fill key={node} g={g} i={i} />
      ))}
    </g>
  );
});

const Fill = memo(function Fill({ g, i }: { g: Geometry; i: number }) {
  const { x, y } = nodeBox(g, i);
  return <rect className={styles.fill} x={x} y={y} width={0} height={NODE_H} rx={6} data-node={i + 1} data-full-width={g.cellW - 6} />;
});

/** Each node's name, over its fill. */
const NodeNames = memo(function NodeNames({ g, nodeCount }: { g: Geometry; nodeCount: number }) {
  return (
    <g data-layer="labels">
      {nodeNumbers(nodeCount).map((node, i) => (
        <NodeName key={node} g={g} i={i} />
      ))}
    </g>
  );
});

const NodeName = memo(function NodeName({ g, i }: { g: Geometry; i: number }) {
  const { x, y, cw } = nodeBox(g, i);
  return (
    <text x={x + cw / 2} y={y + 18} textAnchor="middle" className={styles.small}>
      node {i + 1}
    </text>
  );
});

/** Each node's session count, under its name: what a drag of the members or the share online changes. */
function NodeCounts({ fanout, g }: { fanout: Fanout; g: Geometry }) {
  return (
    <g data-layer="counts">
      {fanout.nodes.map((node, i) => {
        const { x, y, cw } = nodeBox(g, i);
        return (
          <text key={node.node} x={x + cw / 2} y={y + 36} textAnchor="middle" className={styles.mono}>
            {formatCount(node.sessions)}
          </text>
        );
      })}
    </g>
  );
}
