'use client';
import { memo, useCallback, useMemo, useRef } from 'react';
import { line, scaleLinear, curveStepAfter } from 'd3';
import { DataTable } from '@/components/figures/DataTable';
import type { StoreApi } from 'zustand/vanilla';
import { useFigureStore, useStore } from '@/components/figures/useFigureStore';
import { useFrameLoop } from '@/components/figures/useFrameLoop';
import { useMeasuredWidth } from '@/components/figures/useMeasuredWidth';
import { PlayControls } from '@/components/controls/PlayControls';
import { Stage, Workbench } from '@/components/figures/Workbench';
import { Slider } from '@/components/controls/Slider';
import { Toggle } from '@/components/controls/Toggle';
import {
  DEFAULT_AUTOSCALE_INPUTS,
  DEFAULT_CURSOR_TICK,
  DAY_BOUNDS,
  TICK_MIN,
  TICKS_PER_DAY,
  autoscaleTable,
  clockOfTick,
  poolName,
  simulateAutoscaleDay,
  type AutoscaleDay,
  type AutoscaleInputs,
  type PoolDay,
} from '@/lib/voiceservers';
import { formatCount, formatPercent } from '@/lib/units';
import styles from './Figure.module.css';

/** The clock moves one five-minute tick of the day every this many milliseconds while playing. */
const TICK_PLAY_MS = 60;
const MAX_WIDTH = 720;
const MIN_WIDTH = 300;
const HEIGHT = 280;
const MARGIN = { top: 16, right: 12, bottom: 28, left: 56 };
const HOURS_PER_AXIS_TICK = 6;
const TICKS_PER_HOUR = 60 / TICK_MIN;

interface DayInputs extends AutoscaleInputs {
  cursorTick: number;
}

function PoolReadout({ pool, tick, name }: { pool: PoolDay; tick: number; name: string }) {
  const now = pool.ticks[tick];
  const droppedSoFar = pool.ticks[tick].state.droppedJoins;
  return (
    <div className={styles.readout} data-pool={pool.policy}>
      <p className={`${styles.poolName} ${pool.policy === 'autoscaled' ? styles.keyAuto : styles.keyFixed}`}>{poolName(pool.policy)}</p>
      <dl>
        <dt>Servers running</dt>
        <dd>
          {now.running}
          {now.pending > 0 ? ` (+${now.pending} starting)` : ''}
        </dd>
        <dt>Utilisation</dt>
        <dd>{formatPercent(now.utilisation)}</dd>
        <dt>Dropped joins so far</dt>
        <dd data-over={droppedSoFar > 0}>{formatCount(droppedSoFar)}</dd>
        <dt>Whole day</dt>
        <dd>
          <span data-meter={`${name}-server-hours`} data-value={Math.round(pool.serverHours)}>
            {formatCount(pool.serverHours)} server-hours
          </span>
          ,{' '}
          <span data-meter={`${name}-dropped`} data-value={pool.droppedJoins} data-over={pool.droppedJoins > 0}>
            {formatCount(pool.droppedJoins)} dropped
          </span>
        </dd>
      </dl>
    </div>
  );
}

/** A day of voice demand in one region, served by an autoscaled pool and by a fixed one. */
export default function DayFigure() {
  const store = useFigureStore<DayInputs>(() => ({ ...DEFAULT_AUTOSCALE_INPUTS, cursorTick: DEFAULT_CURSOR_TICK }));
  // The clock (cursorTick) moves every 60 ms while playing: only the parts that show it subscribe to it
  // (the cursor, the time slider and the readouts), so a tick does not render the chart, the other controls
  // and the table.
  const headroomShare = useStore(store, (s) => s.headroomShare);
  const provisioningDelayMin = useStore(store, (s) => s.provisioningDelayMin);
  const surge = useStore(store, (s) => s.surge);
  const day = useMemo(
    () => simulateAutoscaleDay({ headroomShare, provisioningDelayMin, surge }),
    [headroomShare, provisioningDelayMin, surge],
  );

  const elapsed = useRef(0);
  const container = useRef<HTMLDivElement>(null);
  const onFrame = useCallback(
    (dtMs: number) => {
      elapsed.current += dtMs;
      if (elapsed.current < TICK_PLAY_MS) return;
      elapsed.current = 0;
      store.setState((s) => ({ cursorTick: (s.cursorTick + 1) % TICKS_PER_DAY }));
    },
    [store],
  );
  const loop = useFrameLoop(container, onFrame, { stepMs: TICK_PLAY_MS });
  const table = useMemo(() => autoscaleTable(day), [day]);

  const [frame, measured] = useMeasuredWidth<HTMLDivElement>(MAX_WIDTH);
  const width = Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, measured)));
  const x = useMemo(() => dayScaleX(width), [width]);

  return (
    <div className={styles.figure} ref={container}>
      <Workbench>
        <Stage>
          <div ref={frame}>
            <svg
              className={styles.chart}
              viewBox={`0 0 ${width} ${HEIGHT}`}
              role="img"
              aria-label={`Voice users over one day against the capacity of an autoscaled pool (${day.autoscaled.minServers} to ${day.autoscaled.maxServers} servers) and a fixed pool of ${day.fixed.maxServers}`}
              data-testid="day-chart"
            >
              <DayLines day={day} width={width} />
              <Cursor store={store} x={x} />
            </svg>
          </div>
        </Stage>
        <p className={styles.legend}>
          <span className={styles.keyDemand}>voice users</span>
          <span className={styles.keyAuto}>autoscaled capacity</span>
          <span className={styles.keyFixed}>fixed capacity</span>
          <span className={styles.keyDropAuto}>turned away (autoscaled)</span>
          <span className={styles.keyDropFixed}>turned away (fixed)</span>
        </p>
        <div className="controls">
          <Slider
            label="Headroom"
            name="headroom"
            {...DAY_BOUNDS.headroomShare}
            value={headroomShare}
            onChange={(value) => store.setState({ headroomShare: value })}
            format={(value) => formatPercent(value)}
          />
          <Slider
            label="Time to provision a server"
            name="delay"
            {...DAY_BOUNDS.provisioningDelayMin}
            value={provisioningDelayMin}
            onChange={(value) => store.setState({ provisioningDelayMin: value })}
            format={(value) => `${value} min`}
          />
          <Toggle label="Evening surge (a big game launches)" name="surge" checked={surge} onChange={(value) => store.setState({ surge: value })} />
          <ClockSlider store={store} />
          <PlayControls loop={loop} />
        </div>
      </Workbench>
      <DayReadouts store={store} day={day} />
      <DataTable data={table} />
    </div>
  );
}

