'use client';
import styles from './Room.module.css';

export interface Series {
  label: string;
  color: string;
  values: number[];
}

/** A line chart of the last minute, newest on the right. SVG with a viewBox, so it scales to any width. */
export function Sparkline({ title, series, slots, format }: { title: string; series: Series[]; slots: number; format: (v: number) => string }) {
  const width = 300;
  const height = 80;
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const x = (i: number, n: number) => ((slots - n + i) / Math.max(1, slots - 1)) * width;
  const y = (v: number) => height - (v / max) * (height - 4) - 2;
  return (
    <figure className={styles.chart}>
      <figcaption className={styles.chartTitle}>
        {title} <span className={styles.muted}>(last minute, max {format(max)})</span>
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={`${title}: ${series.map((s) => `${s.label} ${format(s.values.at(-1) ?? 0)}`).join(', ')}`}>
        <rect x="0" y="0" width={width} height={height} fill="none" stroke="var(--border)" />
        {series.map((s) => (
          <polyline
            key={s.label}
            fill="none"
            stroke={s.color}
            strokeWidth="2"
            vectorEffect="non-scaling-stroke"
            points={s.values.map((v, i) => `${x(i, s.values.length).toFixed(1)},${y(v).toFixed(1)}`).join(' ')}
          />
        ))}
      </svg>
      <ul className={styles.legend}>
        {series.map((s) => (
          <li key={s.label}>
            <span className={styles.swatch} style={{ background: s.color }} aria-hidden="true" />
            {s.label}: {format(s.values.at(-1) ?? 0)}
          </li>
        ))}
      </ul>
    </figure>
  );
}
