'use client';
import type { ScalePower } from 'd3';
import type { LadderLayer } from '@/lib/simulcast/publisher';
import { SOURCE_SIZES, layerLabel, type SimulcastRoomInputs, type SimulcastRoomOutcome } from '@/lib/simulcast/room';
import type { InFlight, SwitchSimState } from '@/lib/simulcast/switchSim';
import { formatKbps } from '@/lib/units';
import styles from './SimulcastFriends.module.css';

interface Point {
  x: number;
  y: number;
}
interface Box extends Point {
  w: number;
  h: number;
}

/**
 * Where things go. Wide: streamer, server and friends left to right. Narrow (phones): streamer on
 * top, server below it, friends in a row at the bottom, so the text stays readable at 360 px.
 */
interface Layout {
  width: number;
  height: number;
  streamer: Box;
  server: Box;
  /** Lane k (0 = highest layer) from the streamer to the server. */
  lane: (k: number, n: number) => { from: Point; to: Point; label: Point; anchor: 'start' | 'middle' };
  /** Where the server's line to friend i starts, for a layer on lane k. */
  serverOut: (k: number, n: number) => Point;
  friend: (i: number, n: number) => Box;
  friendIn: (i: number, n: number) => Point;
}

const WIDE: Layout = {
  width: 960,
  height: 440,
  streamer: { x: 8, y: 96, w: 200, h: 310 },
  server: { x: 430, y: 96, w: 150, h: 310 },
  lane(k, n) {
    const y = laneY(k, n);
    return { from: { x: 208, y }, to: { x: 430, y }, label: { x: 24, y: y + 6 }, anchor: 'start' };
  },
  serverOut: (k, n) => ({ x: 580, y: laneY(k, n) }),
  friend: (i) => ({ x: 720, y: 6 + i * 87, w: 234, h: 78 }),
  friendIn: (i) => ({ x: 720, y: 45 + i * 87 }),
};

function laneY(k: number, n: number): number {
  return n === 1 ? 290 : 215 + (k * 150) / (n - 1);
}

const NARROW: Layout = {
  width: 440,
  height: 560,
  streamer: { x: 60, y: 6, w: 320, h: 64 },
  server: { x: 60, y: 232, w: 320, h: 64 },
  lane(k, n) {
    const x = laneX(k, n);
    return { from: { x, y: 70 }, to: { x, y: 232 }, label: { x, y: 96 }, anchor: 'middle' };
  },
  serverOut: (k, n) => ({ x: laneX(k, n), y: 296 }),
  friend: (i) => ({ x: 3 + i * 87.4, y: 430, w: 82, h: 124 }),
  friendIn: (i) => ({ x: 44 + i * 87.4, y: 430 }),
};

function laneX(k: number, n: number): number {
  return n === 1 ? 220 : 320 - (k * 200) / (n - 1);
}

export interface DiagramProps {
  wide: boolean;
  inputs: SimulcastRoomInputs;
  outcome: SimulcastRoomOutcome;
  sim: SwitchSimState;
  chosenRids: readonly (string | null)[];
  laneWidth: ScalePower<number, number>;
  progress: (message: InFlight) => number;
}

