'use client';
import { memo, useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { StoreApi } from 'zustand/vanilla';
import { assetUrl } from '@/components/assets';
import { DataTable } from '@/components/figures/DataTable';
import { useFigureStore, useStore } from '@/components/figures/useFigureStore';
import { StoreSlider } from '@/components/figures/StoreSlider';
import { Stage, Workbench } from '@/components/figures/Workbench';
import { useSettledSelection } from '@/components/hooks/useSettled';
import { CLIP } from '@/lib/vad/clipFrames';
import { DEFAULT_VAD_PARAMS, VAD_FRAME_MS, VAD_TUNING_BOUNDS, talkspurts, type VadParams } from '@/lib/vad/detector';
import { SEND_POLICIES, SEND_POLICY_LABELS, sentFrames, summarizePackets, type SendPolicy } from '@/lib/vad/packets';
import { clipPacketSummaries, clipPacketTable, clipVoiceFrames } from '@/lib/vad/tables';
import { formatCount, formatKbps, formatMs, formatPercent } from '@/lib/units';
import { MicrophonePanel } from './MicrophonePanel';
import { PacketStats } from './PacketStats';
import { POLICY_CLASS } from './policyClass';
import { recentlyUsed } from '@/components/figures/recentlyUsed';
import styles from './Figure.module.css';

/** The strips are drawn in a 1000-unit-wide viewBox and stretched to the figure's width. */
const STRIP_WIDTH = 1000;
const ENERGY_TOP_DBFS = -5;
const ENERGY_BOTTOM_DBFS = -75;

const frameCount = CLIP.energyDbfs.length;
const durationMs = frameCount * VAD_FRAME_MS;
const xOfFrame = (frame: number) => (frame / frameCount) * STRIP_WIDTH;
const frameWidth = STRIP_WIDTH / frameCount;

function energyY(dbfs: number, height: number): number {
  const clamped = Math.min(ENERGY_TOP_DBFS, Math.max(ENERGY_BOTTOM_DBFS, dbfs));
  return ((ENERGY_TOP_DBFS - clamped) / (ENERGY_TOP_DBFS - ENERGY_BOTTOM_DBFS)) * height;
}

/** Each frame's centre and left edge as path text: the same at every setting, so formatted once. */
const X_MID = Array.from({ length: frameCount }, (_, i) => (xOfFrame(i) + frameWidth / 2).toFixed(2));
const TICK_WIDTH = Math.max(frameWidth * 0.7, 0.6).toFixed(2);
const TICK_BACK = (-Math.max(frameWidth * 0.7, 0.6)).toFixed(2);
/** One 20 ms tick per frame, as path text for a 20-unit-tall strip. */
const TICKS = Array.from({ length: frameCount }, (_, i) => `M${xOfFrame(i).toFixed(2)},0h${TICK_WIDTH}v20h${TICK_BACK}z`);

function linePath(values: readonly number[], height: number): string {
  let d = '';
  for (let i = 0; i < values.length; i += 1) d += `${i === 0 ? 'M' : 'L'}${X_MID[i]},${energyY(values[i], height).toFixed(2)}`;
  return d;
}

const inRange = (dbfs: number) => dbfs >= ENERGY_BOTTOM_DBFS && dbfs <= ENERGY_TOP_DBFS;
const sameNumbers = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * The noise floor's line, and the threshold's: the floor does not move with this figure's sliders (it follows
 * the energy alone, lib/vad/detector), so its path text is kept for as long as the floor is the same, and the
 * threshold is that line moved up by the threshold when no point of either is clipped at the strip's edge
 * (else its own path). A step of a drag then formats no coordinates for either line.
 */
let lastFloor: { values: readonly number[]; path: string } | null = null;
function floorLines(floors: readonly number[], thresholdDb: number): { floor: string; threshold: string; thresholdShift: number } {
  if (!lastFloor || !sameNumbers(lastFloor.values, floors)) lastFloor = { values: floors, path: linePath(floors, 100) };
  const floor = lastFloor.path;
  if (floors.every((f) => inRange(f) && inRange(f + thresholdDb))) {
    return { floor, threshold: floor, thresholdShift: (-thresholdDb / (ENERGY_TOP_DBFS - ENERGY_BOTTOM_DBFS)) * 100 };
  }
  return { floor, threshold: linePath(floors.map((f) => f + thresholdDb), 100), thresholdShift: 0 };
}

/**
 * A new path starts after this many unsent frames: the gap is then at least 8.3 frame widths, over a pixel even
 * on the narrowest strip (~165 px for 723 frames at 320 px), so no pixel has ticks of two paths and the row
 * draws the same pixels as one path would.
 */
