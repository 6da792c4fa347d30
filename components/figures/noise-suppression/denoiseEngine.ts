'use client';
/**
 * The Web Audio side of the denoiser figure, kept out of React: one AudioContext at 48 kHz, the
 * RNNoise AudioWorklet, two analysers (before and after) and a source, either the noisy clip or the
 * reader's microphone. The page fetches rnnoise.wasm from its own origin, compiles it here on the main
 * thread and hands the compiled module to the worklet, which runs it on the audio thread.
 */
import { assetUrl } from '@/components/assets';
import type { DenoisePath } from '@/lib/noise/framer';
import { RNNOISE_SAMPLE_RATE_HZ } from '@/lib/noise/rnnoise';
import { SPECTROGRAM_FFT_SIZE } from '@/lib/noise/spectrogram';
import {
  OUTPUT_COUNT,
  OUTPUT_DENOISED,
  OUTPUT_HEARD,
  OUTPUT_ORIGINAL,
  RNNOISE_PROCESSOR_NAME,
  type FromProcessor,
  type RnnoiseProcessorOptions,
  type ToProcessor,
} from './worklet/messages';

export const WORKLET_URL = assetUrl('/worklets/rnnoise-processor.js');
export const WASM_URL = assetUrl('/worklets/rnnoise.wasm');
/** The noisy clip, served as the lossless FLAC copy of the WAV the unit tests run RNNoise on. */
export const CLIP_URL = assetUrl('/audio/noise-suppression/noisy-speech.wav');

export type FramesReport = Extract<FromProcessor, { type: 'frames' }>;

export interface EngineEvents {
  frames: (report: FramesReport) => void;
  /** The path the worklet confirms it now plays. */
  path: (path: DenoisePath) => void;
}

/** An error the reader should read as it is (permission denied, no microphone, unsupported browser). */
export class ReaderFacingError extends Error {}

export function microphoneErrorMessage(error: unknown): string {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
    case 'PermissionDeniedError':
      return 'Microphone permission was denied, so nothing was recorded. To try it, allow the microphone for this site (the icon in the address bar) and press the button again. The clip works without it.';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'No microphone was found on this device. The clip above runs through the same pipeline.';
    case 'NotReadableError':
    case 'TrackStartError':
      return 'The microphone could not be started: another app may be using it.';
    case 'NotSupportedError':
      return `This browser cannot feed the microphone into a ${RNNOISE_SAMPLE_RATE_HZ / 1000} kHz audio context, the only rate RNNoise runs at.`;
    default:
      return `The microphone could not be used (${error instanceof Error ? error.message : String(error)}).`;
  }
}

export class DenoiseEngine {
  private context: AudioContext | null = null;
  private node: AudioWorkletNode | null = null;
  private starting: Promise<void> | null = null;
  private clipBuffer: AudioBuffer | null = null;
  private source: AudioBufferSourceNode | MediaStreamAudioSourceNode | null = null;
  private stream: MediaStream | null = null;
  private clipStartedAt = 0;
  private monitorConnected = false;
  private closed = false;
  before: AnalyserNode | null = null;
  after: AnalyserNode | null = null;

  constructor(private readonly events: EngineEvents) {}

  get sampleRateHz(): number {
    return this.context?.sampleRate ?? RNNOISE_SAMPLE_RATE_HZ;
  }

  /** Seconds into the looping clip, or null when the clip is not playing. */
  clipPositionS(): number | null {
    if (!this.context || !(this.source instanceof AudioBufferSourceNode) || !this.clipBuffer) return null;
    return (this.context.currentTime - this.clipStartedAt) % this.clipBuffer.duration;
  }

  /** Must be called from a click (browsers start audio only after a gesture). */
  private ensureStarted(path: DenoisePath): Promise<void> {
    if (this.closed) return Promise.reject(new Error('engine closed'));
    this.starting ??= this.start(path).catch((error: unknown) => {
      this.starting = null;
      this.teardownContext();
      throw error;
    });
    // Resume inside the gesture, before any await, so Safari and Chrome allow sound.
    void this.context?.resume();
    return this.starting;
  }

  private async start(path: DenoisePath): Promise<void> {
    if (typeof AudioContext === 'undefined' || typeof AudioWorkletNode === 'undefined') {
      throw new ReaderFacingError('This browser has no AudioWorklet, which the denoiser runs in.');
    }
    let context: AudioContext;
    try {
      context = new AudioContext({ sampleRate: RNNOISE_SAMPLE_RATE_HZ, latencyHint: 'interactive' });
    } catch {
      throw new ReaderFacingError(`This browser cannot open a ${RNNOISE_SAMPLE_RATE_HZ / 1000} kHz audio context, the rate RNNoise runs at.`);
    }
    this.context = context;
    void context.resume();
    const [, wasmBytes] = await Promise.all([
      context.audioWorklet.addModule(WORKLET_URL),
      fetch(WASM_URL).then((response) => {
        if (!response.ok) throw new Error(`${WASM_URL}: HTTP ${response.status}`);
        return response.arrayBuffer();
      }),
    ]);
    const compiled = await WebAssembly.compile(wasmBytes);
    const node = this.createNode(context, { wasm: compiled, path }, wasmBytes);
    this.node = node;
    await new Promise<void>((resolve, reject) => {
      node.port.onmessage = (event: MessageEvent<FromProcessor>) => {
        const message = event.data;
        if (message.type === 'ready') resolve();
        else if (message.type === 'error') reject(new ReaderFacingError(message.message));
        else if (message.type === 'path') this.events.path(message.path);
        else if (message.type === 'frames') this.events.frames(message);
      };
    });

    this.before = new AnalyserNode(context, { fftSize: SPECTROGRAM_FFT_SIZE, smoothingTimeConstant: 0 });
    this.after = new AnalyserNode(context, { fftSize: SPECTROGRAM_FFT_SIZE, smoothingTimeConstant: 0 });
    node.connect(this.before, OUTPUT_ORIGINAL);
    node.connect(this.after, OUTPUT_DENOISED);
    // Analysers with no path to the speakers may not be pulled; a silent sink keeps them running.
    const sink = new GainNode(context, { gain: 0 });
    this.before.connect(sink);
    this.after.connect(sink);
    sink.connect(context.destination);
  }

