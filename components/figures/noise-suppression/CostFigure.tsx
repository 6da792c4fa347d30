'use client';
import { memo } from 'react';
import { useStore } from 'zustand';
import { DataTable } from '@/components/figures/DataTable';
import { useFigureStore, useInputs } from '@/components/figures/useFigureStore';
import { Segmented } from '@/components/controls/Segmented';
import { Slider } from '@/components/controls/Slider';
import { Stage, Workbench } from '@/components/figures/Workbench';
import { Toggle } from '@/components/controls/Toggle';
import { useSettled } from '@/components/hooks/useSettled';
import { roundedRect, useCanvas } from '@/components/figures/useCanvas';
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

/**
 * Canvas, not SVG: up to 600 squares, all redrawn on every step of a slider drag (as SVG, React reconciled
 * and the browser restyled 600 elements per step, which kept the drag well under 60 fps with the CPU slowed).
 */
function Fleet({ cores }: { cores: number }) {
  const squares = Math.ceil(cores / CORES_PER_SQUARE);
  const drawn = Math.min(squares, MAX_SQUARES);
  const { ref } = useCanvas(
    ({ ctx, width, colour }) => {
      // Laid out in the old viewBox's units, scaled to the canvas's CSS width.
      const scale = width / (SQUARES_PER_ROW * FLEET_PITCH);
      ctx.scale(scale, scale);
      ctx.fillStyle = colour('--accent-2');
      ctx.beginPath();
      for (let i = 0; i < drawn; i += 1) {
        roundedRect(ctx, (i % SQUARES_PER_ROW) * FLEET_PITCH, Math.floor(i / SQUARES_PER_ROW) * FLEET_PITCH, SQUARE_PX, SQUARE_PX, 2);
      }
      ctx.fill();
    },
    [drawn],
  );
  return (
    <>
      {/* Always room for the largest fleet drawn, so the picture keeps its height while the reader changes the
          suppressor's speed (a growing picture would push the control out from under the reader's finger). */}
      <canvas
        ref={ref}
        className={styles.fleet}
        style={{ aspectRatio: `${SQUARES_PER_ROW * FLEET_PITCH} / ${FLEET_ROWS * FLEET_PITCH}` }}
        role="img"
        aria-label={`${formatCount(squares)} squares, each ${formatCount(CORES_PER_SQUARE)} server cores`}
        data-squares={drawn}
      />
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
  const { ref } = useCanvas(
    ({ ctx, width, colour }) => {
      const scale = width / (CORE_SIDE * CELL_PITCH);
      ctx.scale(scale, scale);
      const cell = (i: number) => [(i % CORE_SIDE) * CELL_PITCH, Math.floor(i / CORE_SIDE) * CELL_PITCH] as const;
      ctx.fillStyle = colour('--surface-2', colour('--border'));
      ctx.beginPath();
      for (let i = 0; i < CORE_CELLS; i += 1) roundedRect(ctx, ...cell(i), CELL_PX, CELL_PX, 2);
      ctx.fill();
      ctx.fillStyle = colour('--good');
      ctx.beginPath();
      for (let i = 0; i < Math.ceil(busy); i += 1) {
        const fill = Math.max(0, Math.min(1, busy - i));
        roundedRect(ctx, ...cell(i), CELL_PX * fill, CELL_PX, 2);
      }
      ctx.fill();
    },
    [busy],
  );
  return (
    <canvas
      ref={ref}
      className={styles.oneCore}
      role="img"
      aria-label={`One core: ${formatCoreShare(share)} busy`}
      data-busy-cells={busy}
    />
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
