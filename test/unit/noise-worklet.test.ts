/**
 * The AudioWorklet processor as the browser runs it: bundled by esbuild the way
 * scripts/copy-assets.mjs bundles it, evaluated with stand-ins for the worklet scope's globals
 * (sampleRate, AudioWorkletProcessor, registerProcessor), and fed 128-sample quanta of the clip.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { parseWav } from '@/lib/audio/wav';
import type { FromProcessor, RnnoiseProcessorOptions, ToProcessor } from '../../components/figures/noise-suppression/worklet/messages';

const root = join(__dirname, '..', '..');
const wasmBytes = readFileSync(join(root, 'node_modules/@jitsi/rnnoise-wasm/dist/rnnoise.wasm'));
const clip = parseWav(readFileSync(join(root, 'media/audio/noise-suppression/noisy-speech.wav')));

interface Processor {
  port: { onmessage: ((event: { data: ToProcessor }) => void) | null; postMessage: (m: FromProcessor) => void };
  process(inputs: Float32Array[][], outputs: Float32Array[][]): boolean;
}
type ProcessorClass = new (options: { processorOptions: RnnoiseProcessorOptions }) => Processor;

let bundle: string;

beforeAll(async () => {
  const result = await build({
    entryPoints: [join(root, 'components/figures/noise-suppression/worklet/rnnoise-processor.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    tsconfig: join(root, 'tsconfig.json'),
    logLevel: 'silent',
  });
  bundle = result.outputFiles[0].text;
});

/** Evaluates the bundle in a fake worklet scope and constructs its processor. */
function loadProcessor(sampleRateHz: number, options: RnnoiseProcessorOptions) {
  const registered: Record<string, ProcessorClass> = {};
  const messages: FromProcessor[] = [];
  class FakeAudioWorkletProcessor {
    port = { onmessage: null, postMessage: (message: FromProcessor) => messages.push(message) };
  }
  new Function('sampleRate', 'AudioWorkletProcessor', 'registerProcessor', bundle)(
    sampleRateHz,
    FakeAudioWorkletProcessor,
    (name: string, processor: ProcessorClass) => (registered[name] = processor),
  );
  const Processor = registered['rnnoise-processor'];
  const processor = new Processor({ processorOptions: options });
  const send = (data: ToProcessor) => processor.port.onmessage?.({ data });
  return { processor, messages, send };
}

/** Waits for the processor's first message (it instantiates the wasm asynchronously). */
const settle = (messages: FromProcessor[]) =>
  vi.waitFor(() => expect(messages.length).toBeGreaterThan(0), { timeout: 10_000, interval: 5 });

/** Runs `quanta` render quanta of the clip from quantum `fromQuantum`, returning the three outputs of the last one. */
function render(processor: Processor, fromQuantum: number, quanta: number) {
  const outputs = [[new Float32Array(128)], [new Float32Array(128)], [new Float32Array(128)]];
  for (let q = fromQuantum; q < fromQuantum + quanta; q++) {
    const input = clip.samples.slice(q * 128, (q + 1) * 128);
    expect(processor.process([[input]], outputs)).toBe(true);
  }
  return outputs.map(([channel]) => channel);
}

describe('rnnoise-processor (the AudioWorklet)', () => {
  it('registers as "rnnoise-processor" and reports ready with 20 ms of latency at 48 kHz', async () => {
    const { messages } = loadProcessor(48_000, { wasm: new WebAssembly.Module(wasmBytes), path: 'denoised' });
    await settle(messages);
    expect(messages).toEqual([
      { type: 'ready', sampleRateHz: 48_000, latencySamples: 960 },
      { type: 'path', path: 'denoised' },
    ]);
  });

  it('compiles the wasm itself when handed bytes instead of a compiled module', async () => {
    const bytes = wasmBytes.buffer.slice(wasmBytes.byteOffset, wasmBytes.byteOffset + wasmBytes.byteLength);
    const { messages } = loadProcessor(48_000, { wasm: bytes as ArrayBuffer, path: 'original' });
    await settle(messages);
    expect(messages[0]).toMatchObject({ type: 'ready' });
    expect(messages[1]).toEqual({ type: 'path', path: 'original' });
  });

  it('refuses to run at 44.1 kHz, with a message the page can show', async () => {
    const { messages } = loadProcessor(44_100, { wasm: new WebAssembly.Module(wasmBytes), path: 'denoised' });
    await settle(messages);
    expect(messages).toEqual([
      { type: 'error', message: 'RNNoise needs 48000 Hz audio; this audio context runs at 44100 Hz' },
    ]);
  });

  it('posts five voice probabilities (50 ms of audio) per message, with the time RNNoise took', async () => {
    const { processor, messages } = loadProcessor(48_000, { wasm: new WebAssembly.Module(wasmBytes), path: 'denoised' });
    await settle(messages);
    // 19 quanta = 2,432 samples = 5 whole frames of 480.
    render(processor, 0, 19);
    const frames = messages.filter((m) => m.type === 'frames');
    expect(frames).toHaveLength(1);
    const [message] = frames;
    if (message.type !== 'frames') throw new Error('unreachable');
    expect(message.voiceProbabilities).toHaveLength(5);
    expect(message.audioMs).toBe(50);
    expect(message.processingMs).toBeGreaterThanOrEqual(0);
  });

  it('switches what the listener hears between denoised and original while playing', async () => {
    const { processor, messages, send } = loadProcessor(48_000, { wasm: new WebAssembly.Module(wasmBytes), path: 'denoised' });
    await settle(messages);
    const [heardDenoised, original1, denoised1] = render(processor, 0, 200);
    expect(Array.from(heardDenoised)).toEqual(Array.from(denoised1));
    expect(Array.from(denoised1)).not.toEqual(Array.from(original1));

    send({ type: 'set-path', path: 'original' });
    expect(messages.at(-1)).toEqual({ type: 'path', path: 'original' });
    render(processor, 200, 1); // the crossfade quantum
    const [heardOriginal, original2] = render(processor, 201, 1);
    expect(Array.from(heardOriginal)).toEqual(Array.from(original2));
  });
});
