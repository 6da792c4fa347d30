/**
 * What the page and the RNNoise AudioWorklet say to each other over the node's MessagePort.
 * Shared by both sides so a message cannot drift from its handler.
 */
import type { DenoisePath } from '@/lib/noise/framer';

export const RNNOISE_PROCESSOR_NAME = 'rnnoise-processor';

/** The node's outputs, in order. Output 0 goes to the speakers; 1 and 2 feed the spectrograms. */
export const OUTPUT_HEARD = 0;
export const OUTPUT_ORIGINAL = 1;
export const OUTPUT_DENOISED = 2;
export const OUTPUT_COUNT = 3;

export interface RnnoiseProcessorOptions {
  /** rnnoise.wasm compiled on the main thread, or its bytes if this browser cannot clone a Module into a worklet. */
  wasm: WebAssembly.Module | ArrayBuffer;
  path: DenoisePath;
}

export type ToProcessor = { type: 'set-path'; path: DenoisePath } | { type: 'close' };

export type FromProcessor =
  | { type: 'ready'; sampleRateHz: number; latencySamples: number }
  | { type: 'error'; message: string }
  /** The path the worklet now plays, sent when it changes: the page shows this, not its own wish. */
  | { type: 'path'; path: DenoisePath }
  | {
      type: 'frames';
      /** RNNoise's voice probability for each frame since the last message, oldest first. */
      voiceProbabilities: number[];
      /** Audio those frames cover, and the time RNNoise took for them in the audio thread. */
      audioMs: number;
      processingMs: number;
      /** Resolution of the clock that timed them (1 ms where the worklet only has Date.now). */
      clockResolutionMs: number;
    };

/** Frames per 'frames' message: 5 frames = 50 ms, often enough for a smooth display. */
export const FRAMES_PER_MESSAGE = 5;
