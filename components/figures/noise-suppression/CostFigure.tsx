'use client';
import { memo, useMemo } from 'react';
import { useStore } from 'zustand';
import { DataTable } from '@/components/figures/DataTable';
import { useFigureStore, useInputs } from '@/components/figures/useFigureStore';
import { Segmented } from '@/components/controls/Segmented';
import { StoreSlider } from '@/components/figures/StoreSlider';
import type { StoreApi } from 'zustand/vanilla';
import { Stage, Workbench } from '@/components/figures/Workbench';
import { Toggle } from '@/components/controls/Toggle';
import { useSettledSelection } from '@/components/hooks/useSettled';
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
const Fleet = memo(function Fleet({ cores }: { cores: number }) {
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
});

const CORE_CELLS = 100;
const CORE_SIDE = 10;
const CELL_PX = 10;
const CELL_PITCH = CELL_PX + 2;

const cellAt = (i: number) => [(i % CORE_SIDE) * CELL_PITCH, Math.floor(i / CORE_SIDE) * CELL_PITCH] as const;
/** The core's 100 cells: the same at every setting, so built once. */
const CORE_CELLS_PATH = Array.from({ length: CORE_CELLS }, (_, i) => roundedRectPath(...cellAt(i), CELL_PX, CELL_PX, 2)).join('');

/** One core as 100 cells; the cells one stream keeps busy are filled (the last one partly). */
const OneCore = memo(function OneCore({ share }: { share: number }) {
  const busy = Math.min(CORE_CELLS, share * CORE_CELLS);
  let filled = '';
  for (let i = 0; i < Math.ceil(busy); i += 1) {
    const fill = Math.max(0, Math.min(1, busy - i));
    filled += roundedRectPath(...cellAt(i), CELL_PX * fill, CELL_PX, 2);
  }
  const side = CORE_SIDE * CELL_PITCH;
  return (
    <svg className={styles.oneCore} viewBox={`0 0 ${side} ${side}`} role="img" aria-label={`One core: ${formatCoreShare(share)} busy`} data-busy-cells={busy}>
      <path className={styles.coreCell} d={CORE_CELLS_PATH} />
      <path className={styles.coreBusy} d={filled} />
    </svg>
  );
});

const formatPercentInput = (value: number) => `${value}\u00a0%`;
const allInputs = (inputs: CostInputs) => inputs;

/**
 * The figure itself renders once: the controls subscribe to their own inputs and the drawing to all of them, so
 * a step of a drag renders the slider and the drawing, and the notes and the table once the reader stops.
 */
export default function CostFigure() {
  const store = useFigureStore<CostInputs>(() => ({ ...DEFAULT_COST_INPUTS }));
  // The notes and the table below the workbench follow the inputs once the reader stops dragging.
  const later = useSettledSelection(store, allInputs);

  return (
    <div className={styles.figure} data-testid="noise-cost">
      <Workbench>
        <Stage>
          <CostDrawing store={store} />
        </Stage>
        <div className={styles.controls}>
          <SpeedControl store={store} />
          <StoreSlider
            store={store}
            field="processedPercent"
            label="Share of voice users whose microphone is cleaned"
            {...NOISE_FLEET_BOUNDS.processedPercent}
            format={formatPercentInput}
            name="processed-share"
          />
          <StoreSlider
            store={store}
            field="coreHourPriceUsd"
            label="Price of one core for one hour (assumption)"
            {...NOISE_FLEET_BOUNDS.coreHourPriceUsd}
            format={formatUsd}
            name="core-hour-price"
          />
          <OnlyWhileTalkingToggle store={store} />
        </div>
      </Workbench>

      <CostNotes inputs={later} />
    </div>
  );
}

/** The suppressor's speed: "this device" only once this device has been measured. */
function useSpeed(inputs: CostInputs): { speed: SpeedChoice; measured: number | null } {
  const measured = realTimeFactor(useStore(deviceSpeedStore, (s) => s.tally));
  return { speed: inputs.speed === 'this-device' && measured === null ? 'x86' : inputs.speed, measured };
}

function SpeedControl({ store }: { store: StoreApi<CostInputs> }) {
  const { speed, measured } = useSpeed(useInputs(store));
  return (
    <Segmented
      label="How fast the suppressor runs on one core"
      options={speedOptions(measured)}
      value={speed}
      onChange={(value) => store.setState({ speed: value })}
      name="suppressor-speed"
    />
  );
}

function OnlyWhileTalkingToggle({ store }: { store: StoreApi<CostInputs> }) {
  const onlyWhileTalking = useStore(store, (s) => s.onlyWhileTalking);
  return (
    <Toggle
      label="Only talking microphones reach the server (voice activity detection)"
      name="only-while-talking"
      checked={onlyWhileTalking}
      onChange={(value) => store.setState({ onlyWhileTalking: value })}
    />
  );
}

/** The servers' fleet and the one core, for the current inputs: what follows every step of a drag. */
function CostDrawing({ store }: { store: StoreApi<CostInputs> }) {
  const inputs = useInputs(store);
  const { speed, measured } = useSpeed(inputs);
  const cost = suppressionCost(costTableInputs({ ...inputs, speed }, measured));
  return (
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
  );
}

/** The sentences under the figure and its table, for the settled inputs. */
const CostNotes = memo(function CostNotes({ inputs }: { inputs: CostInputs }) {
  const { speed, measured } = useSpeed(inputs);
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
