'use client';
import { memo, useCallback, useEffect, useRef, useState, type CSSProperties } from 'react';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { DataTable } from '@/components/figures/DataTable';
import { useFigureStore, useStore } from '@/components/figures/useFigureStore';
import { StoreSlider } from '@/components/figures/StoreSlider';
import { useSettledSelection } from '@/components/hooks/useSettled';
import { Button } from '@/components/controls/Button';
import { Stage, Workbench } from '@/components/figures/Workbench';
import {
  COUNTING_CLIP,
  DEFAULT_HEAR_IT_INPUTS,
  INPUT_RANGES,
  renderPlayout,
  type UdpTcpInputs,
} from '@/lib/transport';
import { computeHearIt, hearItSlices, lengthMs, sameInputs, STRIP_ROW, STRIP_WIDTH, type HearItRun, type StripDrawing, type StripKind, type Version } from './hearItRun';
import { assetUrl } from '@/components/assets';
import { formatMs, formatPercent } from '@/lib/units';
import { useColorScheme } from '@/components/hooks/useColorScheme';
import { markColourProperties } from './palette';
import styles from './Figure.module.css';

const VERSIONS: { version: Version; label: string; button: string }[] = [
  { version: 'original', label: 'As recorded', button: 'Play as recorded' },
  { version: 'tcp', label: 'Over TCP', button: 'Play over TCP' },
  { version: 'udp', label: 'Over UDP/RTP', button: 'Play over UDP/RTP' },
];

const formatLoss = (v: number) => formatPercent(v / 100);

let clipSamples: Promise<Float32Array> | null = null;
/**
 * Fetches and decodes the clip once per page. It is served as the lossless FLAC copy of the WAV the tests
 * read, decoded at the clip's own rate (no resampling), so it holds the WAV's 16-bit samples exactly
 * (test/e2e/assets.spec.ts).
 */
function loadClip(): Promise<Float32Array> {
  clipSamples ??= fetch(assetUrl(COUNTING_CLIP.src))
    .then((response) => {
      if (!response.ok) throw new Error(`Could not load the clip (${response.status})`);
      return response.arrayBuffer();
    })
    .then((buffer) => new OfflineAudioContext(1, 1, COUNTING_CLIP.sampleRateHz).decodeAudioData(buffer))
    .then((audio) => audio.getChannelData(0))
    .catch((error: unknown) => {
      clipSamples = null;
      throw error;
    });
  return clipSamples;
}

const KIND_COLOUR: Record<StripKind, string> = {
  played: '--mark-played',
  rushed: '--mark-rushed',
  concealed: '--mark-concealed',
  stall: '--mark-stall',
};

/**
 * One version's playout as a strip: ~400 slices and the gaps between them as one SVG path per kind (a subpath
 * per slice, built with the run: stripPaths in hearItRun.ts, in the worker), laid out in a STRIP_WIDTH x
 * STRIP_ROW viewBox stretched to the strip. A run's arrival sets a few path attributes. (As ~1,200 rects, each
 * step reconciled and restyled them all; on a canvas, each redrawn strip cost a canvas commit of ~15 ms a frame
 * with the CPU slowed 4x, docs/performance.md.) The strips are decoration beside their labels (the table has
 * the numbers), so they are hidden from assistive technology. While this version plays, the playhead is moved
 * from `playheadMs` (a ref the figure's clock updates) on each animation frame, by a transform, without a React
 * render.
 */
