'use client';
import type { LiveMemberBandwidth, MeasuredTraffic } from '@/lib/bandwidth';
import { formatKbps } from '@/lib/units';
import styles from './Mesh.module.css';

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

/**
 * "The model says X up, your browser measures Y": one person's upload and download from lib/bandwidth's
 * model beside what the browser's own getStats() counts, weighed the same way (payload, RTP headers and
 * 28 bytes of IPv4 and UDP per packet). The streams rows show the mesh's N - 1 copies (or the SFU's one).
 */
export function BandwidthCheck({ predicted, measured }: BandwidthCheckProps) {
  const up = measured?.up;
  const down = measured?.down;
  const model = (value: (p: LiveMemberBandwidth) => string) => (predicted ? value(predicted) : '…');
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
          <tr>
            <th scope="row">Upload</th>
            <td>{model((p) => kbps(p.uploadKbps))}</td>
            <td data-measured="up">{up ? kbps(up.wireKbps) : '…'}</td>
          </tr>
          <tr>
            <th scope="row">Streams sent</th>
            <td>{model((p) => streams(p.uploadStreams))}</td>
            <td data-measured="up-streams" data-video={up?.streams.video ?? ''} data-audio={up?.streams.audio ?? ''}>
              {up ? streams(up.streams) : '…'}
            </td>
          </tr>
          <tr>
            <th scope="row">Download</th>
            <td>{model((p) => kbps(p.downloadKbps))}</td>
            <td data-measured="down">{down ? kbps(down.wireKbps) : '…'}</td>
          </tr>
          <tr>
            <th scope="row">Streams received</th>
            <td>{model((p) => streams(p.downloadStreams))}</td>
            <td data-measured="down-streams" data-video={down?.streams.video ?? ''} data-audio={down?.streams.audio ?? ''}>
              {down ? streams(down.streams) : '…'}
            </td>
          </tr>
        </tbody>
      </table>
      <p className={styles.checkNote}>
        {predicted === null
          ? ''
          : predicted.topology === 'mesh'
            ? `In a mesh you send your own copy to each of the other ${predicted.people - 1}, over ${predicted.connections} ${predicted.connections === 1 ? 'connection' : 'connections'}. `
            : 'Through an SFU you send each stream once, however many people there are. '}
        Measured over the last few seconds, from your browser&apos;s own statistics; a camera&apos;s encoder takes a few seconds to reach its bitrate after someone joins.
      </p>
    </section>
  );
}