const TICK_RUN_GAP = 8;

/**
 * One tick per sent packet, as one path per run of ticks (runs split where TICK_RUN_GAP or more frames send
 * nothing). A single path of ~700 subpaths across the strip cost ~6 ms of raster a frame for the three rows a
 * step changes (measured on a bare page: 6.05 ms one path, 1.9 ms a path per run), raster the 4x throttle does
 * not slow but that shares the machine's cores with the page. The last paths of each policy are kept with what
 * they were built from: continuous sending's never change, and a step that sends the same packets returns the
 * same array, so the row's memo compares two references.
 */
const lastTicks = new Map<SendPolicy, { sent: readonly boolean[]; paths: string[] }>();
function ticksPaths(policy: SendPolicy, sent: readonly boolean[]): string[] {
  const last = lastTicks.get(policy);
  if (last && last.sent.length === sent.length && last.sent.every((v, i) => v === sent[i])) return last.paths;
  const paths: string[] = [];
  let d = '';
  let unsent = 0;
  for (let i = 0; i < sent.length; i += 1) {
    if (!sent[i]) {
      unsent += 1;
      continue;
    }
    if (unsent >= TICK_RUN_GAP && d) {
      paths.push(d);
      d = '';
    }
    unsent = 0;
    d += TICKS[i];
  }
  if (d) paths.push(d);
  lastTicks.set(policy, { sent, paths });
  return paths;
}

/** The talkspurts as bands across a strip, one subpath each. */
function bandsPath(spurts: readonly [number, number][], height: number): string {
  return spurts.map(([first, last]) => `M${xOfFrame(first)},0H${xOfFrame(last + 1)}V${height}H${xOfFrame(first)}Z`).join('');
}

/** The clip's waveform and energy: the same at every setting, so built once. */
const WAVE_PATH = CLIP.peak.map((p, i) => `M${X_MID[i]},${(50 - p * 48).toFixed(2)}V${(50 + p * 48).toFixed(2)}`).join('');
const ENERGY_PATH = linePath(CLIP.energyDbfs, 100);
const SECONDS_TICKS = Array.from({ length: Math.floor(durationMs / 1000) + 1 }, (_, s) => s);

/** The microphone panel runs the detector with the settled settings: it need not restart on every step of a drag. */
const SettledMicrophonePanel = memo(MicrophonePanel);
const SettledPacketStats = memo(PacketStats);

function Playhead({ frame, height }: { frame: number | null; height: number }) {
  if (frame === null) return null;
  const x = xOfFrame(frame);
  return <line className={styles.playhead} x1={x} x2={x} y1={0} y2={height} vectorEffect="non-scaling-stroke" />;
}

/**
 * What the timeline draws for one setting: the voice frames' summary, the bands, the lines and each policy's
 * ticks. Kept for the last 32 settings (a drag goes back and forth over a few), so a step back to a setting
 * runs no detector and builds no strings; a strip whose string is the same at both settings gets the same
 * string object, which its memo compares by reference.
 */
const drawnClips = recentlyUsed<ReturnType<typeof makeDrawnClip>>(32);
const drawnClip = (params: VadParams) => drawnClips(`${params.thresholdDb} ${params.hangoverFrames}`, () => makeDrawnClip(params));

function makeDrawnClip(params: VadParams) {
  const frames = clipVoiceFrames(params);
  const voice = frames.map((f) => f.voice);
  const spurts = talkspurts(frames);
  const rows = SEND_POLICIES.map((policy) => {
    const sent = sentFrames(policy, voice);
    const packets = sent.filter(Boolean).length;
    return { policy, summary: summarizePackets(policy, packets, voice.length), ticks: ticksPaths(policy, sent) };
  });
  return {
    voiceCount: voice.filter(Boolean).length,
    spurtCount: spurts.length,
    bands: bandsPath(spurts, 100),
    ...floorLines(
      frames.map((f) => f.noiseFloorDbfs),
      params.thresholdDb,
    ),
    rows,
  };
}

type ClipInputs = { thresholdDb: number; hangoverMs: number };

const paramsOf = ({ thresholdDb, hangoverMs }: ClipInputs): VadParams => ({
  ...DEFAULT_VAD_PARAMS,
  thresholdDb,
  hangoverFrames: Math.round(hangoverMs / VAD_FRAME_MS),
});
const sameParams = (a: VadParams, b: VadParams) => a.thresholdDb === b.thresholdDb && a.hangoverFrames === b.hangoverFrames;
const formatDb = (v: number) => `${v} dB`;

