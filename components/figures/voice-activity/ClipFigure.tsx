'use client';
import { memo, useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { assetUrl } from '@/components/assets';
import { DataTable } from '@/components/figures/DataTable';
import { useFigureStore, useStore } from '@/components/figures/useFigureStore';
import { Slider } from '@/components/controls/Slider';
import { Stage, Workbench } from '@/components/figures/Workbench';
import { useSettled } from '@/components/hooks/useSettled';
import { CLIP } from '@/lib/vad/clipFrames';
import { DEFAULT_VAD_PARAMS, VAD_FRAME_MS, VAD_TUNING_BOUNDS, talkspurts, type VadParams } from '@/lib/vad/detector';
import { SEND_POLICIES, SEND_POLICY_LABELS, sentFrames, type PacketSummary, type SendPolicy } from '@/lib/vad/packets';
import { clipPacketSummaries, clipPacketTable, clipVoiceFrames } from '@/lib/vad/tables';
import { formatCount, formatKbps, formatMs, formatPercent } from '@/lib/units';
import { MicrophonePanel } from './MicrophonePanel';
import { PacketStats } from './PacketStats';
import { POLICY_CLASS } from './policyClass';
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

function linePath(values: readonly number[], height: number): string {
  return values.map((v, i) => `${i === 0 ? 'M' : 'L'}${(xOfFrame(i) + frameWidth / 2).toFixed(2)},${energyY(v, height).toFixed(2)}`).join('');
}

/** One 20 ms tick per sent packet, as a single path. */
function ticksPath(sent: readonly boolean[], height: number): string {
  return sent.map((s, i) => (s ? `M${xOfFrame(i).toFixed(2)},0h${Math.max(frameWidth * 0.7, 0.6).toFixed(2)}v${height}h${(-Math.max(frameWidth * 0.7, 0.6)).toFixed(2)}z` : '')).join('');
}

/** The clip's waveform and energy: the same at every setting, so built once. */
const WAVE_PATH = CLIP.peak.map((p, i) => `M${(xOfFrame(i) + frameWidth / 2).toFixed(2)},${(50 - p * 48).toFixed(2)}V${(50 + p * 48).toFixed(2)}`).join('');
const ENERGY_PATH = linePath(CLIP.energyDbfs, 100);

/** The microphone panel runs the detector with the settled settings: it need not restart on every step of a drag. */
const SettledMicrophonePanel = memo(MicrophonePanel);

function Playhead({ frame, height }: { frame: number | null; height: number }) {
  if (frame === null) return null;
  const x = xOfFrame(frame);
  return <line className={styles.playhead} x1={x} x2={x} y1={0} y2={height} vectorEffect="non-scaling-stroke" />;
}

/**
 * Figure 1: a recorded clip, the frames the detector marks as voice, and the packets each sending
 * policy puts on the wire; then the same detector on the reader's microphone.
 */
export default function ClipFigure() {
  const store = useFigureStore(() => ({
    thresholdDb: DEFAULT_VAD_PARAMS.thresholdDb,
    hangoverMs: DEFAULT_VAD_PARAMS.hangoverFrames * VAD_FRAME_MS,
  }));
  const thresholdDb = useStore(store, (s) => s.thresholdDb);
  const hangoverMs = useStore(store, (s) => s.hangoverMs);
  const params: VadParams = useMemo(
    () => ({ ...DEFAULT_VAD_PARAMS, thresholdDb, hangoverFrames: Math.round(hangoverMs / VAD_FRAME_MS) }),
    [thresholdDb, hangoverMs],
  );

  const frames = useMemo(() => clipVoiceFrames(params), [params]);
  const voice = useMemo(() => frames.map((f) => f.voice), [frames]);
  const summaries = useMemo(() => clipPacketSummaries(params), [params]);
  const sent = useMemo(
    () => Object.fromEntries(SEND_POLICIES.map((p) => [p, sentFrames(p, voice)])) as Record<SendPolicy, boolean[]>,
    [voice],
  );
  const spurts = useMemo(() => talkspurts(frames), [frames]);
  // The packet cards, the microphone panel and the table follow the settings once the reader stops dragging.
  const laterParams = useSettled(params);
  const laterSummaries = useMemo(() => clipPacketSummaries(laterParams), [laterParams]);
  const table = useMemo(() => clipPacketTable(laterParams), [laterParams]);
  const voiceCount = voice.filter(Boolean).length;

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

  const voiceRects = spurts.map(([first, last]) => (
    <rect key={first} className={styles.voiceBand} x={xOfFrame(first)} width={xOfFrame(last + 1) - xOfFrame(first)} y={0} height={100} />
  ));

  const floorPlusThreshold = frames.map((f) => f.noiseFloorDbfs + params.thresholdDb);
  const secondsTicks = Array.from({ length: Math.floor(durationMs / 1000) + 1 }, (_, s) => s);

  return (
    <div className={styles.figure}>
      <Workbench>
        <Stage>
          <p className={styles.summary} aria-live="polite" data-testid="clip-summary">
            {formatCount(voiceCount)} of {formatCount(frameCount)} frames are voice ({formatPercent(voiceCount / frameCount)}), in{' '}
            {spurts.length} talkspurts.
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
            <svg className={styles.stripTall} viewBox={`0 0 ${STRIP_WIDTH} 100`} preserveAspectRatio="none" aria-hidden="true">
              {voiceRects}
              <path
                className={styles.wave}
                d={WAVE_PATH}
                vectorEffect="non-scaling-stroke"
              />
              <Playhead frame={playFrame} height={100} />
            </svg>

            <div className={styles.rowLabel}>
              Energy
              <span className={styles.rowSub}>
                <span className={styles.keyEnergy}>frame</span> · <span className={styles.keyFloor}>floor</span> ·{' '}
                <span className={styles.keyThreshold}>+{thresholdDb} dB</span>
              </span>
            </div>
            <svg className={styles.stripTall} viewBox={`0 0 ${STRIP_WIDTH} 100`} preserveAspectRatio="none" aria-hidden="true">
              {voiceRects}
              <path className={styles.energy} d={ENERGY_PATH} vectorEffect="non-scaling-stroke" />
              <path className={styles.floor} d={linePath(frames.map((f) => f.noiseFloorDbfs), 100)} vectorEffect="non-scaling-stroke" />
              <path className={styles.threshold} d={linePath(floorPlusThreshold, 100)} vectorEffect="non-scaling-stroke" />
              <Playhead frame={playFrame} height={100} />
            </svg>

            {SEND_POLICIES.map((policy) => (
              <PacketRow
                key={policy}
                summary={summaries.find((summary) => summary.policy === policy)!}
                sent={sent[policy]}
                playFrame={playFrame}
              />
            ))}

            <div className={styles.rowLabel} aria-hidden="true" />
            <div className={styles.axis} aria-hidden="true">
              {secondsTicks.map((s) => (
                <span key={s} className={s % 2 === 1 ? styles.axisMinor : undefined} style={{ left: `${((s * 1000) / durationMs) * 100}%` }}>
                  {s} s
                </span>
              ))}
            </div>
          </div>
        </Stage>
        <div className={styles.player}>
          <audio ref={audio} src={assetUrl(CLIP.src)} controls preload="none" aria-label="The speech clip" />
          <p className={styles.transcript}>
            <span className={styles.transcriptLabel}>Transcript:</span> {CLIP.transcript}
          </p>
        </div>

        <div className={styles.controls}>
          <Slider
            label="Threshold above the noise floor"
            name="vad-threshold"
            value={thresholdDb}
            {...VAD_TUNING_BOUNDS.thresholdDb}
            format={(v) => `${v} dB`}
            onChange={(v) => store.setState({ thresholdDb: v })}
          />
          <Slider
            label="Hangover after the last loud frame"
            name="vad-hangover"
            value={hangoverMs}
            {...VAD_TUNING_BOUNDS.hangoverMs}
            format={formatMs}
            onChange={(v) => store.setState({ hangoverMs: v })}
          />
        </div>
      </Workbench>

      <PacketStats summaries={laterSummaries} label="Packets the clip sends, by policy" />

      <SettledMicrophonePanel params={laterParams} />

      <DataTable data={table} />
    </div>
  );
}

function PacketRow({ summary, sent, playFrame }: { summary: PacketSummary; sent: boolean[]; playFrame: number | null }) {
  const { policy } = summary;
  return (
    <>
      <div className={styles.rowLabel}>
        {SEND_POLICY_LABELS[policy]}
        <span className={styles.rowSub}>
          {formatCount(summary.packets)} packets · {formatKbps(Math.round(summary.kbps * 10) / 10)}
        </span>
      </div>
      <svg className={styles.strip} viewBox={`0 0 ${STRIP_WIDTH} 20`} preserveAspectRatio="none" aria-hidden="true">
        <path className={`${styles.tick} ${POLICY_CLASS[policy]}`} d={ticksPath(sent, 20)} />
        <Playhead frame={playFrame} height={20} />
      </svg>
    </>
  );
}
