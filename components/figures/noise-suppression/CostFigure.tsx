'use client';
import { memo, useMemo } from 'react';
import { useStore } from 'zustand';
import { DataTable } from '@/components/figures/DataTable';
import { useFigureStore, useInputs } from '@/components/figures/useFigureStore';
import { Segmented } from '@/components/controls/Segmented';
import { Slider } from '@/components/controls/Slider';
import { Stage, Workbench } from '@/components/figures/Workbench';
import { Toggle } from '@/components/controls/Toggle';
import { useSettled } from '@/components/hooks/useSettled';
import { NOISE_FLEET_BOUNDS, suppressionCost } from '@/lib/noise/cost';
import { formatCoreShare, formatRealTimeFactor, formatUsd } from '@/lib/noise/format';
import { realTimeFactor } from '@/lib/noise/realtime';
import { costTable } from '@/lib/noise/tables';
import { formatCount } from '@/lib/units';
import { costTableInputs, DEFAULT_COST_INPUTS, speedOptions, type CostInputs, type SpeedChoice } from './costInputs';
import { deviceSpeedStore } from './deviceSpeed';
import styles from './Figure.module.css';

/** One square in the fleet picture stands for this many server cores. */
const CORES_PER_SQUARE = 1000;
/** 50 a row keeps even the slowest suppressor's fleet a few rows tall on a phone, so the picture stays in view. */
const SQUARES_PER_ROW = 50;
const MAX_SQUARES = 600;
const SQUARE_PX = 10;
const GAP_PX = 3;

const FLEET_ROWS = MAX_SQUARES / SQUARES_PER_ROW;
const FLEET_PITCH = SQUARE_PX + GAP_PX;

/** A rounded rectangle as an SVG subpath (corner radius r, clamped to the box). */
function roundedRectPath(x: number, y: number, w: number, h: number, r: number): string {
  const q = Math.min(r, w / 2, h / 2);
  const n = (v: number) => Math.round(v * 100) / 100;
  return `M${n(x + q)} ${n(y)}h${n(w - 2 * q)}a${n(q)} ${n(q)} 0 0 1 ${n(q)} ${n(q)}v${n(h - 2 * q)}a${n(q)} ${n(q)} 0 0 1 ${n(-q)} ${n(q)}h${n(2 * q - w)}a${n(q)} ${n(q)} 0 0 1 ${n(-q)} ${n(-q)}v${n(2 * q - h)}a${n(q)} ${n(q)} 0 0 1 ${n(q)} ${n(-q)}z`;
}

/**
 * Up to 600 squares, all redrawn on every step of a slider drag: one SVG path with a subpath per square, so a
 * step rebuilds one string. (As 600 SVG rects, React reconciled and the browser restyled 600 elements per step;
 * on a canvas, each step cost a canvas commit of ~13 ms with the CPU slowed 4x, docs/performance.md.)
 */
function Fleet({ cores }: { cores: number }) {
  const squares = Math.ceil(cores / CORES_PER_SQUARE);
  const drawn = Math.min(squares, MAX_SQUARES);
  const d = useMemo(() => {
    let path = '';
    for (let i = 0; i < drawn; i += 1) path += roundedRectPath((i % SQUARES_PER_ROW) * FLEET_PITCH, Math.floor(i / SQUARES_PER_ROW) * FLEET_PITCH, SQUARE_PX, SQUARE_PX, 2);
    return path;
  }, [drawn]);
  return (
    <>
      {/* Always room for the largest fleet drawn, so the picture keeps its height while the reader changes the
          suppressor's speed (a growing picture would push the control out from under the reader's finger). */}
      <svg
        className={styles.fleet}
        viewBox={`0 0 ${SQUARES_PER_ROW * FLEET_PITCH} ${FLEET_ROWS * FLEET_PITCH}`}
        role="img"
        aria-label={`${formatCount(squares)} squares, each ${formatCount(CORES_PER_SQUARE)} server cores`}
        data-squares={drawn}
      >
        <path className={styles.fleetSquares} d={d} />
      </svg>
      <p className={styles.costNote}>
        Each square is {formatCount(CORES_PER_SQUARE)} cores
        {squares > drawn ? `; ${formatCount(squares - drawn)} more squares do not fit here` : ''}.
      </p>
    </>
  );
}

const CORE_CELLS = 100;
const CORE_SIDE = 10;
const CELL_PX = 10;
const CELL_PITCH = CELL_PX + 2;

