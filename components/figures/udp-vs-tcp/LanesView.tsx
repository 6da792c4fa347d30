'use client';
import { useEffect } from 'react';
import type { StoreApi } from 'zustand/vanilla';
import { TIMELINE_WINDOW_MS, frameAt, type TransportState } from '@/lib/transport';
import { roundedRect, useCanvas, type CanvasFrame } from '@/components/figures/useCanvas';
import { useMeasuredWidth } from '@/components/figures/useMeasuredWidth';
import { LANE_MARKS, type Mark } from './palette';
import styles from './Figure.module.css';

/**
 * Draws the model's state: two lanes of packets crossing from Milo to Ada, what waits in each listener's
 * buffer, and the last two seconds of what each speaker played. The SVG's viewBox is as wide as the figure in
 * CSS pixels (up to MAX_WIDTH, then it scales up), so its text keeps its CSS size from a phone to a laptop; under
 * NARROW_BELOW the buffer moves under the track and the labels stack. The legend is an HTML list that wraps.
 * The renderer only reads the state.
 */
const MAX_WIDTH = 1000;
const MIN_WIDTH = 300;
const NARROW_BELOW = 640;
const PACKET_W = 18;
const PACKET_H = 14;
const ROW_HEIGHT = 34;
const BUFFER_CAPACITY = 24;
const BUFFER_CELL = 15;
/** The ✕ on a lost packet, centred on it. */
const CROSS_PATH = 'M-4,-4L4,4M4,-4L-4,4';

interface Layout {
  width: number;
  narrow: boolean;
  laneHeight: number;
  /** Track y, relative to the lane's top. */
  trackDy: number;
  milo: number;
  ada: number;
  nodeR: number;
  trackFrom: number;
  trackTo: number;
  /** Buffer box: left x and centre y (relative to the track), columns of squares. */
  bufferX: number;
  bufferDy: number;
  bufferCols: number;
  timelineTop: number;
  timelineFrom: number;
  timelineTo: number;
  height: number;
  /** Axis ticks, in ms before now. */
  tickEveryMs: number;
}

function lanesLayout(measured: number): Layout {
  const width = Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, measured)));
  if (width >= NARROW_BELOW) {
    // Wide: Milo, the track, the buffer and Ada on one line per lane.
    const laneHeight = 120;
    const timelineTop = 2 * laneHeight + 56;
    return {
      width,
      narrow: false,
      laneHeight,
      trackDy: 64,
      milo: 70,
      ada: width - 40,
      nodeR: 18,
      trackFrom: 110,
      trackTo: width - 220,
      bufferX: width - 200,
      bufferDy: 0,
      bufferCols: 6,
      timelineTop,
      timelineFrom: 110,
      timelineTo: width - 20,
      height: timelineTop + 2 * ROW_HEIGHT + 24,
      tickEveryMs: 500,
    };
  }
  // Narrow: the label line, then Milo, the track and Ada, then the buffer under Ada's end of the track.
  const laneHeight = 146;
  const timelineTop = 2 * laneHeight + 40;
  return {
    width,
    narrow: true,
    laneHeight,
    trackDy: 50,
    milo: 22,
    ada: width - 22,
    nodeR: 18,
    trackFrom: 46,
    trackTo: width - 46,
    bufferX: width - 8 - 8 * BUFFER_CELL - 3,
    bufferDy: 62,
    bufferCols: 8,
    timelineTop,
    timelineFrom: 48,
    timelineTo: width - 8,
    height: timelineTop + 2 * ROW_HEIGHT + 24,
    tickEveryMs: 1000,
  };
}

type Lane = 'tcp' | 'udp';
const LANES: { lane: Lane; label: string; short: string; sub: string }[] = [
  { lane: 'tcp', label: 'TCP', short: 'TCP', sub: 'reliable, in order' },
  { lane: 'udp', label: 'UDP / RTP', short: 'UDP', sub: 'on time or not at all' },
];