/**
 * Figure 1: a recorded clip, the frames the detector marks as voice, and the packets each sending
 * policy puts on the wire; then the same detector on the reader's microphone.
 *
 * The figure itself renders once: the sliders subscribe to their own inputs and the timeline to both, so a
 * step of a drag renders the slider and the timeline (and, in it, only the strips whose drawing changed); the
 * packet cards, the microphone panel and the table follow the settings once the reader stops dragging.
 */
export default function ClipFigure() {
  const store = useFigureStore<ClipInputs>(() => ({
    thresholdDb: DEFAULT_VAD_PARAMS.thresholdDb,
    hangoverMs: DEFAULT_VAD_PARAMS.hangoverFrames * VAD_FRAME_MS,
  }));
  const laterParams = useSettledSelection(store, paramsOf, sameParams);
  const laterSummaries = useMemo(() => clipPacketSummaries(laterParams), [laterParams]);
  const table = useMemo(() => clipPacketTable(laterParams), [laterParams]);

  return (
    <div className={styles.figure}>
      <Workbench>
        <Clip store={store} />

        <div className={styles.controls}>
          <StoreSlider
            store={store}
            field="thresholdDb"
            label="Threshold above the noise floor"
            name="vad-threshold"
            {...VAD_TUNING_BOUNDS.thresholdDb}
            format={formatDb}
          />
          <StoreSlider
            store={store}
            field="hangoverMs"
            label="Hangover after the last loud frame"
            name="vad-hangover"
            {...VAD_TUNING_BOUNDS.hangoverMs}
            format={formatMs}
          />
        </div>
      </Workbench>

      <SettledPacketStats summaries={laterSummaries} label="Packets the clip sends, by policy" />

      <SettledMicrophonePanel params={laterParams} />

      <DataTable data={table} />
    </div>
  );
}

/**
 * The summary line and the strips, for the store's current settings, the player, and the playhead while the
 * clip plays. Each strip is memoised on its path text, so a step of a drag rebuilds a few strings and touches
 * only the strips that changed (the waveform's and continuous sending's never do).
 */
