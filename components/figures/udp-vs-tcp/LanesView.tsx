'use client';
import { FRAME_MS, TIMELINE_WINDOW_MS, frameAt, type TransportState } from '@/lib/transport';
import styles from './Figure.module.css';

/**
 * Draws the model's state: two lanes of packets crossing from Milo to Ada, what waits in each listener's
 * buffer, and the last two seconds of what each speaker played. SVG in a fixed viewBox that scales to the
 * figure's width; the renderer only reads the state.
 */
const WIDTH = 1000;
const TRACK_FROM = 110;
const TRACK_TO = 780;
const BUFFER_X = 800;
const LANE_HEIGHT = 120;
const TIMELINE_TOP = 2 * LANE_HEIGHT + 56;
const ROW_HEIGHT = 34;
const HEIGHT = TIMELINE_TOP + 2 * ROW_HEIGHT + 46;
const PACKET_W = 18;
const PACKET_H = 14;

type Lane = 'tcp' | 'udp';
const LANES: { lane: Lane; label: string; sub: string }[] = [
  { lane: 'tcp', label: 'TCP', sub: 'reliable, in order' },
  { lane: 'udp', label: 'UDP / RTP', sub: 'on time or not at all' },
];

function trackX(progress: number): number {
  return TRACK_FROM + (TRACK_TO - TRACK_FROM) * progress;
}

function Packets({ state, lane, y }: { state: TransportState; lane: Lane; y: number }) {
  const now = state.nowMs;
  const items: React.ReactNode[] = [];
  for (const record of state.frames) {
    const transmissions = lane === 'tcp' ? record.tcp.transmissions : [record.udp.transmission];
    for (const t of transmissions) {
      if (t.sentMs > now || now >= t.arrivalMs) continue;
      const progress = (now - t.sentMs) / (t.arrivalMs - t.sentMs);
      const key = `${record.index}-${t.attempt}`;
      const resend = t.attempt > 0;
      if (t.lost) {
        // A lost packet gets halfway, then falls off the link.
        if (progress > 0.75) continue;
        const x = trackX(Math.min(progress, 0.5));
        const fall = progress > 0.5 ? (progress - 0.5) * 160 : 0;
        items.push(
          <g key={key} className={styles.lostPacket} transform={`translate(${x}, ${y + fall})`} opacity={progress > 0.5 ? 1 - (progress - 0.5) * 4 : 1}>
            <rect x={-PACKET_W / 2} y={-PACKET_H / 2} width={PACKET_W} height={PACKET_H} rx={3} />
            {progress > 0.5 && <path d="M-6,-6L6,6M6,-6L-6,6" className={styles.lostMark} />}
          </g>,
        );
        continue;
      }
      items.push(
        <rect
          key={key}
          className={resend ? styles.resentPacket : styles.packet}
          x={trackX(progress) - PACKET_W / 2}
          y={y - PACKET_H / 2}
          width={PACKET_W}
          height={PACKET_H}
          rx={3}
        />,
      );
    }
  }
  return <g>{items}</g>;
}

function Acks({ state, y }: { state: TransportState; y: number }) {
  return (
    <g>
      {state.tcp.sender.acksInFlight.map((ack) => {
        const progress = (state.nowMs - ack.sentMs) / (ack.arrivalMs - ack.sentMs);
        if (progress < 0 || progress > 1) return null;
        // An ACK that carries SACK blocks is reporting a hole: a duplicate ACK.
        const duplicate = ack.sacked.length > 0;
        return (
          <circle
            key={`${ack.sentMs}-${ack.ackNo}`}
            className={duplicate ? styles.dupAck : styles.ack}
            cx={trackX(1 - progress)}
            cy={y}
            r={4}
          />
        );
      })}
    </g>
  );
}

/** What waits at the listener: TCP's frames held behind a hole; UDP's jitter buffer. */
function Buffer({ state, lane, y }: { state: TransportState; lane: Lane; y: number }) {
  const squares: React.ReactNode[] = [];
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
  const total = Math.min(queued + held, 24);
  for (let i = 0; i < total; i++) {
    const col = i % 6;
    const row = Math.floor(i / 6);
    squares.push(
      <rect
        key={i}
        className={i < queued ? styles.buffered : styles.heldBack}
        x={BUFFER_X + col * 15}
        y={y - 28 + row * 15}
        width={12}
        height={12}
        rx={2}
      />,
    );
  }
  return (
    <g>
      <rect className={styles.bufferBox} x={BUFFER_X - 6} y={y - 34} width={102} height={68} rx={6} />
      {squares}
      <text className={styles.small} x={BUFFER_X + 45} y={y + 50} textAnchor="middle">
        {lane === 'tcp' ? (held > 0 ? `${held} held behind a hole` : 'app buffer') : 'jitter buffer'}
      </text>
    </g>
  );
}