const Strip = memo(function Strip({
  paths,
  totalMs,
  playheadMs,
}: {
  paths: StripDrawing['paths'];
  totalMs: number;
  playheadMs: { current: number | null } | null;
}) {
  const head = useRef<HTMLSpanElement>(null);
  // While this strip plays: the playhead follows the clock, once per animation frame.
  useEffect(() => {
    const element = head.current;
    if (!playheadMs || !element) return;
    let frame = 0;
    const tick = () => {
      const at = playheadMs.current;
      element.hidden = at === null;
      // Centred on the time: the strip's drawing starts inside its 1px border, the 2px bar 1px left of its middle.
      if (at !== null) element.style.transform = `translateX(${(at / totalMs) * (element.previousElementSibling?.clientWidth ?? 0)}px)`;
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => {
      cancelAnimationFrame(frame);
      element.hidden = true;
    };
  }, [playheadMs, totalMs]);

  return (
    <span className={styles.stripBox}>
      <svg className={styles.strip} viewBox={`0 0 ${STRIP_WIDTH} ${STRIP_ROW}`} preserveAspectRatio="none" aria-hidden="true">
        {paths.map(({ kind, d }) => (
          <path key={kind} d={d} data-kind={kind} style={{ fill: `var(${KIND_COLOUR[kind]})` }} />
        ))}
      </svg>
      <span ref={head} className={styles.stripHead} hidden aria-hidden="true" />
    </span>
  );
});

/**
 * The model's run for the store's latest inputs, computed in a Web Worker (hearIt.worker.ts) and kept in a
 * small store of its own, so that only what draws the run renders when one arrives (not the figure and its
 * controls): one run in flight at a time, and when inputs change meanwhile only the newest is run next, so a
 * drag never queues up stale runs. The first run is computed here, so the figure draws at once; where a worker
 * cannot start, every run is. The inputs are read from the figure's store by subscription, not by rendering.
 */
function useHearItRun(store: StoreApi<UdpTcpInputs>): StoreApi<HearItRun> {
  const [runs] = useState(() => createStore<HearItRun>(() => computeHearIt(pickInputs(store.getState()))));
  useEffect(() => {
    const computeHere = () => {
      const inputs = pickInputs(store.getState());
      if (!sameInputs(runs.getState().inputs, inputs)) runs.setState(computeHearIt(inputs), true);
    };
    let worker: Worker | null = null;
    try {
      worker = new Worker(new URL('./hearIt.worker.ts', import.meta.url), { type: 'module' });
    } catch {
      worker = null;
    }
    let busy = false;
    let asked: UdpTcpInputs = runs.getState().inputs;
    let next: UdpTcpInputs | null = null;
    const send = (wanted: UdpTcpInputs) => {
      busy = true;
      next = null;
      asked = wanted;
      worker!.postMessage(wanted);
    };
    if (worker) {
      worker.onmessage = (event: MessageEvent<HearItRun>) => {
        busy = false;
        runs.setState(event.data, true);
        if (next) send(next);
      };
      worker.onerror = () => {
        // A worker that fails (blocked, or its script missing) hands the runs back to the page.
        worker?.terminate();
        worker = null;
        computeHere();
      };
    }
    const request = () => {
      if (!worker) return computeHere();
      const wanted = pickInputs(store.getState());
      if (busy) next = sameInputs(wanted, asked) ? null : wanted;
      else if (!sameInputs(wanted, runs.getState().inputs)) send(wanted);
    };
    const unsubscribe = store.subscribe(request);
    request();
    return () => {
      unsubscribe();
      worker?.terminate();
    };
  }, [store, runs]);
  return runs;
}

function pickInputs({ lossPercent, rttMs, jitterMs, rtoPolicy, seed }: UdpTcpInputs): UdpTcpInputs {
  return { lossPercent, rttMs, jitterMs, rtoPolicy, seed };
}

/** The three strips with their lengths: the part of the figure that follows each run as it arrives. */
function Strips({ runs, playing, playheadMs }: { runs: StoreApi<HearItRun>; playing: Version | null; playheadMs: { current: number | null } }) {
  const strips = useStore(runs, (run) => run.strips);
  const totalMs = Math.max(...VERSIONS.map(({ version }) => strips[version].lengthMs));
  return (
    <div className={styles.strips}>
      {VERSIONS.map(({ version, label }) => (
        <div key={version} className={styles.stripRow} data-version={version}>
          <span className={styles.stripLabel}>
            {label}
            <span className={styles.stripSub}>{formatMs(strips[version].lengthMs)}</span>
          </span>
          <Strip paths={strips[version].paths} totalMs={totalMs} playheadMs={playing === version ? playheadMs : null} />
        </div>
      ))}
    </div>
  );
}

/**
 * Figure: hear it. The same recorded line, played as recorded, as TCP would deliver it, and as UDP/RTP would,
 * each computed from the transport model's playout schedule at the reader's settings.
 */
export default function HearItFigure() {
  const scheme = useColorScheme() ?? 'light';
  const store = useFigureStore(() => ({ ...DEFAULT_HEAR_IT_INPUTS }));
  // What is drawn and tabulated is always one run, for the inputs it carries (the newest the worker has
  // answered; during a drag, a frame or so behind the slider); Play runs the model for the inputs shown. The sliders subscribe to their own inputs
  // and the strips to the runs: a step of a drag renders neither this figure nor its table.
  const runs = useHearItRun(store);
  const table = useSettledSelection(runs, (run) => run.table, Object.is);

  const context = useRef<AudioContext | null>(null);
  const source = useRef<AudioBufferSourceNode | null>(null);
  const [playing, setPlaying] = useState<Version | null>(null);
  // The playhead's position, written by the audio clock below and read by the playing strip as it draws.
  const playheadMs = useRef<number | null>(null);
  const [status, setStatus] = useState('');
  const playButtons = useRef<Partial<Record<Version, HTMLButtonElement | null>>>({});

  const stop = useCallback(() => {
    const node = source.current;
    source.current = null;
    if (node) {
      node.onended = null;
      try {
        node.stop();
      } catch {
        // Already stopped.
      }
      node.disconnect();
    }
    setPlaying(null);
    playheadMs.current = null;
  }, []);

  // The playhead follows the audio clock while something plays.
  useEffect(() => {
    if (!playing) return;
    const ctx = context.current;
    const startedAt = ctx?.currentTime ?? 0;
    let raf = 0;
    const tick = () => {
      if (ctx) playheadMs.current = (ctx.currentTime - startedAt) * 1000;
      raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, [playing]);

  useEffect(
    () => () => {
      stop();
      void context.current?.close();
    },
    [stop],
  );

  const play = async (version: Version) => {
    stop();
    setStatus('Loading the clip…');
    try {
      const samples = await loadClip();
      // The slices for the inputs shown now (one run of the model, here: the worker sends only the drawing).
      const now = hearItSlices(pickInputs(store.getState()));
      const rendered = renderPlayout(samples, COUNTING_CLIP.sampleRateHz, now[version]);
      context.current ??= new AudioContext();
      const ctx = context.current;
      if (ctx.state === 'suspended') await ctx.resume();
      const buffer = ctx.createBuffer(1, rendered.length, COUNTING_CLIP.sampleRateHz);
      buffer.copyToChannel(rendered, 0);
      const node = ctx.createBufferSource();
      node.buffer = buffer;
      node.connect(ctx.destination);
      const label = VERSIONS.find((v) => v.version === version)!.label;
      node.onended = () => {
        if (source.current !== node) return;
        stop();
        setStatus(`Played: ${label}.`);
      };
      source.current = node;
      node.start();
      setPlaying(version);
      setStatus(`Playing: ${label} (${formatMs(lengthMs(now[version]))}).`);
    } catch (error) {
      setStatus(error instanceof Error ? error.message : 'The clip could not be played.');
    }
  };

  return (
    <div className={styles.figure} style={markColourProperties(scheme) as CSSProperties}>
      <Workbench>
        <Stage>
          <Strips runs={runs} playing={playing} playheadMs={playheadMs} />
          <p className={styles.status} role="status" data-playing={playing ?? ''}>
            {status}
          </p>
        </Stage>
        <div className="controls" role="group" aria-label="Play the clip">
          {VERSIONS.map(({ version, button }) => (
            <Button
              key={version}
              ref={(element) => {
                playButtons.current[version] = element;
              }}
              className={playing === version ? 'button button-primary' : 'button'}
              data-control={`hear-play-${version}`}
              aria-pressed={playing === version}
              onClick={() => void play(version)}
            >
              {button}
            </Button>
          ))}
          <Button
            data-control="hear-stop"
            disabled={!playing}
            onClick={() => {
              // Back to the version that was playing, so Enter plays it again.
              const was = playing;
              stop();
              if (was) playButtons.current[was]?.focus();
            }}
          >
            Stop
          </Button>
          <Button data-control="hear-reroll" onClick={() => store.setState((s) => ({ seed: s.seed + 1 }))}>
            Another run
          </Button>
        </div>
        <div className="controls">
          <StoreSlider store={store} field="lossPercent" label="Packet loss" name="hear-loss" {...INPUT_RANGES.lossPercent} format={formatLoss} />
          <StoreSlider store={store} field="rttMs" label="Round trip (RTT)" name="hear-rtt" {...INPUT_RANGES.rttMs} format={formatMs} />
          <StoreSlider store={store} field="jitterMs" label="Jitter" name="hear-jitter" {...INPUT_RANGES.jitterMs} format={formatMs} />
        </div>
      </Workbench>
      <p className={styles.transcript}>
        <span className={styles.transcriptLabel}>Transcript:</span> {COUNTING_CLIP.transcript}
      </p>

      <DataTable data={table} />
    </div>
  );
}