function trackX(layout: Layout, progress: number): number {
  return layout.trackFrom + (layout.trackTo - layout.trackFrom) * progress;
}

interface MarkColours {
  packet: string;
  resent: string;
  lost: string;
  ack: string;
  dupAck: string;
  heldBack: string;
  surface: string;
  muted: string;
  font: string;
  timeline: Record<'played' | 'rushed' | 'concealed' | 'stall', string>;
}

function markColours(colour: CanvasFrame['colour']): MarkColours {
  return {
    packet: colour('--mark-packet'),
    resent: colour('--mark-resent'),
    lost: colour('--mark-lost'),
    ack: colour('--mark-ack'),
    dupAck: colour('--mark-dupAck'),
    heldBack: colour('--mark-heldBack'),
    surface: colour('--surface'),
    muted: colour('--muted'),
    font: colour('--font-mono', 'monospace'),
    timeline: {
      played: colour('--mark-played'),
      rushed: colour('--mark-rushed'),
      concealed: colour('--mark-concealed'),
      stall: colour('--mark-stall'),
    },
  };
}

/** The packets on one lane's track: each moves from Milo to Ada; a lost one gets halfway, then falls off. */
function drawPackets(ctx: CanvasRenderingContext2D, state: TransportState, lane: Lane, y: number, layout: Layout, c: MarkColours) {
  const now = state.nowMs;
  for (const record of state.frames) {
    const transmissions = lane === 'tcp' ? record.tcp.transmissions : [record.udp.transmission];
    for (const t of transmissions) {
      if (t.sentMs > now || now >= t.arrivalMs) continue;
      const progress = (now - t.sentMs) / (t.arrivalMs - t.sentMs);
      if (t.lost) {
        if (progress > 0.75) continue;
        const x = trackX(layout, Math.min(progress, 0.5));
        const fall = progress > 0.5 ? (progress - 0.5) * 160 : 0;
        ctx.save();
        ctx.globalAlpha = progress > 0.5 ? 1 - (progress - 0.5) * 4 : 1;
        ctx.translate(x, y + fall);
        ctx.fillStyle = c.lost;
        ctx.beginPath();
        roundedRect(ctx, -PACKET_W / 2, -PACKET_H / 2, PACKET_W, PACKET_H, 3);
        ctx.fill();
        // The ✕ (CROSS_PATH in the legend).
        ctx.strokeStyle = c.surface;
        ctx.lineWidth = 2;
        ctx.lineCap = 'round';
        ctx.beginPath();
        ctx.moveTo(-4, -4);
        ctx.lineTo(4, 4);
        ctx.moveTo(4, -4);
        ctx.lineTo(-4, 4);
        ctx.stroke();
        ctx.restore();
        continue;
      }
      ctx.fillStyle = t.attempt > 0 ? c.resent : c.packet;
      ctx.beginPath();
      roundedRect(ctx, trackX(layout, progress) - PACKET_W / 2, y - PACKET_H / 2, PACKET_W, PACKET_H, 3);
      ctx.fill();
    }
  }
}

/** TCP's ACKs going back; one that carries SACK blocks is reporting a hole: a duplicate ACK, drawn as a ring. */
function drawAcks(ctx: CanvasRenderingContext2D, state: TransportState, y: number, layout: Layout, c: MarkColours) {
  for (const ack of state.tcp.sender.acksInFlight) {
    const progress = (state.nowMs - ack.sentMs) / (ack.arrivalMs - ack.sentMs);
    if (progress < 0 || progress > 1) continue;
    const duplicate = ack.sacked.length > 0;
    ctx.beginPath();
    ctx.arc(trackX(layout, 1 - progress), y, 4, 0, 2 * Math.PI);
    ctx.fillStyle = duplicate ? c.surface : c.ack;
    ctx.fill();
    if (duplicate) {
      ctx.strokeStyle = c.dupAck;
      ctx.lineWidth = 2;
      ctx.stroke();
    }
  }
}