function Clip({ store }: { store: StoreApi<ClipInputs> }) {
  const thresholdDb = useStore(store, (s) => s.thresholdDb);
  const hangoverMs = useStore(store, (s) => s.hangoverMs);
  const params = useMemo(() => paramsOf({ thresholdDb, hangoverMs }), [thresholdDb, hangoverMs]);

  const drawn = useMemo(() => drawnClip(params), [params]);

  // The playhead follows the audio element while it plays (the reader starts it; nothing moves on its own).
  const audio = useRef<HTMLAudioElement>(null);
  const [playFrame, setPlayFrame] = useState<number | null>(null);
  useEffect(() => {
    const element = audio.current;
    if (!element) return;
    let raf = 0;
    const toFrame = () => Math.min(frameCount - 1, Math.floor((element.currentTime * 1000) / VAD_FRAME_MS));
    const tick = () => {
      setPlayFrame(toFrame());
      raf = requestAnimationFrame(tick);
    };
    const onPlay = () => {
      cancelAnimationFrame(raf);
      raf = requestAnimationFrame(tick);
    };
    const onPause = () => {
      cancelAnimationFrame(raf);
      setPlayFrame(element.currentTime > 0 && !element.ended ? toFrame() : null);
    };
    const onSeek = () => setPlayFrame(toFrame());
    element.addEventListener('play', onPlay);
    element.addEventListener('pause', onPause);
    element.addEventListener('ended', onPause);
    element.addEventListener('seeked', onSeek);
    return () => {
      cancelAnimationFrame(raf);
      element.removeEventListener('play', onPlay);
      element.removeEventListener('pause', onPause);
      element.removeEventListener('ended', onPause);
      element.removeEventListener('seeked', onSeek);
    };
  }, []);

  const seek = (event: MouseEvent<HTMLDivElement>) => {
    const element = audio.current;
    if (!element) return;
    const box = event.currentTarget.getBoundingClientRect();
    const fraction = Math.min(1, Math.max(0, (event.clientX - box.left) / box.width));
    element.currentTime = (fraction * durationMs) / 1000;
    setPlayFrame(Math.min(frameCount - 1, Math.floor((fraction * durationMs) / VAD_FRAME_MS)));
  };
  const seekByKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const element = audio.current;
    if (!element || (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight')) return;
    event.preventDefault();
    element.currentTime = Math.max(0, Math.min(durationMs / 1000, element.currentTime + (event.key === 'ArrowRight' ? 1 : -1)));
    setPlayFrame(Math.floor((element.currentTime * 1000) / VAD_FRAME_MS));
  };

  return (
    <>
      <Stage>
        <p className={styles.summary} aria-live="polite" data-testid="clip-summary">
          {formatCount(drawn.voiceCount)} of {formatCount(frameCount)} frames are voice ({formatPercent(drawn.voiceCount / frameCount)}), in{' '}
          {drawn.spurtCount} talkspurts.
        </p>

        <div
          className={styles.timeline}
          onClick={seek}
          onKeyDown={seekByKey}
          role="group"
          tabIndex={0}
          aria-label="Clip timeline: click to play from a point, or use the left and right arrow keys to move by a second"
        >
          <div className={styles.rowLabel}>Waveform</div>
          <WaveStrip bands={drawn.bands} playFrame={playFrame} />

          <div className={styles.rowLabel}>
            Energy
            <span className={styles.rowSub}>
              <span className={styles.keyEnergy}>frame</span> · <span className={styles.keyFloor}>floor</span> ·{' '}
              <span className={styles.keyThreshold}>+{thresholdDb} dB</span>
            </span>
          </div>
          <EnergyStrip bands={drawn.bands} floor={drawn.floor} threshold={drawn.threshold} thresholdShift={drawn.thresholdShift} playFrame={playFrame} />

          {drawn.rows.map(({ policy, summary, ticks }) => (
            <PacketRow key={policy} policy={policy} packets={summary.packets} kbps={summary.kbps} ticks={ticks} playFrame={playFrame} />
          ))}

          <Axis />
        </div>
      </Stage>
      <div className={styles.player}>
        <audio ref={audio} src={assetUrl(CLIP.src)} controls preload="none" aria-label="The speech clip" />
        <p className={styles.transcript}>
          <span className={styles.transcriptLabel}>Transcript:</span> {CLIP.transcript}
        </p>
      </div>
    </>
  );
}

const WaveStrip = memo(function WaveStrip({ bands, playFrame }: { bands: string; playFrame: number | null }) {
  return (
    <svg className={styles.stripTall} viewBox={`0 0 ${STRIP_WIDTH} 100`} preserveAspectRatio="none" aria-hidden="true">
      <path className={styles.voiceBand} d={bands} />
      <path className={styles.wave} d={WAVE_PATH} vectorEffect="non-scaling-stroke" />
      <Playhead frame={playFrame} height={100} />
    </svg>
  );
});

const EnergyStrip = memo(function EnergyStrip({
  bands,
  floor,
  threshold,
  thresholdShift,
  playFrame,
}: {
  bands: string;
  floor: string;
  threshold: string;
  /** How far the threshold's path is moved down (negative: up), in the strip's units. */
  thresholdShift: number;
  playFrame: number | null;
}) {
  return (
    <svg className={styles.stripTall} viewBox={`0 0 ${STRIP_WIDTH} 100`} preserveAspectRatio="none" aria-hidden="true">
      <path className={styles.voiceBand} d={bands} />
      <path className={styles.energy} d={ENERGY_PATH} vectorEffect="non-scaling-stroke" />
      <path className={styles.floor} d={floor} vectorEffect="non-scaling-stroke" />
      <path
        className={styles.threshold}
        d={threshold}
        transform={thresholdShift ? `translate(0 ${thresholdShift})` : undefined}
        vectorEffect="non-scaling-stroke"
      />
      <Playhead frame={playFrame} height={100} />
    </svg>
  );
});

const Axis = memo(function Axis() {
  return (
    <>
      <div className={styles.rowLabel} aria-hidden="true" />
      <div className={styles.axis} aria-hidden="true">
        {SECONDS_TICKS.map((s) => (
          <span key={s} className={s % 2 === 1 ? styles.axisMinor : undefined} style={{ left: `${((s * 1000) / durationMs) * 100}%` }}>
            {s} s
          </span>
        ))}
      </div>
    </>
  );
});

const PacketRow = memo(function PacketRow({
  policy,
  packets,
  kbps,
  ticks,
  playFrame,
}: {
  policy: SendPolicy;
  packets: number;
  kbps: number;
  ticks: readonly string[];
  playFrame: number | null;
}) {
  return (
    <>
      <div className={styles.rowLabel}>
        {SEND_POLICY_LABELS[policy]}
        <span className={styles.rowSub}>
          {formatCount(packets)} packets · {formatKbps(Math.round(kbps * 10) / 10)}
        </span>
      </div>
      <svg className={styles.strip} viewBox={`0 0 ${STRIP_WIDTH} 20`} preserveAspectRatio="none" aria-hidden="true">
        {ticks.map((d, i) => (
          <path key={i} className={`${styles.tick} ${POLICY_CLASS[policy]}`} d={d} />
        ))}
        <Playhead frame={playFrame} height={20} />
      </svg>
    </>
  );
});