  /** Hands the worklet the compiled module; a browser that cannot clone a Module gets the bytes to compile itself. */
  private createNode(context: AudioContext, options: RnnoiseProcessorOptions, bytes: ArrayBuffer): AudioWorkletNode {
    const make = (processorOptions: RnnoiseProcessorOptions) =>
      new AudioWorkletNode(context, RNNOISE_PROCESSOR_NAME, {
        numberOfInputs: 1,
        numberOfOutputs: OUTPUT_COUNT,
        outputChannelCount: new Array(OUTPUT_COUNT).fill(1),
        channelCount: 1,
        channelCountMode: 'explicit',
        channelInterpretation: 'speakers',
        processorOptions,
      });
    try {
      return make(options);
    } catch (error) {
      if (error instanceof DOMException && error.name === 'DataCloneError') return make({ ...options, wasm: bytes });
      throw error;
    }
  }

  private send(message: ToProcessor) {
    this.node?.port.postMessage(message);
  }

  setPath(path: DenoisePath) {
    this.send({ type: 'set-path', path });
  }

  /** Plays the noisy clip on a loop through RNNoise. */
  async playClip(path: DenoisePath): Promise<void> {
    await this.ensureStarted(path);
    const context = this.context!;
    this.setPath(path);
    if (!this.clipBuffer) {
      const response = await fetch(CLIP_URL);
      if (!response.ok) throw new Error(`${CLIP_URL}: HTTP ${response.status}`);
      this.clipBuffer = await context.decodeAudioData(await response.arrayBuffer());
    }
    this.stopSource();
    const source = new AudioBufferSourceNode(context, { buffer: this.clipBuffer, loop: true });
    source.connect(this.node!);
    this.setMonitor(true);
    source.start();
    this.clipStartedAt = context.currentTime;
    this.source = source;
    await context.resume();
  }

  /**
   * Runs the reader's microphone through RNNoise. The browser's own noise suppression, echo
   * cancellation and gain control are turned off so what the figure shows is RNNoise's work.
   */
  async useMicrophone(path: DenoisePath, monitor: boolean): Promise<void> {
    if (!navigator.mediaDevices?.getUserMedia) {
      throw new ReaderFacingError('Browsers only offer the microphone on secure pages (https:// or localhost).');
    }
    // Ask first: the permission prompt is the reader's decision, and a refusal should not leave audio running.
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        audio: { noiseSuppression: false, echoCancellation: false, autoGainControl: false, channelCount: 1 },
      });
    } catch (error) {
      throw new ReaderFacingError(microphoneErrorMessage(error));
    }
    try {
      await this.ensureStarted(path);
      this.setPath(path);
      this.stopSource();
      const source = new MediaStreamAudioSourceNode(this.context!, { mediaStream: stream });
      source.connect(this.node!);
      this.source = source;
      this.stream = stream;
      this.setMonitor(monitor);
      await this.context!.resume();
    } catch (error) {
      stream.getTracks().forEach((track) => track.stop());
      if (error instanceof ReaderFacingError) throw error;
      throw new ReaderFacingError(microphoneErrorMessage(error));
    }
  }

  /** Whether the denoiser's output reaches the speakers (off by default for the microphone: feedback). */
  setMonitor(on: boolean) {
    if (!this.node || !this.context || on === this.monitorConnected) return;
    if (on) this.node.connect(this.context.destination, OUTPUT_HEARD);
    else this.node.disconnect(this.context.destination, OUTPUT_HEARD);
    this.monitorConnected = on;
  }

  private stopSource() {
    if (this.source instanceof AudioBufferSourceNode) this.source.stop();
    this.source?.disconnect();
    this.source = null;
    this.stream?.getTracks().forEach((track) => track.stop());
    this.stream = null;
  }

  /** Stops the clip or the microphone; the worklet stays loaded (and the context paused) for the next start. */
  stop() {
    this.stopSource();
    this.setMonitor(false);
    void this.context?.suspend();
  }

  private teardownContext() {
    this.send({ type: 'close' });
    this.node?.disconnect();
    this.node = null;
    this.before = null;
    this.after = null;
    void this.context?.close().catch(() => undefined);
    this.context = null;
    this.monitorConnected = false;
  }

  /** Releases everything: source, microphone, worklet, context. Safe to call twice. */
  close() {
    if (this.closed) return;
    this.closed = true;
    this.stopSource();
    this.teardownContext();
  }
}
