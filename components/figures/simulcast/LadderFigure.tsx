'use client';
import { useMemo } from 'react';
import { scaleLinear } from 'd3';
import { DataTable } from '@/components/figures/DataTable';
import { useFigureStore, useStore } from '@/components/figures/useFigureStore';
import { useMeasuredWidth } from '@/components/figures/useMeasuredWidth';
import { Segmented } from '@/components/controls/Segmented';
import { Stage, Workbench } from '@/components/figures/Workbench';
import { LIBWEBRTC_SIMULCAST_FORMATS, simulcastLadder, simulcastLadderTable } from '@/lib/simulcast/publisher';
import { SOURCE_SIZES, SOURCE_SIZE_IDS, type SourceSizeId } from '@/lib/simulcast/room';
import { formatCount } from '@/lib/units';
import styles from './LadderFigure.module.css';

const SOURCE_OPTIONS = SOURCE_SIZE_IDS.map((id) => ({ value: id, label: SOURCE_SIZES[id].label }));
/** The chart's viewBox is as wide as the figure, up to MAX_WIDTH, so its text keeps its CSS size on a phone. */
const MAX_WIDTH = 640;
const MIN_WIDTH = 280;
const NARROW_BELOW = 480;
const ROW_HEIGHT = 62;
const RIGHT = 24;
/** JetBrains Mono's advance is 0.6 em: the width of a value label at 13 px, to keep it inside the chart. */
const VALUE_CHAR_PX = 13 * 0.6;

/** The ladder libwebrtc builds for a source: one bar per layer from min to max kbps, a tick at target. */
export default function LadderFigure() {
  const store = useFigureStore(() => ({ source: '720p' as SourceSizeId }));
  const source = useStore(store, (s) => s.source);
  const size = SOURCE_SIZES[source];
  const ladder = useMemo(() => [...simulcastLadder(size.widthPx, size.heightPx)].reverse(), [size]);
  const [frame, measured] = useMeasuredWidth<HTMLDivElement>(MAX_WIDTH);
  const width = Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, measured)));
  const narrow = width < NARROW_BELOW;
  const left = narrow ? 84 : 112;
  // One axis for every source, so switching sources shows the bitrates shrinking too.
  const x = useMemo(() => scaleLinear().domain([0, LIBWEBRTC_SIMULCAST_FORMATS[0].maxKbps]).range([left, width - RIGHT]), [left, width]);
  const height = 36 + ladder.length * ROW_HEIGHT;

  return (
    <div className={styles.root} data-testid="simulcast-ladder">
      <Workbench>
        <Stage>
          <p className={styles.count} data-testid="ladder-count">
            {ladder.length} {ladder.length === 1 ? 'layer' : 'layers'}
          </p>
          <div ref={frame}>
            <svg className={styles.chart} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`Bitrate ranges of the ${ladder.length} layers of a ${size.label} source`}>
              {x.ticks(narrow ? 3 : 5).map((tick) => (
                <g key={tick} transform={`translate(${x(tick)} 0)`}>
                  <line className={styles.grid} y1={20} y2={height - 4} />
                  <text className={styles.tick} y={14} textAnchor="middle">
                    {formatCount(tick)}
                  </text>
                </g>
              ))}
              <text className={styles.tick} x={left - 12} y={14} textAnchor="end">
                kbps
              </text>
              {ladder.map((layer, i) => {
                const y = 36 + i * ROW_HEIGHT;
                const values = `${formatCount(layer.minKbps)} · ${formatCount(layer.targetKbps)} · ${formatCount(layer.maxKbps)} kbps`;
                // Under the bar's start, moved left if it would run out of the chart.
                const valuesX = Math.max(8, Math.min(x(layer.minKbps), width - 4 - values.length * VALUE_CHAR_PX));
                return (
                  <g key={layer.rid} data-layer={layer.rid}>
                    <text className={styles.name} x={8} y={y + 22}>
                      {layer.height}p
                    </text>
                    <text className={styles.size} x={8} y={y + 42}>
                      {layer.width}×{layer.height}
                    </text>
                    <rect className={styles.range} x={x(layer.minKbps)} y={y + 8} width={Math.max(4, x(layer.maxKbps) - x(layer.minKbps))} height={22} rx={5} />
                    <line className={styles.target} x1={x(layer.targetKbps)} x2={x(layer.targetKbps)} y1={y + 2} y2={y + 36} />
                    <text className={styles.values} x={valuesX} y={y + 50}>
                      {values}
                    </text>
                  </g>
                );
              })}
            </svg>
          </div>
          <p className={styles.legend}>Bar: minimum to maximum bitrate. Tick: target, used while a bigger layer is also sent.</p>
        </Stage>
        <div className="controls">
          <Segmented<SourceSizeId>
            label="Source"
            name="ladder-source"
            options={SOURCE_OPTIONS}
            value={source}
            onChange={(next) => store.setState({ source: next })}
          />
        </div>
      </Workbench>
      <DataTable data={simulcastLadderTable(size.label, size.widthPx, size.heightPx)} />
    </div>
  );
}