export function Diagram({ wide, inputs, outcome, sim, chosenRids, laneWidth, progress }: DiagramProps) {
  const layout = wide ? WIDE : NARROW;
  // Lanes from the highest layer (k = 0) down.
  const lanes = [...outcome.ladder].reverse();
  const n = lanes.length;
  const laneOf = (rid: string | null) => lanes.findIndex((layer) => layer.rid === rid);
  const colourOf = (rid: string | null) => styles[`layer${outcome.ladder.findIndex((layer) => layer.rid === rid)}`];

  return (
    <svg
      className={styles.diagram}
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      role="img"
      aria-label={`The streamer sends ${n} layers to the server, which forwards one layer or nothing to each of ${inputs.friends.length} friends.`}
      data-layout={wide ? 'wide' : 'narrow'}
    >
      <defs>
        <marker id="simulcast-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" className={styles.arrowHead} />
        </marker>
      </defs>

      {/* Streamer and its layers */}
      <rect className={styles.node} x={layout.streamer.x} y={layout.streamer.y} width={layout.streamer.w} height={layout.streamer.h} rx={10} />
      <text className={styles.nodeTitle} x={layout.streamer.x + 12} y={layout.streamer.y + 24}>
        Streamer · {SOURCE_SIZES[inputs.source].label}
      </text>
      <NodeSub box={layout.streamer} wide={wide} verb="uploads" kbps={outcome.uploadKbps} />

      {lanes.map((layer, k) => {
        const lane = layout.lane(k, n);
        const { sendKbps } = outcome.layers.find((entry) => entry.layer.rid === layer.rid) ?? { sendKbps: 0 };
        return (
          <g key={layer.rid} data-lane={layer.rid} data-active={layer.active}>
            <line
              className={`${styles.lane} ${colourOf(layer.rid)} ${layer.active ? '' : styles.paused}`}
              x1={lane.from.x}
              y1={lane.from.y}
              x2={lane.to.x}
              y2={lane.to.y}
              strokeWidth={layer.active ? laneWidth(sendKbps) : 1.5}
            />
            <LaneLabel layer={layer} sendKbps={sendKbps} at={lane.label} anchor={lane.anchor} wide={wide} />
          </g>
        );
      })}

      {/* Server */}
      <rect className={styles.node} x={layout.server.x} y={layout.server.y} width={layout.server.w} height={layout.server.h} rx={10} />
      <text className={styles.nodeTitle} x={layout.server.x + 12} y={layout.server.y + 24}>
        Server (SFU)
      </text>
      <NodeSub box={layout.server} wide={wide} verb="sends" kbps={outcome.egressKbps} />

      {/* Server to friends: the layer each friend is being sent now (sim), and a pending switch (dashed). */}
      {inputs.friends.map((friend, i) => {
        const gate = sim.gates[i];
        const forwarded = gate?.currentRid ?? null;
        const pending = gate?.targetRid ?? (chosenRids[i] !== forwarded ? chosenRids[i] : null);
        const end = layout.friendIn(i, inputs.friends.length);
        const box = layout.friend(i, inputs.friends.length);
        const result = outcome.friends[i];
        return (
          <g key={friend.name} data-friend-line={i} data-forwarded={forwarded ?? ''} data-pending={pending ?? ''}>
            {forwarded !== null && laneOf(forwarded) >= 0 && (
              <FriendLine from={layout.serverOut(laneOf(forwarded), n)} to={end} className={`${styles.feed} ${colourOf(forwarded)}`} wide={wide} />
            )}
            {pending !== null && laneOf(pending) >= 0 && (
              <FriendLine from={layout.serverOut(laneOf(pending), n)} to={end} className={`${styles.pendingFeed} ${colourOf(pending)}`} wide={wide} />
            )}
            <rect className={`${styles.friendBox} ${friend.minimized ? styles.minimized : ''}`} x={box.x} y={box.y} width={box.w} height={box.h} rx={8} />
            <FriendText
              box={box}
              wide={wide}
              name={friend.name}
              layer={forwarded === null ? null : (outcome.ladder.find((layer) => layer.rid === forwarded) ?? null)}
              pendingLabel={pending === null ? null : layerLabel(outcome.ladder.find((layer) => layer.rid === pending) ?? null)}
              kbps={result.receiveKbps}
              minimized={friend.minimized}
              colour={colourOf(forwarded)}
            />
          </g>
        );
      })}

      {/* Messages on the wire between server and streamer */}
      {sim.inFlight.map((message, index) => {
        const k = laneOf(message.rid);
        if (k < 0) return null;
        const lane = layout.lane(k, n);
        const t = progress(message);
        // PLIs travel from the server to the streamer; keyframes the other way.
        const [a, b] = message.kind === 'pli' ? [lane.to, lane.from] : [lane.from, lane.to];
        const x = a.x + (b.x - a.x) * t;
        const y = a.y + (b.y - a.y) * t;
        return message.kind === 'pli' ? (
          <g key={`${message.kind}-${message.rid}-${message.sentAtMs}-${index}`} className={styles.pli} transform={`translate(${x} ${y})`}>
            <circle r={9} />
            <text y={-14} textAnchor="middle">
              PLI
            </text>
          </g>
        ) : (
          <g key={`${message.kind}-${message.rid}-${message.sentAtMs}-${index}`} className={`${styles.keyframe} ${colourOf(message.rid)}`} transform={`translate(${x} ${y})`}>
            <rect x={-11} y={-11} width={22} height={22} rx={3} />
            <text y={-16} textAnchor="middle">
              keyframe
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function NodeSub({ box, wide, verb, kbps }: { box: Box; wide: boolean; verb: string; kbps: number }) {
  if (!wide) {
    return (
      <text className={styles.nodeSub} x={box.x + 12} y={box.y + 46}>
        {verb} {formatKbps(kbps)}
      </text>
    );
  }
  return (
    <text className={styles.nodeSub} x={box.x + 12} y={box.y + 50}>
      <tspan x={box.x + 12}>{verb}</tspan>
      <tspan x={box.x + 12} dy={22} className={styles.nodeValue}>
        {formatKbps(kbps)}
      </tspan>
    </text>
  );
}

function LaneLabel({ layer, sendKbps, at, anchor, wide }: { layer: LadderLayer; sendKbps: number; at: Point; anchor: 'start' | 'middle'; wide: boolean }) {
  const text = `${layerLabel(layer)}`;
  const rate = layer.active ? formatKbps(sendKbps) : 'paused';
  if (wide) {
    return (
      <text className={styles.laneLabel} x={at.x} y={at.y} textAnchor={anchor}>
        <tspan className={styles.laneName}>{text}</tspan> {rate}
      </text>
    );
  }
  return (
    <text className={styles.laneLabel} x={at.x} y={at.y} textAnchor={anchor}>
      <tspan className={styles.laneName} x={at.x} dy={0}>
        {text}
      </tspan>
      <tspan x={at.x} dy={18}>
        {rate}
      </tspan>
    </text>
  );
}

function FriendLine({ from, to, className, wide }: { from: Point; to: Point; className: string; wide: boolean }) {
  // A gentle S-curve from the server to the friend.
  const d = wide
    ? `M${from.x},${from.y} C${(from.x + to.x) / 2},${from.y} ${(from.x + to.x) / 2},${to.y} ${to.x},${to.y}`
    : `M${from.x},${from.y} C${from.x},${(from.y + to.y) / 2} ${to.x},${(from.y + to.y) / 2} ${to.x},${to.y}`;
  return <path className={className} d={d} markerEnd="url(#simulcast-arrow)" />;
}

function FriendText({
  box,
  wide,
  name,
  layer,
  pendingLabel,
  kbps,
  minimized,
  colour,
}: {
  box: Box;
  wide: boolean;
  name: string;
  layer: LadderLayer | null;
  pendingLabel: string | null;
  kbps: number;
  minimized: boolean;
  colour: string | undefined;
}) {
  const status = pendingLabel !== null ? `→ ${pendingLabel}: waiting for keyframe` : minimized ? 'minimized' : layer === null ? 'link too slow' : formatKbps(kbps);
  if (wide) {
    return (
      <>
        <text className={styles.friendTitle} x={box.x + 12} y={box.y + 24}>
          {name}
        </text>
        <text className={`${styles.friendLayer} ${colour ?? ''}`} x={box.x + box.w - 12} y={box.y + 24} textAnchor="end">
          {layerLabel(layer)}
        </text>
        <text className={`${styles.friendSub} ${pendingLabel !== null ? styles.waiting : ''}`} x={box.x + 12} y={box.y + 54}>
          {status}
        </text>
      </>
    );
  }
  const cx = box.x + box.w / 2;
  return (
    <>
      <text className={styles.friendTitle} x={cx} y={box.y + 24} textAnchor="middle">
        {name.replace('Friend ', '')}
      </text>
      <text className={`${styles.friendLayer} ${colour ?? ''}`} x={cx} y={box.y + 54} textAnchor="middle">
        {layerLabel(layer)}
      </text>
      <text className={`${styles.friendSub} ${pendingLabel !== null ? styles.waiting : ''}`} x={cx} y={box.y + 82} textAnchor="middle">
        {pendingLabel !== null ? `→ ${pendingLabel}` : minimized ? 'minimized' : layer === null ? 'too slow' : formatKbps(kbps).replace(' kbps', '')}
      </text>
      <text className={styles.friendSub} x={cx} y={box.y + 104} textAnchor="middle">
        {pendingLabel !== null ? 'waiting' : layer === null ? '' : 'kbps'}
      </text>
    </>
  );
}
