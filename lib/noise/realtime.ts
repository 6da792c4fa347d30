/**
 * How much faster than real time the suppressor runs on this device, from what the worklet
 * reports: the audio it processed and the time it spent.
 */

export interface RealtimeTally {
  audioMs: number;
  processingMs: number;
  frames: number;
  /** The coarsest clock resolution seen (1 ms when the worklet only has Date.now). */
  clockResolutionMs: number;
}

export const EMPTY_TALLY: RealtimeTally = { audioMs: 0, processingMs: 0, frames: 0, clockResolutionMs: 0 };

export function addToTally(
  tally: RealtimeTally,
  report: { audioMs: number; processingMs: number; frames: number; clockResolutionMs: number },
): RealtimeTally {
  return {
    audioMs: tally.audioMs + report.audioMs,
    processingMs: tally.processingMs + report.processingMs,
    frames: tally.frames + report.frames,
    clockResolutionMs: Math.max(tally.clockResolutionMs, report.clockResolutionMs),
  };
}

/**
 * Audio time over processing time, or null until the measurement means something: with a 1 ms clock,
 * each frame's reading is 0 or 1 ms, right only on average, so it waits for the processing total to
 * reach 50 clock ticks (then the error is a few percent).
 */
export function realTimeFactor(tally: RealtimeTally): number | null {
  const minimumProcessingMs = 50 * Math.max(tally.clockResolutionMs, 0.001);
  if (tally.processingMs < minimumProcessingMs || tally.processingMs <= 0) return null;
  return tally.audioMs / tally.processingMs;
}
