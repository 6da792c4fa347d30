/**
 * A small binding to RNNoise compiled to WebAssembly (the rnnoise.wasm of @jitsi/rnnoise-wasm 0.2.1).
 * The same code runs in the reader's AudioWorklet and in the Node unit test, so the test measures the
 * very module the page plays through.
 *
 * Why not the package's emscripten glue: it finds the .wasm by URL and uses XMLHttpRequest, neither of
 * which exists inside an AudioWorklet. The module needs only two imports (heap growth and a big
 * memcpy), so instantiating it directly is shorter than adapting the glue. The export names below are
 * the minified names of that exact build (they match the glue's `Module["asm"]` table); a different
 * build is refused rather than called blindly.
 *
 * RNNoise's API (xiph/rnnoise, include/rnnoise.h): 480-sample frames at 48 kHz (10 ms), samples
 * scaled like 16-bit PCM, and rnnoise_process_frame returns the frame's voice probability.
 */

/** Samples per RNNoise frame: 10 ms at 48 kHz. */
export const RNNOISE_FRAME_SAMPLES = 480;
/** RNNoise is trained and run at 48 kHz only. */
export const RNNOISE_SAMPLE_RATE_HZ = 48_000;
/** RNNoise wants samples on the 16-bit PCM scale, not Web Audio's [-1, 1]. */
export const PCM16_FULL_SCALE = 32_768;
export const RNNOISE_FRAME_MS = (RNNOISE_FRAME_SAMPLES / RNNOISE_SAMPLE_RATE_HZ) * 1000;
/**
 * RNNoise's output lags its input by one frame: it analyses overlapping windows and rebuilds the
 * signal by overlap-add. Measured on the clip by cross-correlation (test/unit/noise-rnnoise.test.ts).
 */
export const RNNOISE_DELAY_SAMPLES = RNNOISE_FRAME_SAMPLES;

interface RnnoiseExports {
  memory: WebAssembly.Memory;
  callConstructors: () => void;
  create: (modelPointer: number) => number;
  destroy: (statePointer: number) => void;
  malloc: (bytes: number) => number;
  free: (pointer: number) => void;
  processFrame: (statePointer: number, outPointer: number, inPointer: number) => number;
}

/** Minified export names of @jitsi/rnnoise-wasm 0.2.1's rnnoise.wasm (see dist/rnnoise.js). */
const EXPORT_NAMES = {
  memory: 'c',
  callConstructors: 'd',
  create: 'f',
  malloc: 'g',
  destroy: 'h',
  free: 'i',
  processFrame: 'j',
} as const;

export interface RnnoiseDenoiser {
  /**
   * Denoises one frame of `RNNOISE_FRAME_SAMPLES` samples in [-1, 1] into `output` (same length; may
   * be the same array) and returns RNNoise's probability, 0 to 1, that the frame holds voice.
   */
  processFrame(input: Float32Array, output: Float32Array): number;
  /** Frees the denoiser's state. Calling it twice is harmless. */
  destroy(): void;
}

function readExports(instance: WebAssembly.Instance): RnnoiseExports {
  const raw = instance.exports;
  const missing = Object.values(EXPORT_NAMES).filter((name) => !(name in raw));
  if (missing.length > 0) {
    throw new Error(`rnnoise.wasm is not the @jitsi/rnnoise-wasm 0.2.1 build (missing exports ${missing.join(', ')})`);
  }
  return {
    memory: raw[EXPORT_NAMES.memory] as WebAssembly.Memory,
    callConstructors: raw[EXPORT_NAMES.callConstructors] as RnnoiseExports['callConstructors'],
    create: raw[EXPORT_NAMES.create] as RnnoiseExports['create'],
    destroy: raw[EXPORT_NAMES.destroy] as RnnoiseExports['destroy'],
    malloc: raw[EXPORT_NAMES.malloc] as RnnoiseExports['malloc'],
    free: raw[EXPORT_NAMES.free] as RnnoiseExports['free'],
    processFrame: raw[EXPORT_NAMES.processFrame] as RnnoiseExports['processFrame'],
  };
}

/** Instantiates a compiled rnnoise.wasm and creates one denoiser (one voice stream's state). */
export async function createRnnoiseDenoiser(module: WebAssembly.Module): Promise<RnnoiseDenoiser> {
  let memory: WebAssembly.Memory | null = null;
  const heapMaxBytes = 2 ** 31;
  const imports = {
    a: {
      // emscripten_resize_heap: grow to at least the requested size, in 64 KiB pages.
      a: (requestedBytes: number): number => {
        if (!memory) return 0;
        const wanted = requestedBytes >>> 0;
        if (wanted > heapMaxBytes) return 0;
        try {
          memory.grow(Math.ceil((wanted - memory.buffer.byteLength) / 65_536));
          return 1;
        } catch {
          return 0;
        }
      },
      // emscripten_memcpy_big
      b: (dest: number, src: number, count: number): void => {
        if (!memory) return;
        new Uint8Array(memory.buffer).copyWithin(dest, src, src + count);
      },
    },
  };
  const instance = await WebAssembly.instantiate(module, imports);
  const wasm = readExports(instance);
  memory = wasm.memory;
  wasm.callConstructors();

  const frameBytes = RNNOISE_FRAME_SAMPLES * Float32Array.BYTES_PER_ELEMENT;
  const state = wasm.create(0); // 0: RNNoise's built-in model
  const inPointer = wasm.malloc(frameBytes);
  const outPointer = wasm.malloc(frameBytes);
  if (state === 0 || inPointer === 0 || outPointer === 0) throw new Error('rnnoise.wasm could not allocate its state');
  let destroyed = false;

  return {
    processFrame(input, output) {
      if (destroyed) throw new Error('processFrame after destroy');
      if (input.length !== RNNOISE_FRAME_SAMPLES || output.length !== RNNOISE_FRAME_SAMPLES) {
        throw new RangeError(`RNNoise frames are ${RNNOISE_FRAME_SAMPLES} samples`);
      }
      // Views are made per call: memory.grow() detaches the old buffer.
      const heap = new Float32Array(wasm.memory.buffer);
      const inIndex = inPointer / Float32Array.BYTES_PER_ELEMENT;
      const outIndex = outPointer / Float32Array.BYTES_PER_ELEMENT;
      for (let i = 0; i < RNNOISE_FRAME_SAMPLES; i++) heap[inIndex + i] = input[i] * PCM16_FULL_SCALE;
      const voiceProbability = wasm.processFrame(state, outPointer, inPointer);
      for (let i = 0; i < RNNOISE_FRAME_SAMPLES; i++) output[i] = heap[outIndex + i] / PCM16_FULL_SCALE;
      return voiceProbability;
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      wasm.free(inPointer);
      wasm.free(outPointer);
      wasm.destroy(state);
    },
  };
}
