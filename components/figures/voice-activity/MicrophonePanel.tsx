'use client';
import type { VadParams } from '@/lib/vad/detector';
import { VAD_FRAME_MS } from '@/lib/vad/detector';
import { SEND_POLICIES, summarizePackets } from '@/lib/vad/packets';
import { formatCount, formatMs } from '@/lib/units';
import { Button } from '@/components/controls/Button';
import { PacketStats } from './PacketStats';
import { LIVE_HISTORY_FRAMES, MICROPHONE_MESSAGES, useMicrophoneVad } from './useMicrophoneVad';
import styles from './Figure.module.css';

const LIVE_TOP_DBFS = -5;
const LIVE_BOTTOM_DBFS = -85;
const liveY = (dbfs: number) =>
  ((LIVE_TOP_DBFS - Math.min(LIVE_TOP_DBFS, Math.max(LIVE_BOTTOM_DBFS, dbfs))) / (LIVE_TOP_DBFS - LIVE_BOTTOM_DBFS)) * 100;

/** "Use my microphone": the same detector and packet counts, live, on the reader's own voice. */
export function MicrophonePanel({ params }: { params: Readonly<VadParams> }) {
  const mic = useMicrophoneVad(params);
  const running = mic.status === 'running';
  const summaries = SEND_POLICIES.map((policy) => summarizePackets(policy, mic.counts.packets[policy], mic.counts.frames));
  const latest = mic.frames[mic.frames.length - 1];
  const offset = LIVE_HISTORY_FRAMES - mic.frames.length;

  return (
    <section className={styles.mic} aria-label="Your microphone" data-mic-status={mic.status}>
      <div className={styles.micHeader}>
        <Button
          className={styles.micButton}
          onClick={() => (running ? mic.stop() : void mic.start())}
          disabled={mic.status === 'starting'}
          data-control="vad-microphone"
          aria-pressed={running}
        >
          {running ? 'Stop my microphone' : mic.status === 'starting' ? 'Asking for the microphone…' : 'Use my microphone'}
        </Button>
        <p className={styles.micNote}>
          Runs the same detector, with the settings above, on your voice. The audio stays in this tab: nothing is
          recorded or sent.
        </p>
      </div>

      {mic.problem && (
        <p className={styles.micProblem} role="alert" data-testid="mic-problem" data-problem={mic.problem}>
          {MICROPHONE_MESSAGES[mic.problem]}
        </p>
      )}

      {running && (
        <>
          <p className={styles.micLive} aria-live="polite" data-testid="mic-live">
            <span className={latest?.voice ? styles.micVoice : styles.micQuiet} data-testid="mic-state">
              {latest?.voice ? 'Voice: sending' : 'Quiet: VAD sends nothing'}
            </span>{' '}
            <span className={styles.micDetail}>
              {formatCount(mic.counts.frames)} frames heard, {formatCount(mic.counts.voiceFrames)} voice
              {mic.sampleRateHz ? ` · ${formatCount(mic.sampleRateHz)} Hz` : ''}
            </span>
          </p>
          <div className={styles.liveStrip}>
            <svg viewBox={`0 0 ${LIVE_HISTORY_FRAMES} 100`} preserveAspectRatio="none" aria-hidden="true">
              {mic.frames.map((frame, i) => (
                <rect
                  key={frame.index}
                  x={offset + i}
                  width={0.8}
                  y={liveY(frame.energyDbfs)}
                  height={100 - liveY(frame.energyDbfs)}
                  className={frame.voice ? styles.liveVoice : styles.liveQuiet}
                />
              ))}
              <path
                className={styles.floor}
                d={mic.frames.map((f, i) => `${i === 0 ? 'M' : 'L'}${offset + i},${liveY(f.noiseFloorDbfs).toFixed(2)}`).join('')}
                vectorEffect="non-scaling-stroke"
              />
            </svg>
            <span className={styles.liveCaption}>
              The last {formatMs(LIVE_HISTORY_FRAMES * VAD_FRAME_MS)}: one bar per {VAD_FRAME_MS} ms frame, coloured when it
              counts as voice; the line is the noise floor.
            </span>
          </div>
          <PacketStats summaries={summaries} label="Packets your microphone would send, by policy" />
        </>
      )}
    </section>
  );
}