/** The buffer box's size and place for one lane (the box itself is in the SVG; its squares and label move). */
function bufferBox(layout: Layout, y: number) {
  const cols = layout.bufferCols;
  const rows = BUFFER_CAPACITY / cols;
  const boxW = cols * BUFFER_CELL + 9;
  const boxH = rows * BUFFER_CELL + 9;
  const cy = y + layout.bufferDy;
  return { cols, boxW, boxH, cy, top: cy - boxH / 2 };
}

/** What waits at the listener: TCP's frames held behind a hole; UDP's jitter buffer. */
function drawBuffer(ctx: CanvasRenderingContext2D, state: TransportState, lane: Lane, y: number, layout: Layout, c: MarkColours) {
  let held = 0;
  if (lane === 'tcp') {
    const hole = state.tcp.receiver.rcvNxt;
    for (let f = hole + 1; f < state.nextFrame; f++) {
      const record = frameAt(state, f);
      if (record?.tcp.receivedMs != null) held++;
    }
  }
  let queued = 0;
  const playerNext = lane === 'tcp' ? state.tcp.player.nextFrame : state.udp.player.nextFrame;
  for (let f = playerNext; f < state.nextFrame; f++) {
    const record = frameAt(state, f);
    if (!record) continue;
    const ready = lane === 'tcp' ? record.tcp.deliveredMs !== null : record.udp.arrived;
    if (ready) queued++;
  }
  const { cols, boxW, boxH, cy, top } = bufferBox(layout, y);
  const total = Math.min(queued + held, BUFFER_CAPACITY);
  ctx.fillStyle = c.packet;
  ctx.beginPath();
  for (let i = 0; i < Math.min(queued, total); i++) {
    roundedRect(ctx, layout.bufferX + (i % cols) * BUFFER_CELL, top + 6 + Math.floor(i / cols) * BUFFER_CELL, 12, 12, 2);
  }
  ctx.fill();
  ctx.strokeStyle = c.heldBack;
  ctx.lineWidth = 2;
  ctx.beginPath();
  for (let i = queued; i < total; i++) {
    roundedRect(ctx, layout.bufferX + (i % cols) * BUFFER_CELL + 1, top + 6 + Math.floor(i / cols) * BUFFER_CELL + 1, 10, 10, 2);
  }
  ctx.stroke();
  const label = lane === 'tcp' ? (held > 0 ? `${held} held ${layout.narrow ? 'back' : 'behind a hole'}` : 'app buffer') : 'jitter buffer';
  ctx.fillStyle = c.muted;
  ctx.font = `13px ${c.font}`;
  if (layout.narrow) {
    // Beside the box, on its left, so the box can sit under Ada's end of the track.
    ctx.textAlign = 'end';
    ctx.fillText(label, layout.bufferX - 14, cy + 4);
  } else {
    ctx.textAlign = 'center';
    ctx.fillText(label, layout.bufferX - 6 + boxW / 2, top + boxH + 16);
  }
}

