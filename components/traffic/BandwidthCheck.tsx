'use client';
import type { LiveMemberBandwidth, LiveStreamCount, MeasuredDirection, MeasuredTraffic } from '@/lib/bandwidth';
import { formatKbps } from '@/lib/units';
import styles from './Traffic.module.css';

export interface BandwidthCheckProps {
  /**
   * What lib/bandwidth says this person sends and receives in this room now, or null before the page has
   * joined (the panel keeps its place and says what will appear in it).
   */
  predicted: LiveMemberBandwidth | null;
  /** What this browser measured of its own traffic (getStats), or null before the first two readings. */
  measured: MeasuredTraffic | null;
}

const kbps = (value: number) => formatKbps(Math.round(value));
const streams = (s: { audio: number; video: number }) => `${s.video} video, ${s.audio} audio`;

interface RowsProps {
  label: string;
  direction: 'up' | 'down';
  /** The model's figures, or null before the page has joined. */
  model: number | null;
  modelStreams: LiveStreamCount | null;
  measured: MeasuredDirection | undefined;
}

/** One direction's two rows: the bitrate, and the streams, the model's beside the browser's. */
function Rows({ label, direction, model, modelStreams, measured }: RowsProps) {
  return (
    <>
      <tr>
        <th scope="row">{label}</th>
        <td data-predicted={direction} data-kbps={model === null ? '' : Math.round(model)}>
          {model === null ? '…' : kbps(model)}
        </td>
        <td data-measured={direction} data-kbps={measured ? Math.round(measured.wireKbps) : ''}>
          {measured ? kbps(measured.wireKbps) : '…'}
        </td>
      </tr>
      <tr>
        <th scope="row">Streams {direction === 'up' ? 'sent' : 'received'}</th>
        <td>{modelStreams ? streams(modelStreams) : '…'}</td>
        <td data-measured={`${direction}-streams`} data-video={measured?.streams.video ?? ''} data-audio={measured?.streams.audio ?? ''}>
          {measured ? streams(measured.streams) : '…'}
        </td>
      </tr>
    </>
  );
}

/**
 * "The model says X up, your browser measures Y": one person's upload and download from lib/bandwidth's
 * model beside what the browser's own getStats() counts, weighed the same way (payload, RTP headers and
 * 28 bytes of IPv4 and UDP per packet). The streams rows show the mesh's N - 1 copies (or the SFU's one).
 */
export function BandwidthCheck({ predicted, measured }: BandwidthCheckProps) {
  const up = measured?.up;
  const down = measured?.down;
  return (
    <section className={styles.check} aria-labelledby="bandwidth-check-heading" data-bandwidth-check={predicted?.topology ?? 'waiting'}>
      <h2 id="bandwidth-check-heading" className={styles.checkHeading}>
        Your traffic: the model beside your browser
      </h2>
      {predicted ? (
        <p className={styles.checkSummary}>
          The model says <strong data-predicted-up-kbps={Math.round(predicted.uploadKbps)}>{kbps(predicted.uploadKbps)}</strong> up; your browser measures{' '}
          <strong data-measured-up-kbps={up ? Math.round(up.wireKbps) : ''}>{up ? kbps(up.wireKbps) : '…'}</strong>.
        </p>
      ) : (
        <p className={styles.checkSummary}>Once you join, the model&apos;s figures for the people in the room appear here beside your browser&apos;s.</p>
      )}
      <table className={styles.checkTable}>
        <caption className="visually-hidden">Upload and download of this browser: the model&apos;s prediction and the browser&apos;s measurement</caption>
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">Model</th>
            <th scope="col">Measured</th>
          </tr>
        </thead>
        <tbody>
          <Rows label="Upload" direction="up" model={predicted?.uploadKbps ?? null} modelStreams={predicted?.uploadStreams ?? null} measured={up} />
          <Rows label="Download" direction="down" model={predicted?.downloadKbps ?? null} modelStreams={predicted?.downloadStreams ?? null} measured={down} />
        </tbody>
      </table>
      {predicted && (
        <p className={styles.checkNote}>
          {predicted.topology === 'mesh'
            ? `In a mesh you send your own copy to each of the other ${predicted.people - 1}, over ${predicted.connections} ${predicted.connections === 1 ? 'connection' : 'connections'}. `
            : `Through an SFU you send each stream once, however many people there are${predicted.uploadEncodings > 1 ? ` (your camera as ${predicted.uploadEncodings} simulcast layers)` : ''}; the server sends you one layer of each camera. `}
          Measured over the last few seconds, from your browser&apos;s own statistics.{' '}
          {predicted.topology === 'mesh'
            ? 'A camera’s encoder takes a few seconds to reach its bitrate after someone joins.'
            : 'Your camera takes about half a minute to reach it: this server sends no congestion feedback, so the browser raises its estimate of your uplink slowly.'}{' '}
          A plain picture needs fewer bits than the model allows; a detailed, moving one uses them.
        </p>
      )}
    </section>
  );
}
