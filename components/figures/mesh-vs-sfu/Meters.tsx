'use client';
import { exceedsUplink, type PersonBandwidth, type RoomBandwidth, type UplinkReference } from '@/lib/bandwidth';
import { formatKbps } from '@/lib/units';
import styles from './Figure.module.css';

/** Exact kbps up to a gigabit (so 79,920 kbps reads as the model says), Mbps/Gbps beyond. */
export function formatMeterKbps(kbps: number): string {
  return kbps < 1_000_000 ? formatKbps(kbps) : formatKbps(kbps, { compact: true });
}

function Bar({
  name,
  label,
  kbps,
  capacityKbps,
  over,
}: {
  name: string;
  label: string;
  kbps: number;
  capacityKbps: number;
  over: boolean;
}) {
  const share = Math.min(1, kbps / capacityKbps);
  const times = kbps / capacityKbps;
  return (
    <div className={styles.meter} data-meter={name} data-value={kbps} data-over={over}>
      <span className={styles.meterLabel}>{label}</span>
      <span className={styles.meterTrack} aria-hidden="true">
        <span className={over ? styles.meterFillOver : styles.meterFill} style={{ width: `${share * 100}%` }} />
      </span>
      <span className={styles.meterValue}>
        {formatMeterKbps(kbps)}
        {over && <strong className={styles.overNote}>{times.toFixed(1)}× the link</strong>}
      </span>
    </div>
  );
}

function PersonMeters({ id, title, person, uplink }: { id: string; title: string; person: PersonBandwidth; uplink: UplinkReference }) {
  return (
    <div className={styles.person}>
      <h4 className={styles.personTitle}>
        {title} <span className={styles.personCount}>×{person.count.toLocaleString('en-US')}</span>
      </h4>
      <Bar
        name={`${id}-upload`}
        label="Upload"
        kbps={person.uploadKbps}
        capacityKbps={uplink.uploadKbps}
        over={exceedsUplink(person.uploadKbps, uplink)}
      />
      <Bar
        name={`${id}-download`}
        label="Download"
        kbps={person.downloadKbps}
        capacityKbps={uplink.downloadKbps}
        over={person.downloadKbps > uplink.downloadKbps}
      />
    </div>
  );
}

/** Per-person upload and download bars, measured against the chosen household link. */
export function Meters({ room, uplink }: { room: RoomBandwidth; uplink: UplinkReference }) {
  return (
    <div className={styles.meters}>
      {room.talker && <PersonMeters id="talker" title="Each person talking" person={room.talker} uplink={uplink} />}
      {room.listener && <PersonMeters id="listener" title="Each person listening" person={room.listener} uplink={uplink} />}
      <ServerPanel room={room} />
    </div>
  );
}

function ServerPanel({ room }: { room: RoomBandwidth }) {
  if (!room.server) {
    return (
      <div className={styles.person} data-meter="server">
        <h4 className={styles.personTitle}>No server</h4>
        <p className={styles.serverLine}>
          Every copy leaves someone’s home connection: <span data-value={room.totalUploadKbps}>
            {formatMeterKbps(room.totalUploadKbps)}
          </span>{' '}
          in all, over {room.connections.toLocaleString('en-US')} connections.
        </p>
      </div>
    );
  }
  return (
    <div className={styles.person}>
      <h4 className={styles.personTitle}>The server</h4>
      <p className={styles.serverLine} data-meter="server-ingress" data-value={room.server.ingressKbps}>
        Receives {formatMeterKbps(room.server.ingressKbps)} ({room.server.ingressStreams.toLocaleString('en-US')}{' '}
        streams)
      </p>
      <p className={styles.serverLine} data-meter="server-egress" data-value={room.server.egressKbps}>
        Sends {formatMeterKbps(room.server.egressKbps)} ({room.server.egressStreams.toLocaleString('en-US')}{' '}
        {room.topology === 'mcu' ? 'mixed streams' : 'copies'})
      </p>
      {room.mcu && (
        <p className={styles.serverLine} data-meter="mcu-work" data-value={room.mcu.audioMixesEncoded}>
          Decodes {room.mcu.audioStreamsDecoded.toLocaleString('en-US')} voices, encodes{' '}
          {room.mcu.audioMixesEncoded.toLocaleString('en-US')} different mixes:{' '}
          {room.mcu.audioDecodesPerSecond.toLocaleString('en-US')} decodes and{' '}
          {room.mcu.audioEncodesPerSecond.toLocaleString('en-US')} encodes a second
          {room.mcu.videoStreamsDecoded > 0 &&
            `, plus ${room.mcu.videoStreamsDecoded.toLocaleString('en-US')} videos decoded and ${room.mcu.videoCompositesEncoded.toLocaleString('en-US')} layouts encoded`}
        </p>
      )}
      {!room.mcu && <p className={styles.serverLine}>Decodes nothing: it only copies packets.</p>}
    </div>
  );
}
