var __defProp = Object.defineProperty;
var __defNormalProp = (obj, key, value) => key in obj ? __defProp(obj, key, { enumerable: true, configurable: true, writable: true, value }) : obj[key] = value;
var __publicField = (obj, key, value) => __defNormalProp(obj, typeof key !== "symbol" ? key + "" : key, value);

// lib/noise/framer.ts
function createDenoiseFramer(options) {
  const { frameSamples, processorDelaySamples, processFrame } = options;
  const crossfadeSamples = options.crossfadeSamples ?? 128;
  const maxBlockSamples = options.maxBlockSamples ?? 2048;
  if (frameSamples <= 0 || processorDelaySamples < 0 || crossfadeSamples <= 0) {
    throw new RangeError("frameSamples and crossfadeSamples must be positive, processorDelaySamples not negative");
  }
  const frameIn = new Float32Array(frameSamples);
  const frameOut = new Float32Array(frameSamples);
  let frameFill = 0;
  const delayLine = new Float32Array(Math.max(processorDelaySamples, 1));
  let delayPosition = 0;
  const capacity = 2 * (frameSamples + maxBlockSamples);
  const denoisedRing = new Float32Array(capacity);
  const originalRing = new Float32Array(capacity);
  let readIndex = 0;
  let writeIndex = frameSamples;
  let mix = 1;
  function completeFrame() {
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
      const probabilities = [];
      for (let i = 0; i < input.length; i++) {
        frameIn[frameFill++] = input[i];
        if (frameFill === frameSamples) {
          probabilities.push(completeFrame());
          frameFill = 0;
        }
      }
      const target = path === "denoised" ? 1 : 0;
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
    }
  };
}

// lib/noise/rnnoise.ts
var RNNOISE_FRAME_SAMPLES = 480;
var RNNOISE_SAMPLE_RATE_HZ = 48e3;
var PCM16_FULL_SCALE = 32768;
var RNNOISE_FRAME_MS = RNNOISE_FRAME_SAMPLES / RNNOISE_SAMPLE_RATE_HZ * 1e3;
var RNNOISE_DELAY_SAMPLES = RNNOISE_FRAME_SAMPLES;
var EXPORT_NAMES = {
  memory: "c",
  callConstructors: "d",
  create: "f",
  malloc: "g",
  destroy: "h",
  free: "i",
  processFrame: "j"
};
function readExports(instance) {
  const raw = instance.exports;
  const missing = Object.values(EXPORT_NAMES).filter((name) => !(name in raw));
  if (missing.length > 0) {
    throw new Error(`rnnoise.wasm is not the @jitsi/rnnoise-wasm 0.2.1 build (missing exports ${missing.join(", ")})`);
  }
  return {
    memory: raw[EXPORT_NAMES.memory],
    callConstructors: raw[EXPORT_NAMES.callConstructors],
    create: raw[EXPORT_NAMES.create],
    destroy: raw[EXPORT_NAMES.destroy],
    malloc: raw[EXPORT_NAMES.malloc],
    free: raw[EXPORT_NAMES.free],
    processFrame: raw[EXPORT_NAMES.processFrame]
  };
}
async function createRnnoiseDenoiser(module) {
  let memory = null;
  const heapMaxBytes = 2 ** 31;
  const imports = {
    a: {
      // emscripten_resize_heap: grow to at least the requested size, in 64 KiB pages.
      a: (requestedBytes) => {
        if (!memory) return 0;
        const wanted = requestedBytes >>> 0;
        if (wanted > heapMaxBytes) return 0;
        try {
          memory.grow(Math.ceil((wanted - memory.buffer.byteLength) / 65536));
          return 1;
        } catch {
          return 0;
        }
      },
      // emscripten_memcpy_big
      b: (dest, src, count) => {
        if (!memory) return;
        new Uint8Array(memory.buffer).copyWithin(dest, src, src + count);
      }
    }
  };
  const instance = await WebAssembly.instantiate(module, imports);
  const wasm = readExports(instance);
  memory = wasm.memory;
  wasm.callConstructors();
  const frameBytes = RNNOISE_FRAME_SAMPLES * Float32Array.BYTES_PER_ELEMENT;
  const state = wasm.create(0);
  const inPointer = wasm.malloc(frameBytes);
  const outPointer = wasm.malloc(frameBytes);
  if (state === 0 || inPointer === 0 || outPointer === 0) throw new Error("rnnoise.wasm could not allocate its state");
  let destroyed = false;
  return {
    processFrame(input, output) {
      if (destroyed) throw new Error("processFrame after destroy");
      if (input.length !== RNNOISE_FRAME_SAMPLES || output.length !== RNNOISE_FRAME_SAMPLES) {
        throw new RangeError(`RNNoise frames are ${RNNOISE_FRAME_SAMPLES} samples`);
      }
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
    }
  };
}