function Cursor({ store, x }: { store: StoreApi<DayInputs>; x: (tick: number) => number }) {
  const cursorTick = useStore(store, (s) => s.cursorTick);
  return <line className={styles.cursor} data-testid="day-cursor" x1={x(cursorTick)} x2={x(cursorTick)} y1={MARGIN.top} y2={HEIGHT - MARGIN.bottom} />;
}

function ClockSlider({ store }: { store: StoreApi<DayInputs> }) {
  const cursorTick = useStore(store, (s) => s.cursorTick);
  return (
    <Slider
      label="Time of day"
      name="clock"
      {...DAY_BOUNDS.cursorTick}
      value={cursorTick}
      onChange={(value) => store.setState({ cursorTick: value })}
      format={clockOfTick}
    />
  );
}

function DayReadouts({ store, day }: { store: StoreApi<DayInputs>; day: AutoscaleDay }) {
  const cursorTick = useStore(store, (s) => s.cursorTick);
  return (
    <div className={styles.readouts} aria-live="polite">
      <p className={styles.clock} data-testid="day-clock">
        {clockOfTick(cursorTick)}: {formatCount(day.demand[cursorTick])} voice users
      </p>
      <PoolReadout pool={day.autoscaled} tick={cursorTick} name="autoscaled" />
      <PoolReadout pool={day.fixed} tick={cursorTick} name="fixed" />
    </div>
  );
}

function dayScaleX(width: number) {
  return scaleLinear().domain([0, TICKS_PER_DAY]).range([MARGIN.left, width - MARGIN.right]);
}

/**
 * The day's grid, axes, turned-away marks and the three lines: they change with the inputs and the width,
 * not with the clock, so a playing day re-renders only its cursor and readouts each tick.
 */
const DayLines = memo(function DayLines({ day, width }: { day: AutoscaleDay; width: number }) {
  const narrow = width < 480;
  const x = dayScaleX(width);
  const yMax = Math.max(...day.demand, day.fixed.maxServers * day.capacityUsers, day.autoscaled.maxServers * day.capacityUsers);
  const y = scaleLinear().domain([0, yMax]).nice().range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  const demandPath = line<number>((_, i) => x(i), (d) => y(d))(day.demand) ?? '';
  const capacityPath = (pool: PoolDay) =>
    line<PoolDay['ticks'][number]>((_, i) => x(i), (t) => y(t.running * day.capacityUsers)).curve(curveStepAfter)(pool.ticks) ?? '';
  const hourTicks = Array.from({ length: 24 / HOURS_PER_AXIS_TICK + 1 }, (_, i) => i * HOURS_PER_AXIS_TICK * TICKS_PER_HOUR);
  const drops = (pool: PoolDay) => pool.ticks.map((t, i) => (t.servedUsers < t.demandUsers ? i : -1)).filter((i) => i >= 0);
  const autoDrops = drops(day.autoscaled);
  const tickWidth = x(1) - x(0);
  const dropMarks = (ticks: number[], top: number) => ticks.map((i) => `M${x(i)} ${top}h${tickWidth}v5h${-tickWidth}z`).join('');
  const fixedDrops = drops(day.fixed);
  return (
    <>
      {y.ticks(narrow ? 3 : 5).map((t) => (
        <g key={t}>
          <line className={styles.grid} x1={MARGIN.left} x2={width - MARGIN.right} y1={y(t)} y2={y(t)} />
          <text className={styles.tick} x={MARGIN.left - 6} y={y(t) + 4} textAnchor="end">
            {t >= 1000 ? `${formatCount(t / 1000)}k` : formatCount(t)}
          </text>
        </g>
      ))}
      {hourTicks.map((t) => (
        <text
          key={t}
          className={styles.tick}
          x={x(t)}
          y={HEIGHT - 8}
          textAnchor={t === 0 ? 'start' : t === TICKS_PER_DAY ? 'end' : 'middle'}
        >
          {clockOfTick(t % TICKS_PER_DAY) === '00:00' && t > 0 ? '24:00' : clockOfTick(t)}
        </text>
      ))}
      {/* One path per pool, a five-minute mark per subpath: at low headroom a day turns joins away in 100+ ticks,
          which as a rect each were that many elements to reconcile, insert and remove at every step of a drag. */}
      <g data-layer="drops">
        <path className={styles.dropFixed} d={dropMarks(fixedDrops, HEIGHT - MARGIN.bottom - 10)} />
        <path className={styles.dropAuto} d={dropMarks(autoDrops, HEIGHT - MARGIN.bottom - 5)} />
      </g>
      <path className={styles.fixedLine} d={capacityPath(day.fixed)} />
      <path className={styles.autoLine} d={capacityPath(day.autoscaled)} />
      <path className={styles.demandLine} d={demandPath} />
    </>
  );
});
