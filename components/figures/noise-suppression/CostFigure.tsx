'use client';
import { useStore } from 'zustand';
import { DataTable } from '@/components/figures/DataTable';
import { useFigureStore, useInputs } from '@/components/figures/useFigureStore';
import { Segmented } from '@/components/controls/Segmented';
import { Slider } from '@/components/controls/Slider';
import { Stage, Workbench } from '@/components/figures/Workbench';
import { Toggle } from '@/components/controls/Toggle';
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

function Fleet({ cores }: { cores: number }) {
  const squares = Math.ceil(cores / CORES_PER_SQUARE);
  const drawn = Math.min(squares, MAX_SQUARES);
  // Always room for the largest fleet drawn, so the picture keeps its height while the reader changes the
  // suppressor's speed (a growing picture would push the control out from under the reader's finger).
  const rows = MAX_SQUARES / SQUARES_PER_ROW;
  const pitch = SQUARE_PX + GAP_PX;
  return (
    <>
      <svg
        viewBox={`0 0 ${SQUARES_PER_ROW * pitch} ${rows * pitch}`}
        className={styles.fleet}
        role="img"
        aria-label={`${formatCount(squares)} squares, each ${formatCount(CORES_PER_SQUARE)} server cores`}
      >
        {Array.from({ length: drawn }, (_, i) => (
          <rect
            key={i}
            x={(i % SQUARES_PER_ROW) * pitch}
            y={Math.floor(i / SQUARES_PER_ROW) * pitch}
            width={SQUARE_PX}
            height={SQUARE_PX}
            rx={2}
            className={styles.core}
          />
        ))}
      </svg>
      <p className={styles.costNote}>
        Each square is {formatCount(CORES_PER_SQUARE)} cores
        {squares > drawn ? `; ${formatCount(squares - drawn)} more squares do not fit here` : ''}.
      </p>
    </>
  );
}

/** One core as 100 cells; the cells one stream keeps busy are filled (the last one partly). */
function OneCore({ share }: { share: number }) {
  const cells = 100;
  const side = 10;
  const cellPx = 10;
  const pitch = cellPx + 2;
  const busy = Math.min(cells, share * cells);
  return (
    <svg viewBox={`0 0 ${side * pitch} ${side * pitch}`} className={styles.oneCore} role="img" aria-label={`One core: ${formatCoreShare(share)} busy`}>
      {Array.from({ length: cells }, (_, i) => {
        const x = (i % side) * pitch;
        const y = Math.floor(i / side) * pitch;
        const fill = Math.max(0, Math.min(1, busy - i));
        return (
          <g key={i}>
            <rect x={x} y={y} width={cellPx} height={cellPx} rx={2} className={styles.coreCell} />
            {fill > 0 && <rect x={x} y={y} width={cellPx * fill} height={cellPx} rx={2} className={styles.coreCellBusy} />}
          </g>
        );
      })}
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
    </div>
  );
}
