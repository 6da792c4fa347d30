'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { DataTable } from '@/components/figures/DataTable';
import { useFigureStore, useInputs } from '@/components/figures/useFigureStore';
import { useFrameLoop } from '@/components/figures/useFrameLoop';
import { usePrefersReducedMotion } from '@/components/hooks/usePrefersReducedMotion';
import { PlayControls } from '@/components/controls/PlayControls';
import { Segmented } from '@/components/controls/Segmented';
import { Toggle } from '@/components/controls/Toggle';
import { Button } from '@/components/controls/Button';
import { Stage, Workbench } from '@/components/figures/Workbench';
import type { DenoisePath } from '@/lib/noise/framer';
import { addToTally, EMPTY_TALLY, realTimeFactor, type RealtimeTally } from '@/lib/noise/realtime';
import { RNNOISE_FRAME_MS } from '@/lib/noise/rnnoise';
import { SPECTROGRAM_AXIS } from '@/lib/noise/spectrogram';
import { denoiserTable } from '@/lib/noise/tables';
import type { RestingSpectrograms } from '@/lib/noise/restingSpectrogram';
import { clearSpectrogram, drawSpectrogramImage, drawVoiceStrip, pushSpectrogramColumn } from './canvasRenderers';
import { NOISY_CLIP } from './clip';
import { DenoiseEngine, ReaderFacingError, type FramesReport } from './denoiseEngine';
import { deviceSpeedStore } from './deviceSpeed';
import { RealtimeMeter } from './RealtimeMeter';
import styles from './Figure.module.css';

const PATH_OPTIONS = [
  { value: 'original', label: 'Original' },
  { value: 'denoised', label: 'Denoised by RNNoise' },
] as const satisfies readonly { value: DenoisePath; label: string }[];

/** Voice-probability history shown: 3 s of 10 ms frames. */
const HISTORY_FRAMES = Math.round(3000 / RNNOISE_FRAME_MS);
/** The number readout averages the last 0.5 s, so it can be read while it moves. */
const RECENT_FRAMES = Math.round(500 / RNNOISE_FRAME_MS);
/** React re-renders the readouts every 5 worklet messages (250 ms), not on every one. */
const MESSAGES_PER_READOUT = 5;
const SPECTROGRAM_WIDTH_PX = 480;
/** One spectrogram column per 1/60 s, whatever the display's refresh rate: 480 px of 2 px columns show 4 s. */
const SPECTROGRAM_COLUMN_MS = 1000 / 60;

type Status =
  | { kind: 'idle' }
  | { kind: 'loading'; what: 'clip' | 'microphone' }
  | { kind: 'clip' }
  | { kind: 'microphone' }
  | { kind: 'error'; message: string };

interface Readout {
  latest: number | null;
  recentMean: number | null;
  frames: number;
  tally: RealtimeTally;
}

/**
 * The clip's whole spectrogram before and after RNNoise, shown until something plays: its own chunk (41 kB,
 * 20 kB compressed), loaded after the figure is on the page, cached under a content hash like the code.
 */
const loadRestingSpectrograms = () =>
  import('@/media/audio/noise-suppression/spectrogram.json').then((module) => module.default as RestingSpectrograms);

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const EMPTY_READOUT: Readout = { latest: null, recentMean: null, frames: 0, tally: EMPTY_TALLY };

function cssVar(element: Element, name: string, fallback: string): string {
  return getComputedStyle(element).getPropertyValue(name).trim() || fallback;
}

