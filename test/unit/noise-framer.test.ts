import { describe, expect, it } from 'vitest';
import { createDenoiseFramer, type DenoisePath, type FramedBlock } from '../../lib/noise/framer';

/** A stand-in processor: halves every sample, and reports the frame's first input sample as its "voice probability". */
function halving(input: Float32Array, output: Float32Array): number {
  for (let i = 0; i < input.length; i++) output[i] = input[i] / 2;
  return input[0];
}

function block(length: number): FramedBlock {
  return { heard: new Float32Array(length), denoised: new Float32Array(length), original: new Float32Array(length) };
}

/** Feeds 1, 2, 3, ... in blocks of `blockSamples` and collects every output. */
function run(blockSamples: number, blocks: number, path: (index: number) => DenoisePath, frameSamples = 8, processorDelaySamples = 0) {
  const framer = createDenoiseFramer({ frameSamples, processorDelaySamples, processFrame: halving, crossfadeSamples: 4 });
  const heard: number[] = [];
  const original: number[] = [];
  const denoised: number[] = [];
  const probabilities: number[][] = [];
  let next = 1;
  for (let b = 0; b < blocks; b++) {
    const input = Float32Array.from({ length: blockSamples }, () => next++);
    const out = block(blockSamples);
    probabilities.push(framer.process(input, out, path(b)));
    heard.push(...out.heard);
    original.push(...out.original);
    denoised.push(...out.denoised);
  }
  return { framer, heard, original, denoised, probabilities };
}

describe('createDenoiseFramer (128-sample render quanta to 480-sample RNNoise frames)', () => {
  it('answers every block with as many samples as it was given, starting one frame late', () => {
    const { denoised, original } = run(3, 6, () => 'denoised');
    expect(denoised).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5]);
    expect(original).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('never runs dry when the block size does not divide the frame size (128 into 480)', () => {
    const { heard } = run(128, 30, () => 'original', 480);
    // Sample n (1-based) comes out at index n - 1 + 480; every one of them arrives in order.
    expect(heard.slice(480)).toEqual(Array.from({ length: 128 * 30 - 480 }, (_, i) => i + 1));
  });

  it('reports the voice probability of each frame in the block that completes it', () => {
    const { probabilities } = run(3, 6, () => 'denoised');
    // Frames complete after samples 8 and 16, that is in blocks 3 (samples 7-9) and 6 (16-18).
    expect(probabilities).toEqual([[], [], [1], [], [], [9]]);
  });

  it('delays the original by the processor’s own delay so both paths stay aligned', () => {
    const { framer, original } = run(8, 4, () => 'original', 8, 8);
    expect(framer.latencySamples).toBe(16);
    expect(original.slice(0, 16)).toEqual(new Array(16).fill(0));
    expect(original.slice(16)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
  });

  it('fades from denoised to original over the crossfade instead of jumping', () => {
    const { heard, original, denoised } = run(4, 8, (b) => (b < 4 ? 'denoised' : 'original'));
    // Blocks 0-3 on the denoised path; block 4 fades over its 4 samples: mix 0.75, 0.5, 0.25, 0.
    expect(heard.slice(12, 16)).toEqual(denoised.slice(12, 16));
    const fade = [0.75, 0.5, 0.25, 0];
    expect(heard.slice(16, 20)).toEqual(fade.map((mix, i) => original[16 + i] + (denoised[16 + i] - original[16 + i]) * mix));
    expect(heard.slice(20)).toEqual(original.slice(20));
  });

  it('refuses blocks larger than it was sized for', () => {
    const framer = createDenoiseFramer({ frameSamples: 8, processorDelaySamples: 0, processFrame: halving, maxBlockSamples: 16 });
    expect(() => framer.process(new Float32Array(17), block(17), 'denoised')).toThrow(RangeError);
  });
});