/** The last two seconds of what each listener played, scrolling left as time passes. */
function drawTimeline(ctx: CanvasRenderingContext2D, state: TransportState, lane: Lane, y: number, layout: Layout, c: MarkColours) {
  const now = state.nowMs;
  const from = now - TIMELINE_WINDOW_MS;
  const x = (ms: number) => layout.timelineFrom + ((ms - from) / TIMELINE_WINDOW_MS) * (layout.timelineTo - layout.timelineFrom);
  const height = ROW_HEIGHT - 8;
  const rect = (kind: keyof MarkColours['timeline'], x0: number, width: number) => {
    ctx.fillStyle = c.timeline[kind];
    ctx.fillRect(x0, y, width, height);
  };
  for (const record of state.frames) {
    const playout = lane === 'tcp' ? record.tcp.playout : record.udp.playout;
    if (!playout || playout.startMs + playout.durationMs < from || playout.startMs > now) continue;
    if (playout.stallBeforeMs > 0) {
      const stallFrom = Math.max(from, playout.startMs - playout.stallBeforeMs);
      rect('stall', x(stallFrom), Math.max(0, x(playout.startMs) - x(stallFrom)));
    }
    const start = Math.max(from, playout.startMs);
    const end = Math.min(now, playout.startMs + playout.durationMs);
    rect(playout.kind, x(start), Math.max(0, x(end) - x(start) - 0.6));
  }
  // A freeze in progress: the player is waiting for TCP to deliver.
  if (lane === 'tcp' && state.tcp.receiver.waiting && state.tcp.player.freeAtMs !== null) {
    const stallFrom = Math.max(from, state.tcp.player.freeAtMs);
    rect('stall', x(stallFrom), Math.max(0, x(now) - x(stallFrom)));
  }
}

/** Everything that moves, in the SVG's viewBox units. */
function drawMoving(ctx: CanvasRenderingContext2D, state: TransportState, layout: Layout, c: MarkColours) {
  LANES.forEach(({ lane }, i) => {
    const trackY = 10 + i * layout.laneHeight + layout.trackDy;
    drawPackets(ctx, state, lane, trackY, layout, c);
    if (lane === 'tcp') drawAcks(ctx, state, trackY + 26, layout, c);
    drawBuffer(ctx, state, lane, trackY, layout, c);
    drawTimeline(ctx, state, lane, layout.timelineTop + i * ROW_HEIGHT, layout, c);
  });
}

function tickLabel(agoMs: number, narrow: boolean): string {
  if (agoMs === 0) return 'now';
  return narrow ? `−${agoMs / 1000} s` : `−${agoMs} ms`;
}

/**
 * The lanes. What stays put (labels, Milo and Ada, the tracks, the buffer boxes, the axis) is SVG, rendered
 * when the width changes; what moves (packets, ACKs, the buffers' contents, the timelines) is drawn on a canvas
 * laid over it, from the model's store on each of its changes, without a React render. As SVG the moving
 * parts were hundreds of elements re-rendered every frame: 7 fps at the largest setting with the CPU slowed 4x.
 */
