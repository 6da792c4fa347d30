'use client';
import { memo, useMemo, useRef } from 'react';
import { line, scaleLinear } from 'd3';
import { DataTable } from '@/components/figures/DataTable';
import { useFigureStore, useStore } from '@/components/figures/useFigureStore';
import { useMeasuredWidth } from '@/components/figures/useMeasuredWidth';
import { Slider } from '@/components/controls/Slider';
import { Stage, Workbench } from '@/components/figures/Workbench';
import { useSettledSelection } from '@/components/hooks/useSettled';
import { StoreSlider } from '@/components/figures/StoreSlider';
import { useChangingMark } from '@/components/figures/useChangingMark';
import type { StoreApi } from 'zustand/vanilla';
import { DEFAULT_VOICE_STREAM, SEND_POLICY_LABELS } from '@/lib/vad/packets';
import { DEFAULT_ROOM, ROOM_BOUNDS, ROOM_LIMITS, compareRoomPolicies, serverMutedBounds, talkShare, vadSavingBySize } from '@/lib/vad/room';
import { roomTable } from '@/lib/vad/tables';
import { formatCount, formatKbps, formatMs, formatPercent } from '@/lib/units';
import { POLICY_CLASS } from './policyClass';
import styles from './Figure.module.css';

const SIZES = Array.from({ length: ROOM_LIMITS.maxPeople - ROOM_LIMITS.minPeople + 1 }, (_, i) => ROOM_LIMITS.minPeople + i);
const CELL = 24;

type Room = { people: number; speakingAtOnce: number; serverMuted: number };

/** The room as drawn: everyone but one can be muted; a shared link may ask for more than its room has, so hold it there. */
const roomOf = ({ people, speakingAtOnce, serverMuted }: Room): Room => ({
  people,
  speakingAtOnce,
  serverMuted: Math.min(serverMuted, serverMutedBounds(people).max),
});
const formatTalking = (v: number) => `${v} ${v === 1 ? 'person' : 'people'}`;

/**
 * Figure 2: what VAD saves across a whole voice channel, by room size. The figure itself renders once: the
 * sliders subscribe to their own inputs and the people and bars to all three, so a step of a drag renders the
 * slider and the drawing; the summary, the chart by room size and the table follow once the reader stops.
 */
export default function RoomFigure() {
  const store = useFigureStore<Room>(() => ({ ...DEFAULT_ROOM }));
  const later = useSettledSelection(store, roomOf);

  return (
    <div className={`${styles.figure} ${styles.room}`}>
      <Workbench>
        <Stage className={styles.roomTop}>
          <RoomDrawing store={store} />
        </Stage>
        <div className={styles.controls}>
          <PeopleSlider store={store} />
          <StoreSlider store={store} field="speakingAtOnce" label="Talking at once, on average" name="room-speaking" {...ROOM_BOUNDS.speakingAtOnce} format={formatTalking} />
          <MutedSlider store={store} />
        </div>
      </Workbench>

      <RoomReadouts room={later} />
    </div>
  );
}

function PeopleSlider({ store }: { store: StoreApi<Room> }) {
  const people = useStore(store, (s) => s.people);
  return (
    <Slider
      label="People in the channel"
      name="room-people"
      value={people}
      {...ROOM_BOUNDS.people}
      onChange={(v) => store.setState((s) => ({ people: v, serverMuted: Math.min(roomOf(s).serverMuted, v - 1) }))}
    />
  );
}

/** Server-muted people: at most everyone but one, so its range follows the room size. */
function MutedSlider({ store }: { store: StoreApi<Room> }) {
  const people = useStore(store, (s) => s.people);
  const serverMuted = useStore(store, (s) => roomOf(s).serverMuted);
  return <Slider label="Server-muted people" name="room-muted" value={serverMuted} {...serverMutedBounds(people)} onChange={(v) => store.setState({ serverMuted: v })} />;
}

/**
 * The people and the egress bars: what follows every step of a drag. A bar eases to a new length after a click
 * or a key press; during a drag it follows the slider without a transition (useChangingMark).
 */
