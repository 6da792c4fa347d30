'use client';
import { exceedsUplink, type PersonBandwidth, type RoomBandwidth, type UplinkReference } from '@/lib/bandwidth';
import { formatCount, formatKbps } from '@/lib/units';
import type { Ref } from 'react';
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
  /** The meter's name for data-meter; none for a bar only held in place (PersonPanel). */
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

/**
 * One kind of person's panel: how many there are, and each one's upload and download against the link. A kind
 * the room has none of (nobody talking, or everyone) keeps its panel, which says so (`note`) over its bars,
 * hidden and not read out, held at the height they have one step of the talkers slider away (`held`: a bar is
 * taller only with its "× the link" note), so a drag across it moves nothing below it and changes a few nodes of
 * the same elements (the panel came and went at each step of a talkers drag at the maximum, and the stage was
 * laid out again each time).
 */
function PersonPanel({
  id,
  title,
  person,
  held,
  note,
  uplink,
}: {
  id: string;
  title: string;
  person: PersonBandwidth | null;
  held: PersonBandwidth | null;
  note: string;
  uplink: UplinkReference;
}) {
  const upload = person ?? held;
  return (
    <div className={styles.person} data-nobody={person ? undefined : ''}>
      <h4 className={styles.personTitle}>
        {title} <span className={styles.personCount}>×{formatCount(person?.count ?? 0)}</span>
      </h4>
      <div className={styles.personBars}>
        <div className={person ? styles.bars : styles.heldBars} aria-hidden={person ? undefined : true}>
          {upload && (
            <>
              {/* Held bars show nothing that changes with a step: 0 kbps, with or without the note. */}
              <Bar
                name={person ? `${id}-upload` : undefined}
                label="Upload"
                kbps={person?.uploadKbps ?? 0}
                capacityKbps={uplink.uploadKbps}
                over={exceedsUplink(upload.uploadKbps, uplink)}
              />
              <Bar
                name={person ? `${id}-download` : undefined}
                label="Download"
                kbps={person?.downloadKbps ?? 0}
                capacityKbps={uplink.downloadKbps}
                over={upload.downloadKbps > uplink.downloadKbps}
              />
            </>
          )}
        </div>
        {!person && <p className={styles.nobodyNote}>{note}</p>}
      </div>
    </div>
  );
}

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
      <PersonPanel id="talker" title="Each person talking" person={room.talker} held={held?.talker ?? null} note="Nobody is talking." uplink={uplink} />
      <PersonPanel
        id="listener"
        title="Each person listening"
        person={room.listener}
        held={held?.listener ?? null}
        note={`Nobody is listening: all ${formatCount(room.people)} are talking.`}
        uplink={uplink}
      />
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
