'use client';
import {
  OPUS_FRAME_MS_CHOICES,
  OPUS_KBPS_BOUNDS,
  DISCORD_DEFAULT_OPUS_KBPS,
  OPUS_DEFAULT_FRAME_MS,
  voiceStream,
  voiceStreamTable,
} from '@/lib/bandwidth';
import { formatKbps, formatPercent } from '@/lib/units';
import { useFigureStore, useInputs } from '@/components/figures/useFigureStore';
import { DataTable } from '@/components/figures/DataTable';
import { Slider } from '@/components/controls/Slider';
import { Segmented } from '@/components/controls/Segmented';
import { Stage, Workbench } from '@/components/figures/Workbench';
import styles from './Figure.module.css';

type FrameChoice = `${(typeof OPUS_FRAME_MS_CHOICES)[number]}`;
const FRAME_OPTIONS = OPUS_FRAME_MS_CHOICES.map((ms) => ({ value: `${ms}` as FrameChoice, label: `${ms} ms` }));

/** One voice stream's wire cost: Opus payload plus 40 bytes of headers on every packet. */
export default function StreamFigure() {
  const store = useFigureStore(() => ({ opusKbps: DISCORD_DEFAULT_OPUS_KBPS, frameMs: OPUS_DEFAULT_FRAME_MS as number }));
  const { opusKbps, frameMs } = useInputs(store);
  const stream = voiceStream({ opusKbps, frameMs });
  const payloadShare = 1 - stream.headerShare;
  return (
    <div className={styles.figure}>
      <Workbench>
        <Stage>
          <div className={styles.packet} aria-hidden="true">
            <span className={styles.packetHeaders} style={{ flexGrow: stream.headerShare }}>
              headers {stream.headerBytesPerPacket} B
            </span>
            <span className={styles.packetPayload} style={{ flexGrow: payloadShare }}>
              Opus {stream.payloadBytesPerPacket.toLocaleString('en-US', { maximumFractionDigits: 1 })} B
            </span>
          </div>
          <p className={styles.summary} aria-live="polite" data-testid="stream-summary" data-value={stream.wireKbps}>
            {formatKbps(stream.opusKbps)} of Opus + {formatKbps(stream.headerKbps)} of headers ({stream.packetsPerSecond.toLocaleString('en-US', { maximumFractionDigits: 1 })}{' '}
            packets a second) = <strong>{formatKbps(stream.wireKbps)} on the wire</strong>, which is{' '}
            {stream.wireKBps.toLocaleString('en-US', { maximumFractionDigits: 2 })} kB/s. Headers are{' '}
            {formatPercent(stream.headerShare)} of it.
          </p>
        </Stage>
        <div className="controls">
          <Slider
            label="Opus bitrate"
            name="opus-kbps"
            {...OPUS_KBPS_BOUNDS}
            value={opusKbps}
            onChange={(value) => store.setState({ opusKbps: value })}
            format={(value) => formatKbps(value)}
          />
          <Segmented<FrameChoice>
            label="Audio per packet"
            name="frame-ms"
            options={FRAME_OPTIONS}
            value={`${frameMs}` as FrameChoice}
            onChange={(value) => store.setState({ frameMs: Number(value) })}
          />
        </div>
      </Workbench>
      <DataTable data={voiceStreamTable(stream)} />
    </div>
  );
}
