/**
 * Sizing a jitter buffer from what arrived: wait long enough for the slowest recent packet to be on time, never
 * less than one frame and never more than 200 ms (typical buffers sit at 30-50 ms and adapt up to 100-200 ms).
 */
import { JITTER_BUFFER_MAX_MS, JITTER_BUFFER_MIN_MS, JITTER_BUFFER_QUANTILE, JITTER_WINDOW_PACKETS } from './constants';

/** The q-quantile of already sorted values, by linear interpolation between neighbours. */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of no values');
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

export interface BufferTarget {
  /** The fastest recent transit: the path delay without queueing, as far as the receiver can tell. */
  minTransitMs: number;
  /** How long to hold packets beyond the fastest transit. */
  bufferMs: number;
}

export function jitterBufferTarget(transitMs: readonly number[]): BufferTarget {
  if (transitMs.length === 0) return { minTransitMs: 0, bufferMs: JITTER_BUFFER_MIN_MS };
  let minTransitMs = Infinity;
  let maxTransitMs = -Infinity;
  for (const t of transitMs) {
    if (t < minTransitMs) minTransitMs = t;
    if (t > maxTransitMs) maxTransitMs = t;
  }
  // Called every frame: skip the sort when the quantile is the maximum.
  const slowMs =
    JITTER_BUFFER_QUANTILE >= 1
      ? maxTransitMs
      : quantileSorted([...transitMs].sort((a, b) => a - b), JITTER_BUFFER_QUANTILE);
  const spreadMs = slowMs - minTransitMs;
  return { minTransitMs, bufferMs: Math.min(JITTER_BUFFER_MAX_MS, Math.max(JITTER_BUFFER_MIN_MS, spreadMs)) };
}

/** Remembers a transit sample, keeping the most recent window. */
export function rememberTransit(window: number[], transitMs: number): void {
  window.push(transitMs);
  if (window.length > JITTER_WINDOW_PACKETS) window.splice(0, window.length - JITTER_WINDOW_PACKETS);
}
