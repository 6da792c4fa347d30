'use client';
import { exceedsUplink, type PersonBandwidth, type RoomBandwidth, type UplinkReference } from '@/lib/bandwidth';
import { formatCount, formatKbps } from '@/lib/units';
import { memo, type Ref } from 'react';
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
  /** The meter's name for data-meter; none for a bar only held in place (NobodyPanel). */
  name?: string;
  label: string;
  kbps: number;
  capacityKbps: number;
  over: boolean;
}) {
  const share = Math.min(1, kbps / capacityKbps);
  const times = kbps / capacityKbps;
  return (
    <div className={styles.meter} data-meter={name} data-value={name && kbps} data-over={name && over}>
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
        {title} <span className={styles.personCount}>×{formatCount(person.count)}</span>
      </h4>
      <PersonBars id={id} person={person} uplink={uplink} />
    </div>
  );
}

/** One kind of person's upload and download against the link. */
function PersonBars({ id, person, uplink }: { id: string; person: PersonBandwidth; uplink: UplinkReference }) {
  return (
    <>
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
    </>
  );
}

/**
 * A kind of person the room has none of (nobody talking, or everyone): the panel says so and keeps its place,
 * held at the height its bars have one step of the talkers slider away (`held`, not shown, not read out), so a
 * drag across it moves nothing below it (the panel came and went at each step of a drag of the talkers at the
 * maximum, and the stage was laid out again each time).
 */
function NobodyPanel({ title, note, held, uplink }: { title: string; note: string; held: PersonBandwidth | null; uplink: UplinkReference }) {
  return (
    <div className={styles.person} data-nobody="">
      <h4 className={styles.personTitle}>
        {title} <span className={styles.personCount}>×0</span>
      </h4>
      <div className={styles.nobody}>
        <p className={styles.nobodyNote}>{note}</p>
        {held && <HeldBars uploadOver={exceedsUplink(held.uploadKbps, uplink)} downloadOver={held.downloadKbps > uplink.downloadKbps} />}
      </div>
    </div>
  );
}

/**
 * Two bars that only hold a panel's height, hidden: a bar's height depends only on whether it carries the "× the
 * link" note, so they render again only when that changes, not at each step of a drag.
 */
const HeldBars = memo(function HeldBars({ uploadOver, downloadOver }: { uploadOver: boolean; downloadOver: boolean }) {
  return (
    <div className={styles.heldBars} aria-hidden="true">
      <Bar label="Upload" kbps={0} capacityKbps={1} over={uploadOver} />
      <Bar label="Download" kbps={0} capacityKbps={1} over={downloadOver} />
    </div>
  );
});

/** What a talker and a listener would see one step of the talkers slider away, for a panel with nobody in it. */
export interface HeldPeople {
  talker: PersonBandwidth | null;
  listener: PersonBandwidth | null;
}

/**
 * Per-person upload and download bars, measured against the chosen household link. A kind of person the room
 * has none of keeps its panel, which says so (`held`: the bars it is held to the height of).
 */
export function Meters({ room, uplink, held, ref }: { room: RoomBandwidth; uplink: UplinkReference; held?: HeldPeople; ref?: Ref<HTMLDivElement> }) {
  return (
    <div ref={ref} className={styles.meters}>
      {room.talker ? (
        <PersonMeters id="talker" title="Each person talking" person={room.talker} uplink={uplink} />
      ) : (
        <NobodyPanel title="Each person talking" note="Nobody is talking." held={held?.talker ?? null} uplink={uplink} />
      )}
      {room.listener ? (
        <PersonMeters id="listener" title="Each person listening" person={room.listener} uplink={uplink} />
      ) : (
        <NobodyPanel
          title="Each person listening"
          note={`Nobody is listening: all ${formatCount(room.people)} are talking.`}
          held={held?.listener ?? null}
          uplink={uplink}
        />
      )}
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
          in all, over {formatCount(room.connections)} connections.
        </p>
      </div>
    );
  }
  return (
    <div className={styles.person}>
      <h4 className={styles.personTitle}>The server</h4>
      <p className={styles.serverLine} data-meter="server-ingress" data-value={room.server.ingressKbps}>
        Receives {formatMeterKbps(room.server.ingressKbps)} ({formatCount(room.server.ingressStreams)}{' '}
        streams)
      </p>
      <p className={styles.serverLine} data-meter="server-egress" data-value={room.server.egressKbps}>
        Sends {formatMeterKbps(room.server.egressKbps)} ({formatCount(room.server.egressStreams)}{' '}
        {room.topology === 'mcu' ? 'mixed streams' : 'copies'})
      </p>
      {room.mcu && (
        <p className={styles.serverLine} data-meter="mcu-work" data-value={room.mcu.audioMixesEncoded}>
          Decodes {formatCount(room.mcu.audioStreamsDecoded)} voices, encodes{' '}
          {formatCount(room.mcu.audioMixesEncoded)} different mixes:{' '}
          {formatCount(room.mcu.audioDecodesPerSecond)} decodes and{' '}
          {formatCount(room.mcu.audioEncodesPerSecond)} encodes a second
          {room.mcu.videoStreamsDecoded > 0 &&
            `, plus ${formatCount(room.mcu.videoStreamsDecoded)} videos decoded and ${formatCount(room.mcu.videoCompositesEncoded)} layouts encoded`}
        </p>
      )}
      {!room.mcu && <p className={styles.serverLine}>Decodes nothing: it only copies packets.</p>}
    </div>
  );
}
