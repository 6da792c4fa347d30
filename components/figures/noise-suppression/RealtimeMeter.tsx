'use client';
import { scaleLog } from 'd3';
import { rnnoiseFacts } from '@/lib/noise/facts';
import { formatCoreShare, formatRealTimeFactor } from '@/lib/noise/format';
import styles from './Figure.module.css';

const WIDTH = 600;
const HEIGHT = 64;
const MARGIN_X = 16;

/**
 * How many times faster than real time RNNoise runs here, on a log scale from 1× (just keeps up)
 * to 1,000×, with the published x86 and Raspberry Pi 3 figures marked for comparison.
 */
export function RealtimeMeter({ factor, measuredAudioS }: { factor: number | null; measuredAudioS: number }) {
  const x = scaleLog().domain([1, 1000]).range([MARGIN_X, WIDTH - MARGIN_X]).clamp(true);
  const references = [
    { label: `Raspberry Pi 3: ${formatRealTimeFactor(rnnoiseFacts.realTimeFactorRaspberryPi3.value)}`, value: rnnoiseFacts.realTimeFactorRaspberryPi3.value },
    { label: `x86: ${formatRealTimeFactor(rnnoiseFacts.realTimeFactorX86.value)}`, value: rnnoiseFacts.realTimeFactorX86.value },
  ];
  const ticks = [1, 10, 100, 1000];
  return (
    <div className={styles.meter}>
      <p className={styles.meterText} data-testid="realtime-factor">
        {factor === null ? (
          measuredAudioS > 0 ? (
            'Measuring how fast RNNoise runs on this device…'
          ) : (
            'Start the clip or the microphone to measure how fast RNNoise runs on this device.'
          )
        ) : (
          <>
            On this device RNNoise runs <strong>{formatRealTimeFactor(factor)}</strong> faster than real time: one voice
            keeps {formatCoreShare(1 / factor)} busy (measured in the audio thread over {measuredAudioS.toFixed(1)} s of audio).
          </>
        )}
      </p>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className={styles.meterSvg} aria-hidden="true">
        <rect x={MARGIN_X} y={18} width={WIDTH - 2 * MARGIN_X} height={14} rx={7} className={styles.meterTrack} />
        {factor !== null && (
          <rect x={MARGIN_X} y={18} width={Math.max(0, x(factor) - MARGIN_X)} height={14} rx={7} className={styles.meterFill} />
        )}
        {references.map((reference) => (
          <g key={reference.label} transform={`translate(${x(reference.value)},0)`}>
            <line y1={12} y2={38} className={styles.meterReference} />
            <text y={9} textAnchor="middle" className={styles.meterLabel}>
              {reference.label}
            </text>
          </g>
        ))}
        {ticks.map((tick) => (
          <text key={tick} x={x(tick)} y={54} textAnchor={tick === 1 ? 'start' : tick === 1000 ? 'end' : 'middle'} className={styles.meterTick}>
            {formatRealTimeFactor(tick)}
          </text>
        ))}
      </svg>
    </div>
  );
}
