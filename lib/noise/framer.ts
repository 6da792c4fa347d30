/**
 * Turns Web Audio's render quanta (128 samples per AudioWorklet `process()` call) into RNNoise's
 * 480-sample frames and back, so a processor can hand back exactly as many samples as it received.
 *
 * Latency: the output starts `frameSamples` late (10 ms at 48 kHz). That is the least that always
 * works: after n quanta of q samples, frames cover floor(qn / F) * F samples, short of qn by
 * (qn mod F) < F, so F samples of lead never run dry, whatever the quantum size.
 *
 * Two paths come out: the processed one, and the original delayed by the processor's own delay
 * (RNNoise's output lags its input by one frame), so switching between them keeps the words in
 * place. A switch fades across one quantum-sized ramp instead of jumping, which would click.
 */

export type DenoisePath = 'denoised' | 'original';

export interface FramerOptions {
  /** Samples per processor frame (RNNOISE_FRAME_SAMPLES). */
  frameSamples: number;
  /** How far the processor's output lags its input, in samples; the original path is delayed to match. */
  processorDelaySamples: number;
  /** Processes one frame into `output`; returns the frame's voice probability. */
  processFrame: (input: Float32Array, output: Float32Array) => number;
  /** Samples over which a path switch fades; 128 is one render quantum. */
  crossfadeSamples?: number;
  /** Largest block `process` will be given. */
  maxBlockSamples?: number;
}

export interface FramedBlock {
  /** What the listener hears: the chosen path, mid-fade during a switch. */
  heard: Float32Array;
  /** The processed path (for a spectrogram of "after"). */
  denoised: Float32Array;
  /** The original, aligned with the processed path (for "before"). */
  original: Float32Array;
}

export interface DenoiseFramer {
  /**
   * Feeds `input` and fills the three output arrays (each `input.length` long, any may be reused
   * between calls). Returns the voice probabilities of the frames completed during this call, oldest
   * first; usually none or one.
   */
  process(input: Float32Array, out: FramedBlock, path: DenoisePath): number[];
  /** Samples from input to output on either path. */
  readonly latencySamples: number;
}

export function createDenoiseFramer(options: FramerOptions): DenoiseFramer {
  const { frameSamples, processorDelaySamples, processFrame } = options;
  const crossfadeSamples = options.crossfadeSamples ?? 128;
  const maxBlockSamples = options.maxBlockSamples ?? 2048;
  if (frameSamples <= 0 || processorDelaySamples < 0 || crossfadeSamples <= 0) {
    throw new RangeError('frameSamples and crossfadeSamples must be positive, processorDelaySamples not negative');
  }

  const frameIn = new Float32Array(frameSamples);
  const frameOut = new Float32Array(frameSamples);
  let frameFill = 0;

  // The original waits here as long as the processor keeps its own copy.
  const delayLine = new Float32Array(Math.max(processorDelaySamples, 1));
  let delayPosition = 0;

  // Output rings, primed with one frame of silence (the lead that keeps them from running dry).
  const capacity = 2 * (frameSamples + maxBlockSamples);
  const denoisedRing = new Float32Array(capacity);
  const originalRing = new Float32Array(capacity);
  let readIndex = 0;
  let writeIndex = frameSamples;

  // 0 = original, 1 = denoised; moves toward the chosen path by 1/crossfadeSamples per sample.
  let mix = 1;

  function completeFrame(): number {
    const voiceProbability = processFrame(frameIn, frameOut);
    for (let i = 0; i < frameSamples; i++) {
      let original = frameIn[i];
      if (processorDelaySamples > 0) {
        const delayed = delayLine[delayPosition];
        delayLine[delayPosition] = original;
        delayPosition = (delayPosition + 1) % processorDelaySamples;
        original = delayed;
      }
      const slot = (writeIndex + i) % capacity;
      denoisedRing[slot] = frameOut[i];
      originalRing[slot] = original;
    }
    writeIndex += frameSamples;
    return voiceProbability;
  }

  return {
    latencySamples: frameSamples + processorDelaySamples,
    process(input, out, path) {
      if (input.length > maxBlockSamples) throw new RangeError(`blocks are at most ${maxBlockSamples} samples`);
      const probabilities: number[] = [];
      for (let i = 0; i < input.length; i++) {
        frameIn[frameFill++] = input[i];
        if (frameFill === frameSamples) {
          probabilities.push(completeFrame());
          frameFill = 0;
        }
      }
      const target = path === 'denoised' ? 1 : 0;
      const stepPerSample = 1 / crossfadeSamples;
      for (let i = 0; i < input.length; i++) {
        const slot = readIndex % capacity;
        const denoised = denoisedRing[slot];
        const original = originalRing[slot];
        if (mix < target) mix = Math.min(target, mix + stepPerSample);
        else if (mix > target) mix = Math.max(target, mix - stepPerSample);
        out.denoised[i] = denoised;
        out.original[i] = original;
        out.heard[i] = original + (denoised - original) * mix;
        readIndex++;
      }
      return probabilities;
    },
  };
}
