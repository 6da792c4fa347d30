'use client';
import { scaleLog } from 'd3';
import { rnnoiseFacts } from '@/lib/noise/facts';
import { formatCoreShare, formatRealTimeFactor } from '@/lib/noise/format';
import styles from './Figure.module.css';

/**
 * How many times faster than real time RNNoise runs here, on a log scale from 1× (just keeps up)
 * to 1,000×, with the published x86 and Raspberry Pi 3 figures marked for comparison. Drawn in HTML
 * with percentage positions, so its text stays readable from a phone to a projector.
 */
export function RealtimeMeter({ factor, measuredAudioS }: { factor: number | null; measuredAudioS: number }) {
  const percent = scaleLog().domain([1, 1000]).range([0, 100]).clamp(true);
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
      <div className={styles.meterScale} aria-hidden="true">
        <div className={styles.meterReferences}>
          {references.map((reference) => (
            <span key={reference.label} className={styles.meterReferenceLabel} style={{ left: `${percent(reference.value)}%` }}>
              {reference.label}
            </span>
          ))}
        </div>
        <div className={styles.meterTrack}>
          {factor !== null && <div className={styles.meterFill} style={{ width: `${percent(factor)}%` }} />}
          {references.map((reference) => (
            <span key={reference.label} className={styles.meterReference} style={{ left: `${percent(reference.value)}%` }} />
          ))}
        </div>
        <div className={styles.meterTicks}>
          {ticks.map((tick) => (
            <span key={tick} style={{ left: `${percent(tick)}%` }}>
              {formatRealTimeFactor(tick)}
            </span>
          ))}
        </div>
      </div>
    </div>
  );
}