// components/figures/noise-suppression/worklet/messages.ts
var RNNOISE_PROCESSOR_NAME = "rnnoise-processor";
var OUTPUT_HEARD = 0;
var OUTPUT_ORIGINAL = 1;
var OUTPUT_DENOISED = 2;
var FRAMES_PER_MESSAGE = 5;

// components/figures/noise-suppression/worklet/rnnoise-processor.ts
var scope = globalThis;
var highResolution = typeof scope.performance?.now === "function";
var now = highResolution ? () => scope.performance.now() : () => Date.now();
var clockResolutionMs = highResolution ? 5e-3 : 1;
var RnnoiseProcessor = class extends AudioWorkletProcessor {
  constructor(options) {
    super(options);
    __publicField(this, "path");
    __publicField(this, "denoiser", null);
    __publicField(this, "framer", null);
    __publicField(this, "closed", false);
    __publicField(this, "pending", []);
    __publicField(this, "pendingProcessingMs", 0);
    __publicField(this, "silence", new Float32Array(128));
    const { wasm, path } = options.processorOptions;
    this.path = path;
    this.port.onmessage = (event) => this.onMessage(event.data);
    void this.start(wasm);
  }
  post(message) {
    this.port.postMessage(message);
  }
  async start(wasm) {
    try {
      if (sampleRate !== RNNOISE_SAMPLE_RATE_HZ) {
        throw new Error(`RNNoise needs ${RNNOISE_SAMPLE_RATE_HZ} Hz audio; this audio context runs at ${sampleRate} Hz`);
      }
      const compiled = wasm instanceof WebAssembly.Module ? wasm : await WebAssembly.compile(wasm);
      const denoiser = await createRnnoiseDenoiser(compiled);
      if (this.closed) {
        denoiser.destroy();
        return;
      }
      this.denoiser = denoiser;
      this.framer = createDenoiseFramer({
        frameSamples: RNNOISE_FRAME_SAMPLES,
        processorDelaySamples: RNNOISE_DELAY_SAMPLES,
        processFrame: (input, output) => {
          const started = now();
          const voiceProbability = denoiser.processFrame(input, output);
          this.pendingProcessingMs += now() - started;
          return voiceProbability;
        }
      });
      this.post({ type: "ready", sampleRateHz: sampleRate, latencySamples: this.framer.latencySamples });
      this.post({ type: "path", path: this.path });
    } catch (error) {
      this.post({ type: "error", message: error instanceof Error ? error.message : String(error) });
    }
  }
  onMessage(message) {
    if (message.type === "set-path") {
      this.path = message.path;
      this.post({ type: "path", path: this.path });
    } else if (message.type === "close") {
      this.closed = true;
      this.denoiser?.destroy();
      this.denoiser = null;
      this.framer = null;
    }
  }
  process(inputs, outputs) {
    if (this.closed) return false;
    const framer = this.framer;
    const channels = inputs[0] ?? [];
    const heard = outputs[OUTPUT_HEARD]?.[0];
    const original = outputs[OUTPUT_ORIGINAL]?.[0];
    const denoised = outputs[OUTPUT_DENOISED]?.[0];
    if (!framer || !heard || !original || !denoised) return true;
    if (this.silence.length !== heard.length) this.silence = new Float32Array(heard.length);
    const input = channels[0] ?? this.silence;
    const out = { heard, original, denoised };
    const probabilities = framer.process(input, out, this.path);
    if (probabilities.length > 0) {
      this.pending.push(...probabilities);
      if (this.pending.length >= FRAMES_PER_MESSAGE) {
        this.post({
          type: "frames",
          voiceProbabilities: this.pending,
          audioMs: this.pending.length * RNNOISE_FRAME_MS,
          processingMs: this.pendingProcessingMs,
          clockResolutionMs
        });
        this.pending = [];
        this.pendingProcessingMs = 0;
      }
    }
    return true;
  }
};
registerProcessor(RNNOISE_PROCESSOR_NAME, RnnoiseProcessor);