function RoomDrawing({ store }: { store: StoreApi<Room> }) {
  const bars = useRef<HTMLUListElement>(null);
  useChangingMark(store, bars);
  const people = useStore(store, (s) => s.people);
  const speakingAtOnce = useStore(store, (s) => s.speakingAtOnce);
  const serverMuted = useStore(store, (s) => roomOf(s).serverMuted);
  const room = useMemo(() => ({ people, speakingAtOnce, serverMuted }), [people, speakingAtOnce, serverMuted]);
  const traffic = useMemo(() => compareRoomPolicies(room), [room]);
  const baselineKbps = useMemo(() => compareRoomPolicies({ ...room, serverMuted: 0 })[0].egressKbps, [room]);

  return (
    <>
      <People people={people} speakingAtOnce={speakingAtOnce} serverMuted={serverMuted} />
      <ul ref={bars} className={styles.bars} aria-label="Server egress by sending policy">
        {traffic.map((t) => (
          <li key={t.policy} className={styles.bar} data-policy={t.policy}>
            <div className={styles.barHead}>
              <span>{SEND_POLICY_LABELS[t.policy]}: out of the SFU</span>
              <span className={styles.barValue}>{formatKbps(Math.round(t.egressKbps), { compact: true })}</span>
            </div>
            <div className={styles.barTrack} aria-hidden="true">
              <div
                className={`${styles.barFill} ${POLICY_CLASS[t.policy]}`}
                style={{ transform: `scaleX(${baselineKbps > 0 ? t.egressKbps / baselineKbps : 0})` }}
              />
            </div>
            <span className={styles.barNote}>
              {formatKbps(Math.round(t.perPersonDownloadKbps * 10) / 10)} down per person ·{' '}
              {formatPercent(t.savingVsContinuous, 1)} saved
              {t.droppedKbps > 0 ? ` · ${formatKbps(Math.round(t.droppedKbps * 10) / 10)} from muted people dropped` : ''}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}


/**
 * The summary, the chart by room size and the table: they follow a settled copy of the inputs
 * (useSettledSelection), so a drag renders the people and the bars each frame and these once the reader stops.
 */
const RoomReadouts = memo(function RoomReadouts({ room }: { room: Room }) {
  const traffic = useMemo(() => compareRoomPolicies(room), [room]);
  const continuous = traffic.find((t) => t.policy === 'continuous')!;
  const vad = traffic.find((t) => t.policy === 'vad')!;
  const share = talkShare(room);
  return (
    <>
      <p className={styles.summary} aria-live="polite" data-testid="room-summary">
        Each person talks {formatPercent(share, 1)} of the time. Gating with VAD, the server sends{' '}
        {formatKbps(Math.round(vad.egressKbps), { compact: true })} instead of{' '}
        {formatKbps(Math.round(continuous.egressKbps), { compact: true })}:{' '}
        <strong data-testid="room-vad-saving">{formatPercent(vad.savingVsContinuous, 1)}</strong> less than everyone
        sending all the time.
      </p>

      <SavingChart people={room.people} speakingAtOnce={room.speakingAtOnce} />

      <DataTable data={roomTable(room)} />
    </>
  );
});

/**
 * Each seat's circle and slash as path text, for a grid of `columns`: formatted once per grid (a step of a drag
 * joins the seats it draws instead of formatting up to 100 circles' numbers).
 */
const seatPathsByColumns = new Map<number, { circle: string[]; slash: string[] }>();
function seatPaths(columns: number): { circle: string[]; slash: string[] } {
  let seats = seatPathsByColumns.get(columns);
  if (!seats) {
    const r = CELL * 0.36;
    // A grid of `columns` holds fewer than columns² people (columns >= sqrt(1.6 x people)).
    const centres = Array.from({ length: columns * columns }, (_, i) => [(i % columns) * CELL + CELL / 2, Math.floor(i / columns) * CELL + CELL / 2] as const);
    seats = {
      circle: centres.map(([cx, cy]) => `M${cx - r} ${cy}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 ${-2 * r} 0`),
      slash: centres.map(([cx, cy]) => `M${cx - 6} ${cy + 6}L${cx + 6} ${cy - 6}`),
    };
    seatPathsByColumns.set(columns, seats);
  }
  return seats;
}

/**
 * The channel's people: up to 100 circles, redrawn on every step of a slider drag, as SVG paths (talking,
 * listening, server-muted rings, their slashes) with a subpath per person, so a step joins a few strings. (As
 * 100 SVG groups, each step reconciled and restyled them all; on a canvas, each step cost a canvas commit of
 * ~13 ms with the CPU slowed 4x, docs/performance.md.) Each kind is one path per row of the grid: a step
 * changes the seats of one or two rows, and the browser repaints and rasterises only the rows whose paths
 * changed (a path spanning the grid made every step rasterise all 99 dashed rings again: ~2.8 ms a frame of
 * raster, not slowed by the 4x throttle but on the same two cores). Rows do not overlap and the kinds keep
 * their order (every row's talking seats, then listening, muted, slashes), so the pixels are the same. The
 * drawing says what it shows in its label; the table has the numbers.
 */
function People({ people, speakingAtOnce, serverMuted }: { people: number; speakingAtOnce: number; serverMuted: number }) {
  const columns = Math.max(10, Math.ceil(Math.sqrt(people * 1.6)));
  const rows = Math.ceil(people / columns);
  const talking = Math.min(people - serverMuted, Math.round(speakingAtOnce));
  const firstMuted = people - serverMuted;
  const { circle, slash } = seatPaths(columns);
  // Seats from..to (of one kind), cut into rows: row r's path is '' when none of its seats is of that kind.
  const byRow = (paths: string[], from: number, to: number) =>
    Array.from({ length: rows }, (_, r) => paths.slice(Math.max(from, r * columns), Math.min(to, (r + 1) * columns)).join(''));
  const rowsOf = (className: string, paths: string[], from: number, to: number) =>
    byRow(paths, from, to).map((d, r) => <path key={`${className} ${r}`} className={className} d={d} />);
  return (
    <div>
      <svg
        className={styles.people}
        viewBox={`0 0 ${columns * CELL} ${rows * CELL}`}
        role="img"
        aria-label={`${formatCount(people)} people: ${talking} talking at this moment, ${formatCount(serverMuted)} server-muted, the rest listening`}
        data-people={people}
        data-talking={talking}
        data-muted={serverMuted}
      >
        {rowsOf(styles.personTalking, circle, 0, talking)}
        {rowsOf(styles.personListening, circle, talking, firstMuted)}
        {rowsOf(styles.personMuted, circle, firstMuted, people)}
        {rowsOf(styles.personSlash, slash, firstMuted, people)}
      </svg>
      <ul className={styles.legend}>
        <li className={styles.legendTalking}>talking at this moment</li>
        <li>listening (VAD sends nothing)</li>
        {serverMuted > 0 && <li className={styles.legendMuted}>server-muted (the SFU drops their packets)</li>}
      </ul>
    </div>
  );
}

function SavingChart({ people, speakingAtOnce }: { people: number; speakingAtOnce: number }) {
  const [ref, measured] = useMeasuredWidth<HTMLDivElement>(640);
  const width = Math.max(260, Math.round(measured));
  const height = 224;
  const margin = { top: 12, right: 16, bottom: 36, left: 48 };
  const series = useMemo(() => vadSavingBySize(SIZES, speakingAtOnce), [speakingAtOnce]);
  const x = scaleLinear([ROOM_LIMITS.minPeople, ROOM_LIMITS.maxPeople], [margin.left, width - margin.right]);
  const y = scaleLinear([0, 1], [height - margin.bottom, margin.top]);
  const vadLine = line<(typeof series)[number]>()
    .x((d) => x(d.people))
    .y((d) => y(d.saving))(series);
  const dtxLine = line<(typeof series)[number]>()
    .x((d) => x(d.people))
    .y((d) => y(d.dtxSaving))(series);
  const current = series.find((d) => d.people === people)!;
  const labelText = `${formatPercent(current.saving, 1)} with ${people}`;
  const label = placeMarkerLabel({
    at: { x: x(people), y: y(current.saving) },
    width: labelText.length * LABEL_CHAR_WIDTH,
    lines: series.flatMap((d) => [
      { x: x(d.people), y: y(d.saving) },
      { x: x(d.people), y: y(d.dtxSaving) },
    ]),
    plot: { left: margin.left, right: width, top: 0, bottom: height - margin.bottom },
  });

  return (
    <div ref={ref}>
      <p className={styles.chartHeading}>Egress saved, against everyone sending all the time</p>
      <svg
        className={styles.chart}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`Egress saved by VAD against room size, with ${speakingAtOnce} talking at once: ${formatPercent(
          series[0].saving,
        )} with ${series[0].people} people, ${formatPercent(current.saving, 1)} with ${people}, ${formatPercent(
          series[series.length - 1].saving,
        )} with ${series[series.length - 1].people}.`}
      >
        {[0, 0.25, 0.5, 0.75, 1].map((v) => (
          <g key={v}>
            <line className={styles.chartAxis} x1={margin.left} x2={width - margin.right} y1={y(v)} y2={y(v)} />
            <text className={styles.chartLabel} x={margin.left - 6} y={y(v) + 4} textAnchor="end">
              {formatPercent(v)}
            </text>
          </g>
        ))}
        {[2, 25, 50, 75, 100].map((v) => (
          <text key={v} className={styles.chartLabel} x={x(v)} y={height - margin.bottom + 16} textAnchor="middle">
            {v}
          </text>
        ))}
        <text className={styles.chartLabel} x={(margin.left + width - margin.right) / 2} y={height - 4} textAnchor="middle">
          people in the channel
        </text>
        <line className={styles.half} x1={margin.left} x2={width - margin.right} y1={y(0.5)} y2={y(0.5)} />
        <text className={styles.halfLabel} x={width - margin.right} y={y(0.5) + 16} textAnchor="end">
          “half”
        </text>
        <path className={styles.lineDtx} d={dtxLine ?? ''} />
        <path className={styles.lineVad} d={vadLine ?? ''} />
        <circle className={styles.marker} cx={x(people)} cy={y(current.saving)} r={6} />
        <text className={styles.markerLabel} x={label.x} y={label.y} data-marker-label textAnchor={label.anchor}>
          {labelText}
        </text>
      </svg>
      <ul className={styles.legend}>
        <li className={styles.legendTalking}>VAD gating</li>
        <li>dashed: Opus DTX (silent people still send a packet every {formatMs(DEFAULT_VOICE_STREAM.dtxIntervalMs)})</li>
      </ul>
    </div>
  );
}

/** The marker label's width per character, in chart units (13 px semibold text), a little generous. */
const LABEL_CHAR_WIDTH = 7.6;

interface Point {
  x: number;
  y: number;
}

/**
 * Where the marker's label goes so that no saving line crosses it: the first of right and below, left and
 * below, left and above, right and above the marker whose box clears every line point over its width and
 * stays in the plot. Works on the lines' points (one per room size, so dense), in chart units.
 */
function placeMarkerLabel({
  at,
  width,
  lines,
  plot,
}: {
  at: Point;
  width: number;
  lines: Point[];
  plot: { left: number; right: number; top: number; bottom: number };
}): { x: number; y: number; anchor: 'start' | 'end' } {
  const gap = 10;
  const ascent = 13;
  const clearance = 5;
  const candidates = (['below', 'above'] as const).flatMap((side) =>
    (side === 'below' ? (['start', 'end'] as const) : (['end', 'start'] as const)).map((anchor) => ({ side, anchor })),
  );
  for (const { side, anchor } of candidates) {
    const left = anchor === 'start' ? at.x + gap : at.x - gap - width;
    const right = left + width;
    if (left < plot.left || right > plot.right) continue;
    // Points a little beyond the box count too: the line between them passes through its edges.
    const ys = lines.filter((p) => p.x >= left - gap && p.x <= right + gap).map((p) => p.y);
    if (side === 'below') {
      const baseline = Math.max(at.y, ...ys) + clearance + ascent;
      if (baseline + 4 <= plot.bottom) return { x: anchor === 'start' ? left : right, y: baseline, anchor };
    } else {
      const baseline = Math.min(at.y, ...ys) - clearance - 4;
      if (baseline - ascent >= plot.top) return { x: anchor === 'start' ? left : right, y: baseline, anchor };
    }
  }
  return { x: at.x + gap, y: at.y + clearance + ascent, anchor: 'start' };
}

