'use client';
import { SEND_POLICY_LABELS, type PacketSummary } from '@/lib/vad/packets';
import { formatKbps, formatPercent } from '@/lib/units';
import styles from './Figure.module.css';

const oneDecimal = (n: number) => Math.round(n * 10) / 10;

/** Packets per second, average kbps and the saving over continuous sending, one card per policy. */
export function PacketStats({ summaries, label }: { summaries: readonly PacketSummary[]; label: string }) {
  const continuous = summaries.find((s) => s.policy === 'continuous');
  return (
    <ul className={styles.stats} aria-label={label}>
      {summaries.map((s) => (
        <li key={s.policy} className={`${styles.stat} ${styles[`stat-${s.policy}`]}`} data-policy={s.policy}>
          <span className={styles.statName}>{SEND_POLICY_LABELS[s.policy]}</span>
          <span className={styles.statValue} data-testid={`pps-${s.policy}`}>
            {oneDecimal(s.packetsPerSecond)} <small>packets/s</small>
          </span>
          <span className={styles.statValue} data-testid={`kbps-${s.policy}`}>
            {formatKbps(oneDecimal(s.kbps))}
          </span>
          <span className={styles.statSaving}>
            {s.policy === 'continuous' || !continuous || continuous.packets === 0
              ? 'the baseline'
              : `${formatPercent(1 - s.packets / continuous.packets)} fewer packets`}
          </span>
        </li>
      ))}
    </ul>
  );
}