function Timeline({ state, lane, y }: { state: TransportState; lane: Lane; y: number }) {
  const now = state.nowMs;
  const from = now - TIMELINE_WINDOW_MS;
  const x = (ms: number) => TRACK_FROM + ((ms - from) / TIMELINE_WINDOW_MS) * (WIDTH - 20 - TRACK_FROM);
  const items: React.ReactNode[] = [];
  for (const record of state.frames) {
    const playout = lane === 'tcp' ? record.tcp.playout : record.udp.playout;
    if (!playout || playout.startMs + playout.durationMs < from || playout.startMs > now) continue;
    if (playout.stallBeforeMs > 0) {
      const stallFrom = Math.max(from, playout.startMs - playout.stallBeforeMs);
      items.push(<rect key={`s${record.index}`} className={styles.stall} x={x(stallFrom)} y={y} width={Math.max(0, x(playout.startMs) - x(stallFrom))} height={ROW_HEIGHT - 8} />);
    }
    const start = Math.max(from, playout.startMs);
    const end = Math.min(now, playout.startMs + playout.durationMs);
    items.push(
      <rect
        key={record.index}
        className={styles[playout.kind]}
        x={x(start)}
        y={y}
        width={Math.max(0, x(end) - x(start) - 0.6)}
        height={ROW_HEIGHT - 8}
      />,
    );
  }
  // A freeze in progress: the player is waiting for TCP to deliver.
  if (lane === 'tcp' && state.tcp.receiver.waiting && state.tcp.player.freeAtMs !== null) {
    const stallFrom = Math.max(from, state.tcp.player.freeAtMs);
    items.push(<rect key="waiting" className={styles.stall} x={x(stallFrom)} y={y} width={Math.max(0, x(now) - x(stallFrom))} height={ROW_HEIGHT - 8} />);
  }
  return <g>{items}</g>;
}

export function LanesView({ state }: { state: TransportState }) {
  const seconds = Array.from({ length: TIMELINE_WINDOW_MS / 500 + 1 }, (_, i) => i * 500);
  const axisX = (agoMs: number) => WIDTH - 20 - (agoMs / TIMELINE_WINDOW_MS) * (WIDTH - 20 - TRACK_FROM);
  return (
    <svg className={styles.lanes} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label="Live view of both lanes; the numbers are in the counters and the data table below.">
      {LANES.map(({ lane, label, sub }, i) => {
        const top = 10 + i * LANE_HEIGHT;
        const trackY = top + 64;
        return (
          <g key={lane} data-lane={lane}>
            <text className={styles.laneLabel} x={10} y={top + 16}>
              {label}
            </text>
            <text className={styles.small} x={10} y={top + 31}>
              {sub}
            </text>
            <circle className={styles.node} cx={70} cy={trackY} r={16} />
            <text className={styles.nodeText} x={70} y={trackY + 4} textAnchor="middle">
              Milo
            </text>
            <line className={styles.track} x1={TRACK_FROM} x2={TRACK_TO} y1={trackY} y2={trackY} />
            {lane === 'tcp' && <line className={styles.ackTrack} x1={TRACK_FROM} x2={TRACK_TO} y1={trackY + 26} y2={trackY + 26} />}
            <Packets state={state} lane={lane} y={trackY} />
            {lane === 'tcp' && <Acks state={state} y={trackY + 26} />}
            <Buffer state={state} lane={lane} y={trackY} />
            <circle className={styles.node} cx={960} cy={trackY} r={16} />
            <text className={styles.nodeText} x={960} y={trackY + 4} textAnchor="middle">
              Ada
            </text>
          </g>
        );
      })}
      <text className={styles.laneLabel} x={10} y={TIMELINE_TOP - 12}>
        What Ada hears (last {TIMELINE_WINDOW_MS / 1000} s)
      </text>
      {LANES.map(({ lane, label }, i) => {
        const y = TIMELINE_TOP + i * ROW_HEIGHT;
        return (
          <g key={lane}>
            <text className={styles.small} x={10} y={y + 18}>
              {label}
            </text>
            <rect className={styles.timelineBack} x={TRACK_FROM} y={y} width={WIDTH - 20 - TRACK_FROM} height={ROW_HEIGHT - 8} />
            <Timeline state={state} lane={lane} y={y} />
          </g>
        );
      })}
      {seconds.map((ago) => (
        <text key={ago} className={styles.small} x={axisX(ago)} y={TIMELINE_TOP + 2 * ROW_HEIGHT + 12} textAnchor="middle">
          {ago === 0 ? 'now' : `−${ago} ms`}
        </text>
      ))}
      <g transform={`translate(${TRACK_FROM}, ${HEIGHT - 14})`} className={styles.small}>
        <rect className={styles.played} width={12} height={10} y={-9} />
        <text x={16}>played ({FRAME_MS} ms each)</text>
        <rect className={styles.rushed} x={150} width={12} height={10} y={-9} />
        <text x={166}>rushed</text>
        <rect className={styles.concealed} x={240} width={12} height={10} y={-9} />
        <text x={256}>concealed</text>
        <rect className={styles.stall} x={345} width={12} height={10} y={-9} />
        <text x={361}>frozen (silence)</text>
        <rect className={styles.resentPacket} x={500} width={12} height={10} y={-9} />
        <text x={516}>resent packet</text>
        <circle className={styles.ack} cx={626} cy={-4} r={4} />
        <text x={636}>ACK</text>
        <rect className={styles.heldBack} x={690} width={12} height={10} y={-9} />
        <text x={706}>arrived, held back</text>
      </g>
    </svg>
  );
}
