/**
 * The AudioWorklet processor: RNNoise on the audio thread. Bundled by scripts/copy-assets.mjs into
 * public/assets/rnnoise-processor.<hash>.js (scripts/copy-assets.mjs), which the page loads with audioWorklet.addModule().
 *
 * Each process() call brings one render quantum (128 samples). The framer collects them into
 * 480-sample frames for RNNoise and hands back 128 samples on each of three outputs: what the reader
 * hears (the chosen path), the original and the denoised signal (for the spectrograms). The chosen
 * path can change while playing; the framer crossfades so the switch does not click.
 */
import { createDenoiseFramer, type DenoisePath, type FramedBlock } from '@/lib/noise/framer';
import {
  createRnnoiseDenoiser,
  RNNOISE_DELAY_SAMPLES,
  RNNOISE_FRAME_MS,
  RNNOISE_FRAME_SAMPLES,
  RNNOISE_SAMPLE_RATE_HZ,
  type RnnoiseDenoiser,
} from '@/lib/noise/rnnoise';
import {
  FRAMES_PER_MESSAGE,
  OUTPUT_DENOISED,
  OUTPUT_HEARD,
  OUTPUT_ORIGINAL,
  RNNOISE_PROCESSOR_NAME,
  type FromProcessor,
  type RnnoiseProcessorOptions,
  type ToProcessor,
} from './messages';

// AudioWorkletGlobalScope, which TypeScript's DOM library does not describe.
declare const sampleRate: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
  constructor(options?: unknown);
}
declare function registerProcessor(
  name: string,
  processor: new (options: { processorOptions: RnnoiseProcessorOptions }) => AudioWorkletProcessor,
): void;

// Chrome's worklet scope has no `performance`; Date.now() still times many frames well on average.
const scope = globalThis as { performance?: { now(): number } };
const highResolution = typeof scope.performance?.now === 'function';
const now = highResolution ? () => scope.performance!.now() : () => Date.now();
const clockResolutionMs = highResolution ? 0.005 : 1;

class RnnoiseProcessor extends AudioWorkletProcessor {
  private path: DenoisePath;
  private denoiser: RnnoiseDenoiser | null = null;
  private framer: ReturnType<typeof createDenoiseFramer> | null = null;
  private closed = false;
  private pending: number[] = [];
  private pendingProcessingMs = 0;
  private silence = new Float32Array(128);

  constructor(options: { processorOptions: RnnoiseProcessorOptions }) {
    super(options);
    const { wasm, path } = options.processorOptions;
    this.path = path;
    this.port.onmessage = (event: MessageEvent<ToProcessor>) => this.onMessage(event.data);
    void this.start(wasm);
  }

  private post(message: FromProcessor) {
    this.port.postMessage(message);
  }

  private async start(wasm: WebAssembly.Module | ArrayBuffer) {
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
        },
      });
      this.post({ type: 'ready', sampleRateHz: sampleRate, latencySamples: this.framer.latencySamples });
      this.post({ type: 'path', path: this.path });
    } catch (error) {
      this.post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }

  private onMessage(message: ToProcessor) {
    if (message.type === 'set-path') {
      this.path = message.path;
      this.post({ type: 'path', path: this.path });
    } else if (message.type === 'close') {
      this.closed = true;
      this.denoiser?.destroy();
      this.denoiser = null;
      this.framer = null;
    }
  }

  process(inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    if (this.closed) return false;
    const framer = this.framer;
    const channels = inputs[0] ?? [];
    const heard = outputs[OUTPUT_HEARD]?.[0];
    const original = outputs[OUTPUT_ORIGINAL]?.[0];
    const denoised = outputs[OUTPUT_DENOISED]?.[0];
    if (!framer || !heard || !original || !denoised) return true; // outputs stay silent until RNNoise is ready
    // No input connected (the clip ended, the microphone stopped): feed silence so the tail plays out.
    if (this.silence.length !== heard.length) this.silence = new Float32Array(heard.length);
    const input = channels[0] ?? this.silence;
    const out: FramedBlock = { heard, original, denoised };
    const probabilities = framer.process(input, out, this.path);
    if (probabilities.length > 0) {
      this.pending.push(...probabilities);
      if (this.pending.length >= FRAMES_PER_MESSAGE) {
        this.post({
          type: 'frames',
          voiceProbabilities: this.pending,
          audioMs: this.pending.length * RNNOISE_FRAME_MS,
          processingMs: this.pendingProcessingMs,
          clockResolutionMs,
        });
        this.pending = [];
        this.pendingProcessingMs = 0;
      }
    }
    return true;
  }
}

registerProcessor(RNNOISE_PROCESSOR_NAME, RnnoiseProcessor);