export default function DenoiserFigure() {
  const store = useFigureStore(() => ({ path: 'denoised' as DenoisePath }));
  const { path } = useInputs(store);
  // Not an input of the figure: a shared link, an embed or a presenter must never switch a reader's own
  // microphone into their speakers, so this stays with this page.
  const [hearMicrophone, setHearMicrophone] = useState(false);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [confirmedPath, setConfirmedPath] = useState<DenoisePath | null>(null);
  const [readout, setReadout] = useState<Readout>(EMPTY_READOUT);
  const reducedMotion = usePrefersReducedMotion();

  const containerRef = useRef<HTMLDivElement>(null);
  const beforeRef = useRef<HTMLCanvasElement>(null);
  const afterRef = useRef<HTMLCanvasElement>(null);
  const voiceRef = useRef<HTMLCanvasElement>(null);
  const playheadRef = useRef<SVGLineElement>(null);
  const engineRef = useRef<DenoiseEngine | null>(null);
  const history = useRef({ ring: new Float32Array(HISTORY_FRAMES), newest: HISTORY_FRAMES - 1, frames: 0, messages: 0 });
  const tallyRef = useRef<RealtimeTally>(EMPTY_TALLY);
  const bins = useRef(new Float32Array(512));
  const columnClockMs = useRef(0);

  const onFrames = useCallback((report: FramesReport) => {
    const h = history.current;
    for (const probability of report.voiceProbabilities) {
      h.newest = (h.newest + 1) % h.ring.length;
      h.ring[h.newest] = probability;
      h.frames++;
    }
    h.messages++;
    tallyRef.current = addToTally(tallyRef.current, { ...report, frames: report.voiceProbabilities.length });
    if (h.messages % MESSAGES_PER_READOUT !== 0) return;
    let sum = 0;
    const count = Math.min(RECENT_FRAMES, h.frames);
    for (let i = 0; i < count; i++) sum += h.ring[(h.newest - i + h.ring.length) % h.ring.length];
    setReadout({ latest: h.ring[h.newest], recentMean: count > 0 ? sum / count : null, frames: h.frames, tally: tallyRef.current });
    deviceSpeedStore.setState({ tally: tallyRef.current });
  }, []);

  const engine = useCallback(() => {
    engineRef.current ??= new DenoiseEngine({ frames: onFrames, path: setConfirmedPath });
    return engineRef.current;
  }, [onFrames]);

  useEffect(
    () => () => {
      engineRef.current?.close();
      engineRef.current = null;
    },
    [],
  );

  // At rest the canvases show the whole clip before and after RNNoise (computed offline from the same clip by
  // scripts/audio/noise-suppression-spectrogram.ts); the first live column replaces it with the scrolling view.
  const [resting, setResting] = useState(true);
  const restingRef = useRef(true);
  useEffect(() => {
    for (const canvas of [beforeRef.current, afterRef.current]) if (canvas) clearSpectrogram(canvas);
    let cancelled = false;
    loadRestingSpectrograms()
      .then((picture) => {
        if (cancelled || !restingRef.current) return;
        const pairs = [
          [beforeRef.current, picture.before],
          [afterRef.current, picture.after],
        ] as const;
        for (const [canvas, levels] of pairs) if (canvas) drawSpectrogramImage(canvas, decodeBase64(levels), picture.columns, picture.rows);
      })
      .catch((error: unknown) => console.warn('The resting spectrogram could not be loaded; the boxes stay dark until you play.', error));
    return () => {
      cancelled = true;
    };
  }, []);
  const leaveRest = () => {
    if (!restingRef.current) return;
    restingRef.current = false;
    setResting(false);
    for (const canvas of [beforeRef.current, afterRef.current]) if (canvas) clearSpectrogram(canvas);
  };

  const running = status.kind === 'clip' || status.kind === 'microphone';

  const loop = useFrameLoop(containerRef, (dtMs) => {
    const current = engineRef.current;
    const container = containerRef.current;
    if (!current || !container) return;
    columnClockMs.current += dtMs;
    const columns = Math.min(4, Math.floor(columnClockMs.current / SPECTROGRAM_COLUMN_MS));
    // A long frame (a stutter) draws at most 4 columns and forgets the rest, rather than catching up later.
    columnClockMs.current = Math.min(columnClockMs.current - columns * SPECTROGRAM_COLUMN_MS, SPECTROGRAM_COLUMN_MS);
    if (running && current.before && current.after && beforeRef.current && afterRef.current) {
      for (let i = 0; i < columns; i++) {
        pushSpectrogramColumn(beforeRef.current, current.before, current.sampleRateHz, SPECTROGRAM_AXIS, bins.current);
        pushSpectrogramColumn(afterRef.current, current.after, current.sampleRateHz, SPECTROGRAM_AXIS, bins.current);
      }
    }
    if (voiceRef.current) {
      drawVoiceStrip(voiceRef.current, history.current.ring, history.current.newest, {
        voice: cssVar(container, '--accent', '#4654d8'),
        quiet: cssVar(container, '--muted', '#5b5e6b'),
        grid: cssVar(container, '--border', '#d9d6cc'),
      });
    }
    const position = current.clipPositionS();
    if (playheadRef.current) {
      const x = position === null ? -10 : (position / NOISY_CLIP.durationS) * 1000;
      playheadRef.current.setAttribute('x1', String(x));
      playheadRef.current.setAttribute('x2', String(x));
    }
  });

  const fail = (error: unknown) => {
    const message =
      error instanceof ReaderFacingError
        ? error.message
        : `The denoiser could not start: ${error instanceof Error ? error.message : String(error)}`;
    setStatus({ kind: 'error', message });
  };

  const toggleClip = async () => {
    if (status.kind === 'clip') {
      engine().stop();
      setStatus({ kind: 'idle' });
      return;
    }
    setStatus({ kind: 'loading', what: 'clip' });
    try {
      await engine().playClip(store.getState().path);
      leaveRest();
      setStatus({ kind: 'clip' });
    } catch (error) {
      fail(error);
    }
  };

  const toggleMicrophone = async () => {
    if (status.kind === 'microphone') {
      engine().stop();
      setStatus({ kind: 'idle' });
      return;
    }
    setStatus({ kind: 'loading', what: 'microphone' });
    try {
      await engine().useMicrophone(store.getState().path, hearMicrophone);
      leaveRest();
      setStatus({ kind: 'microphone' });
    } catch (error) {
      fail(error);
    }
  };

  const choosePath = (next: DenoisePath) => {
    store.setState({ path: next });
    engineRef.current?.setPath(next);
  };

  const chooseHearMicrophone = (on: boolean) => {
    setHearMicrophone(on);
    if (status.kind === 'microphone') engineRef.current?.setMonitor(on);
  };

  const factor = realTimeFactor(readout.tally);
  const measuredAudioS = readout.tally.audioMs / 1000;
  const table = denoiserTable(NOISY_CLIP, {
    realTimeFactor: factor,
    measuredAudioS,
    recentVoiceProbability: readout.recentMean,
  });

  return (
    <div
      ref={containerRef}
      className={styles.figure}
      data-testid="denoiser"
      data-status={status.kind}
      data-worklet-path={confirmedPath ?? ''}
    >
      <Workbench>
        <Stage>
          <div className={styles.timeline} aria-hidden="true">
            <svg viewBox="0 0 1000 20" preserveAspectRatio="none" className={styles.timelineSvg}>
              <rect x={0} y={6} width={1000} height={8} className={styles.timelineTrack} />
              {NOISY_CLIP.speechS.map(([start, end]) => (
                <rect
                  key={start}
                  x={(start / NOISY_CLIP.durationS) * 1000}
                  y={4}
                  width={((end - start) / NOISY_CLIP.durationS) * 1000}
                  height={12}
                  className={styles.timelineSpeech}
                />
              ))}
              <line ref={playheadRef} x1={-10} x2={-10} y1={0} y2={20} className={styles.playhead} />
            </svg>
            <p className={styles.timelineLegend}>
              The clip: <span className={styles.speechKey}>speech</span>, with {NOISY_CLIP.noise.join(', ')} throughout
            </p>
          </div>

          <div className={styles.spectrograms}>
            <div className={styles.spectrogram}>
              <p className={styles.label}>Before: what the microphone gives</p>
              <canvas ref={beforeRef} width={SPECTROGRAM_WIDTH_PX} height={SPECTROGRAM_AXIS.rows} aria-hidden="true" />
            </div>
            <div className={styles.spectrogram}>
              <p className={styles.label}>After: what RNNoise lets through</p>
              <canvas ref={afterRef} width={SPECTROGRAM_WIDTH_PX} height={SPECTROGRAM_AXIS.rows} aria-hidden="true" />
            </div>
          </div>

          <div className={styles.voice}>
            <p className={styles.label}>
              RNNoise’s voice probability, one bar per {RNNOISE_FRAME_MS} ms frame (number: mean of the last{' '}
              {(RECENT_FRAMES * RNNOISE_FRAME_MS) / 1000} s):{' '}
              <strong data-testid="voice-probability" data-frames={readout.frames} className={styles.voiceNumber}>
                {readout.recentMean === null ? '–' : readout.recentMean.toFixed(2)}
              </strong>
            </p>
            <canvas ref={voiceRef} width={HISTORY_FRAMES * 2} height={60} aria-hidden="true" className={styles.voiceCanvas} />
          </div>
        </Stage>
        <div className={styles.controls}>
          <Button
            className={styles.primary}
            data-control="play-clip"
            aria-pressed={status.kind === 'clip'}
            disabled={status.kind === 'loading'}
            onClick={toggleClip}
          >
            {status.kind === 'clip' ? 'Stop the clip' : 'Play the noisy clip'}
          </Button>
          <Button
            className=""
            data-control="microphone"
            aria-pressed={status.kind === 'microphone'}
            disabled={status.kind === 'loading'}
            onClick={toggleMicrophone}
          >
            {status.kind === 'microphone' ? 'Stop the microphone' : 'Use my microphone'}
          </Button>
          <Segmented label="You hear" options={PATH_OPTIONS} value={path} onChange={choosePath} name="noise-path" />
          {status.kind === 'microphone' && (
            <Toggle
              label="Hear my microphone (wear headphones, or the speakers feed back)"
              checked={hearMicrophone}
              onChange={chooseHearMicrophone}
              name="hear-microphone"
            />
          )}
          {reducedMotion && <PlayControls loop={loop} />}
        </div>

        <div className={styles.messages}>
          <p role="status" className={styles.status}>
            {status.kind === 'loading' &&
              (status.what === 'clip' ? 'Loading RNNoise and the clip…' : 'Asking for the microphone and loading RNNoise…')}
            {status.kind === 'clip' &&
              `Playing in a loop. You hear the ${path === 'denoised' ? 'denoised' : 'original'} sound; switch any time.`}
            {status.kind === 'microphone' &&
              (hearMicrophone
                ? 'Your microphone runs through RNNoise on this device, and you hear the result. Nothing is sent anywhere.'
                : 'Your microphone runs through RNNoise on this device; watch the pictures below. Nothing is sent anywhere.')}
          </p>
          {status.kind === 'error' && (
            <p role="alert" className={styles.error} data-testid="denoiser-error">
              {status.message}
            </p>
          )}
        </div>
      </Workbench>

      <p className={styles.axisNote} data-testid="spectrogram-note" data-resting={resting}>
        {resting
          ? `The spectrograms show the whole ${Math.round(NOISY_CLIP.durationS)} s clip until you play it, then the last few seconds, newest on the right. `
          : 'The spectrograms: time runs left to right, newest on the right. '}
        Pitch from {SPECTROGRAM_AXIS.minHz} Hz (bottom) to {SPECTROGRAM_AXIS.maxHz / 1000} kHz (top), on a log scale;
        brighter is louder.
      </p>

      <RealtimeMeter factor={factor} measuredAudioS={measuredAudioS} />

      <DataTable data={table} />
    </div>
  );
}