export function LanesView({ model }: { model: StoreApi<TransportState> }) {
  const [frame, measured] = useMeasuredWidth<HTMLDivElement>(MAX_WIDTH);
  const layout = lanesLayout(measured);
  const { width, height, narrow } = layout;
  const { ref, redraw } = useCanvas(
    ({ ctx, width: cssWidth, colour }) => {
      const scale = cssWidth / layout.width;
      ctx.scale(scale, scale);
      drawMoving(ctx, model.getState(), layout, markColours(colour));
    },
    [model, layout.width, layout.narrow],
  );
  useEffect(() => model.subscribe(redraw), [model, redraw]);
  const ticks = Array.from({ length: TIMELINE_WINDOW_MS / layout.tickEveryMs + 1 }, (_, i) => i * layout.tickEveryMs);
  const axisX = (agoMs: number) => layout.timelineTo - (agoMs / TIMELINE_WINDOW_MS) * (layout.timelineTo - layout.timelineFrom);
  return (
    <div ref={frame} className={styles.lanesFrame} data-layout={narrow ? 'narrow' : 'wide'}>
      <div className={styles.lanesStage}>
        <svg className={styles.lanes} viewBox={`0 0 ${width} ${height}`} role="img" aria-label="Live view of both lanes; the numbers are in the counters and the data table below.">
          {LANES.map(({ lane, label, sub }, i) => {
            const top = 10 + i * layout.laneHeight;
            const trackY = top + layout.trackDy;
            const box = bufferBox(layout, trackY);
            return (
              <g key={lane} data-lane={lane}>
                {narrow ? (
                  <text x={10} y={top + 14}>
                    <tspan className={styles.laneLabel}>{label}</tspan>
                    <tspan className={styles.small} dx={8}>
                      {sub}
                    </tspan>
                  </text>
                ) : (
                  <>
                    <text className={styles.laneLabel} x={10} y={top + 16}>
                      {label}
                    </text>
                    <text className={styles.small} x={10} y={top + 32}>
                      {sub}
                    </text>
                  </>
                )}
                <circle className={styles.node} cx={layout.milo} cy={trackY} r={layout.nodeR} />
                <text className={styles.nodeText} x={layout.milo} y={trackY + 4} textAnchor="middle">
                  Milo
                </text>
                <line className={styles.track} x1={layout.trackFrom} x2={layout.trackTo} y1={trackY} y2={trackY} />
                {lane === 'tcp' && <line className={styles.ackTrack} x1={layout.trackFrom} x2={layout.trackTo} y1={trackY + 26} y2={trackY + 26} />}
                <rect className={styles.bufferBox} x={layout.bufferX - 6} y={box.top} width={box.boxW} height={box.boxH} rx={6} />
                <circle className={styles.node} cx={layout.ada} cy={trackY} r={layout.nodeR} />
                <text className={styles.nodeText} x={layout.ada} y={trackY + 4} textAnchor="middle">
                  Ada
                </text>
              </g>
            );
          })}
          <text className={styles.laneLabel} x={10} y={layout.timelineTop - 12}>
            What Ada hears (last {TIMELINE_WINDOW_MS / 1000} s)
          </text>
          {LANES.map(({ lane, label, short }, i) => {
            const y = layout.timelineTop + i * ROW_HEIGHT;
            return (
              <g key={lane}>
                <text className={styles.small} x={10} y={y + 18}>
                  {narrow ? short : label}
                </text>
                <rect className={styles.timelineBack} x={layout.timelineFrom} y={y} width={layout.timelineTo - layout.timelineFrom} height={ROW_HEIGHT - 8} />
              </g>
            );
          })}
          {ticks.map((ago) => (
            <text
              key={ago}
              className={styles.small}
              x={axisX(ago)}
              y={layout.timelineTop + 2 * ROW_HEIGHT + 12}
              // The end ticks stay inside the SVG.
              textAnchor={ago === 0 ? 'end' : ago === TIMELINE_WINDOW_MS ? 'start' : 'middle'}
            >
              {tickLabel(ago, narrow)}
            </text>
          ))}
        </svg>
        <canvas ref={ref} className={styles.lanesMoving} aria-hidden="true" />
      </div>
    </div>
  );
}

/** One mark as the drawing shows it, for the legend. */
function Swatch({ mark }: { mark: Mark }) {
  const round = mark.shape === 'round';
  return (
    <svg className={styles.swatch} viewBox="0 0 16 12" aria-hidden="true" data-kind={mark.kind}>
      {round ? (
        <circle cx={8} cy={6} r={mark.pattern === 'outline' ? 4 : 4.5} className={styles[mark.kind]} />
      ) : mark.pattern === 'outline' ? (
        <rect x={2} y={1} width={12} height={10} rx={2} className={styles[mark.kind]} />
      ) : (
        <rect x={1} y={0} width={14} height={12} rx={mark.on === 'track' ? 0 : 3} className={styles[mark.kind]} />
      )}
      {mark.pattern === 'cross' && <path transform="translate(8 6)" d={CROSS_PATH} className={styles.lostMark} />}
    </svg>
  );
}

/** What each mark means, drawn with the same shapes and classes as the lanes. An HTML list, so it wraps. */
export function LanesLegend() {
  return (
    <ul className={styles.legend} aria-label="Key">
      {LANE_MARKS.map((mark) => (
        <li key={mark.kind}>
          <Swatch mark={mark} />
          {mark.label}
        </li>
      ))}
    </ul>
  );
}
