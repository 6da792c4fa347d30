'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  DEFAULT_VAD_PARAMS,
  collectFrames,
  frameEnergyDbfs,
  initialVadState,
  samplesPerFrame,
  stepVad,
  type VadFrame,
  type VadParams,
  type VadState,
} from '@/lib/vad/detector';
import { initialLivePacketCounts, stepLivePacketCounts, type LivePacketCounts } from '@/lib/vad/packets';

/** How many recent frames the live strip shows: 250 x 20 ms = 5 s. */
export const LIVE_HISTORY_FRAMES = 250;

export type MicrophoneStatus = 'idle' | 'starting' | 'running' | 'error';

export type MicrophoneProblem = 'denied' | 'no-device' | 'busy' | 'insecure' | 'unsupported' | 'failed';

export const MICROPHONE_MESSAGES: Readonly<Record<MicrophoneProblem, string>> = {
  denied:
    'Microphone access was blocked, so the detector cannot hear you. The recorded clip above still works. To try your own voice, allow the microphone for this site (the icon at the left of the address bar) and press the button again.',
  'no-device':
    'No microphone was found. Plug one in (or enable it in your system settings) and press the button again; the recorded clip above works without one.',
  busy: 'The microphone is there but could not be started: another app may be using it. Close that app and try again.',
  insecure: 'Browsers only give a page the microphone over a secure connection (https or localhost), so it is not available here.',
  unsupported: 'This browser cannot capture or process live audio here. The recorded clip above shows the same detector.',
  failed: 'The microphone could not be started. Press the button to try again.',
};

function problemOf(error: unknown): MicrophoneProblem {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError') return 'no-device';
  if (name === 'NotReadableError' || name === 'TrackStartError' || name === 'AbortError') return 'busy';
  if (name === 'NotSupportedError') return 'unsupported';
  return 'failed';
}

/**
 * The audio thread only copies each 128-sample render quantum to the page; framing and detection run
 * on the page with the same lib/vad code as the recorded clip. The processor is a small file in
 * public/worklets (a blob: URL would need blob: in the Content-Security-Policy's script-src).
 */
const TAP_PROCESSOR = 'voice-activity-tap';
const TAP_MODULE_URL = '/worklets/vad-tap.js';

export interface MicrophoneVad {
  status: MicrophoneStatus;
  problem: MicrophoneProblem | null;
  /** The most recent frames, oldest first, at most LIVE_HISTORY_FRAMES. */
  frames: VadFrame[];
  counts: LivePacketCounts;
  /** The microphone's sample rate, once running. */
  sampleRateHz: number | null;
  start: () => Promise<void>;
  stop: () => void;
}

interface Session {
  context: AudioContext;
  stream: MediaStream;
  node: AudioWorkletNode;
}

/** Runs the voice-activity detector on the reader's microphone, 20 ms at a time, while started. */
export function useMicrophoneVad(params: Readonly<VadParams> = DEFAULT_VAD_PARAMS): MicrophoneVad {
  const [status, setStatus] = useState<MicrophoneStatus>('idle');
  const [problem, setProblem] = useState<MicrophoneProblem | null>(null);
  const [frames, setFrames] = useState<VadFrame[]>([]);
  const [counts, setCounts] = useState<LivePacketCounts>(initialLivePacketCounts);
  const [sampleRateHz, setSampleRateHz] = useState<number | null>(null);

  const session = useRef<Session | null>(null);
  // Bumped by every start, stop and unmount, so a start still waiting for permission knows it is stale.
  const generation = useRef(0);
  const paramsRef = useRef(params);
  useEffect(() => {
    paramsRef.current = params;
  }, [params]);

  const release = useCallback(() => {
    const current = session.current;
    session.current = null;
    if (!current) return;
    current.node.port.onmessage = null;
    current.node.disconnect();
    current.stream.getTracks().forEach((track) => track.stop());
    void current.context.close().catch(() => undefined);
  }, []);

  const stop = useCallback(() => {
    generation.current += 1;
    release();
    setStatus('idle');
  }, [release]);

  const start = useCallback(async () => {
    const mine = (generation.current += 1);
    const stale = () => generation.current !== mine;
    release();
    setProblem(null);
    setFrames([]);
    setCounts(initialLivePacketCounts());
    if (typeof window !== 'undefined' && !window.isSecureContext) {
      setProblem('insecure');
      setStatus('error');
      return;
    }
    if (!navigator.mediaDevices?.getUserMedia) {
      setProblem('unsupported');
      setStatus('error');
      return;
    }
    setStatus('starting');
    let stream: MediaStream;
    try {
      // The detector should hear the raw microphone, as a client's VAD does before the encoder.
      stream = await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
      });
    } catch (error) {
      if (stale()) return;
      setProblem(problemOf(error));
      setStatus('error');
      return;
    }
    if (stale()) {
      stream.getTracks().forEach((track) => track.stop());
      return;
    }
    let context: AudioContext | null = null;
    try {
      context = new AudioContext();
      if (!context.audioWorklet) throw Object.assign(new Error('no AudioWorklet'), { name: 'Unsupported' });
      await context.audioWorklet.addModule(TAP_MODULE_URL);
      const source = context.createMediaStreamSource(stream);
      const node = new AudioWorkletNode(context, TAP_PROCESSOR, { numberOfInputs: 1, numberOfOutputs: 1 });
      // The tap writes nothing to its output; connecting it keeps the graph pulling audio through it.
      source.connect(node).connect(context.destination);
      await context.resume();
      if (stale()) throw Object.assign(new Error('stopped while starting'), { name: 'Stale' });

      const frameSize = samplesPerFrame(context.sampleRate);
      let leftover: number[] = [];
      let vadState: VadState = initialVadState();
      let live = initialLivePacketCounts();
      let history: VadFrame[] = [];
      node.port.onmessage = (event: MessageEvent<Float32Array>) => {
        const collected = collectFrames(leftover, event.data, frameSize);
        leftover = collected.leftover;
        if (collected.frames.length === 0) return;
        for (const samples of collected.frames) {
          const result = stepVad(vadState, frameEnergyDbfs(samples), paramsRef.current);
          vadState = result.state;
          live = stepLivePacketCounts(live, result.frame.voice);
          history = [...history, result.frame].slice(-LIVE_HISTORY_FRAMES);
        }
        setFrames(history);
        setCounts(live);
      };
      session.current = { context, stream, node };
      // Unplugging the microphone ends its track.
      stream.getAudioTracks()[0]?.addEventListener('ended', () => {
        if (generation.current !== mine) return;
        release();
        setProblem('no-device');
        setStatus('error');
      });
      setSampleRateHz(context.sampleRate);
      setStatus('running');
    } catch (error) {
      stream.getTracks().forEach((track) => track.stop());
      void context?.close().catch(() => undefined);
      if (stale()) return;
      setProblem(error instanceof Error && error.name === 'Unsupported' ? 'unsupported' : 'failed');
      setStatus('error');
    }
  }, [release]);

  useEffect(
    () => () => {
      generation.current += 1;
      release();
    },
    [release],
  );

  return { status, problem, frames, counts, sampleRateHz, start, stop };
}