/** One core as 100 cells; the cells one stream keeps busy are filled (the last one partly). */
function OneCore({ share }: { share: number }) {
  const busy = Math.min(CORE_CELLS, share * CORE_CELLS);
  const cell = (i: number) => [(i % CORE_SIDE) * CELL_PITCH, Math.floor(i / CORE_SIDE) * CELL_PITCH] as const;
  let cells = '';
  for (let i = 0; i < CORE_CELLS; i += 1) cells += roundedRectPath(...cell(i), CELL_PX, CELL_PX, 2);
  let filled = '';
  for (let i = 0; i < Math.ceil(busy); i += 1) {
    const fill = Math.max(0, Math.min(1, busy - i));
    filled += roundedRectPath(...cell(i), CELL_PX * fill, CELL_PX, 2);
  }
  const side = CORE_SIDE * CELL_PITCH;
  return (
    <svg className={styles.oneCore} viewBox={`0 0 ${side} ${side}`} role="img" aria-label={`One core: ${formatCoreShare(share)} busy`} data-busy-cells={busy}>
      <path className={styles.coreCell} d={cells} />
      <path className={styles.coreBusy} d={filled} />
    </svg>
  );
}

export default function CostFigure() {
  const store = useFigureStore<CostInputs>(() => ({ ...DEFAULT_COST_INPUTS }));
  const inputs = useInputs(store);
  const measured = realTimeFactor(useStore(deviceSpeedStore, (s) => s.tally));
  const speed: SpeedChoice = inputs.speed === 'this-device' && measured === null ? 'x86' : inputs.speed;
  const tableInputs = costTableInputs({ ...inputs, speed }, measured);
  const cost = suppressionCost(tableInputs);
  // The notes and the table below the workbench follow the inputs once the reader stops dragging.
  const later = useSettled(inputs);

  return (
    <div className={styles.figure} data-testid="noise-cost">
      <Workbench>
        <Stage>
          <div className={styles.costGrid}>
            <section className={styles.costPanel} aria-labelledby="noise-cost-servers">
              <h4 id="noise-cost-servers">If Discord’s servers cleaned every voice</h4>
              <p className={styles.costBig} data-testid="server-cores">
                {formatCount(cost.serverCores)} cores
              </p>
              <Fleet cores={cost.serverCores} />
              <p className={styles.costBig}>
                {formatUsd(cost.serverUsdPerHour)} an hour, {formatUsd(cost.serverUsdPerYear)} a year{' '}
                <span className={styles.assumption}>price assumed</span>
              </p>
            </section>
            <section className={`${styles.costPanel} ${styles.costPanelDevice}`} aria-labelledby="noise-cost-devices">
              <h4 id="noise-cost-devices">When each device cleans its own voice</h4>
              <p className={styles.costBig}>0 server cores</p>
              <OneCore share={cost.coreShareForOneStream} />
              <p className={styles.costNote}>One core drawn as 100 cells.</p>
            </section>
          </div>
        </Stage>
        <div className={styles.controls}>
          <Segmented
            label="How fast the suppressor runs on one core"
            options={speedOptions(measured)}
            value={speed}
            onChange={(value) => store.setState({ speed: value })}
            name="suppressor-speed"
          />
          <Slider
            label="Share of voice users whose microphone is cleaned"
            value={inputs.processedPercent}
            {...NOISE_FLEET_BOUNDS.processedPercent}
            format={(value) => `${value}\u00a0%`}
            onChange={(value) => store.setState({ processedPercent: value })}
            name="processed-share"
          />
          <Slider
            label="Price of one core for one hour (assumption)"
            value={inputs.coreHourPriceUsd}
            {...NOISE_FLEET_BOUNDS.coreHourPriceUsd}
            format={formatUsd}
            onChange={(value) => store.setState({ coreHourPriceUsd: value })}
            name="core-hour-price"
          />
          <Toggle
            label="Only talking microphones reach the server (voice activity detection)"
            name="only-while-talking"
            checked={inputs.onlyWhileTalking}
            onChange={(onlyWhileTalking) => store.setState({ onlyWhileTalking })}
          />
        </div>
      </Workbench>

      <CostNotes inputs={later} measured={measured} />
    </div>
  );
}

/** The sentences under the figure and its table, for the settled inputs. */
const CostNotes = memo(function CostNotes({ inputs, measured }: { inputs: CostInputs; measured: number | null }) {
  const speed: SpeedChoice = inputs.speed === 'this-device' && measured === null ? 'x86' : inputs.speed;
  const tableInputs = costTableInputs({ ...inputs, speed }, measured);
  const cost = suppressionCost(tableInputs);
  return (
    <>
      <div className={styles.costNotes}>
        <p className={styles.costNote}>
          The servers’ cores: {formatCount(cost.streams)} streams × {formatCoreShare(cost.coreShareForOneStream)} of a core
          each, at {formatRealTimeFactor(tableInputs.realTimeFactor)} real time.
        </p>
        <p className={styles.costNote}>
          On servers, every stream would have to arrive as plain audio: with end-to-end encryption the server cannot read
          it at all.
        </p>
        <p className={styles.costNote}>
          On devices, each computer spends {formatCoreShare(cost.coreShareForOneStream)} on its own microphone, and the
          audio never leaves it before it is cleaned.
        </p>
      </div>

      <DataTable data={costTable(tableInputs)} />
    </>
  );
});
