/** The room model as tables a screen reader can read (and the figures' server-rendered stills). */
import type { TableData } from '@/lib/table';
import { formatKbps } from '@/lib/units';
import type { PersonBandwidth, RoomBandwidth, Topology } from './room';
import { encryptedVoicePacketBytes, encryptedVoiceWireKbps, FLEET_BYTES_PER_PACKET_2018, type VoiceStream } from './stream';

export const TOPOLOGY_LABELS: Record<Topology, string> = {
  mesh: 'Mesh (peer to peer)',
  sfu: 'SFU (forwarding server)',
  mcu: 'MCU (mixing server)',
};

export function groupLabel(group: PersonBandwidth): string {
  const what = group.talking ? 'Talking' : 'Listening';
  const mic = !group.talking && group.sendsAudio ? ', mic open' : '';
  return `${what}${group.camera ? ', camera on' : ''}${mic}`;
}

export const ROOM_TABLE_COLUMNS = [
  'Who',
  'How many',
  'Upload (kbps)',
  'Download (kbps)',
  'Streams sent',
  'Streams received',
];

/** One row per kind of person, then the server (its upload is its egress, its download its ingress). */
export function roomTable(room: RoomBandwidth): TableData {
  const rows: (string | number)[][] = room.groups.map((g) => [
    groupLabel(g),
    g.count,
    g.uploadKbps,
    g.downloadKbps,
    g.uploadStreams,
    g.downloadStreams,
  ]);
  if (room.server) {
    rows.push([
      room.topology === 'mcu' ? 'Server (mixes)' : 'Server (forwards)',
      1,
      room.server.egressKbps,
      room.server.ingressKbps,
      room.server.egressStreams,
      room.server.ingressStreams,
    ]);
  }
  return {
    caption: `${TOPOLOGY_LABELS[room.topology]}: ${room.people.toLocaleString('en-US')} people, ${room.talkers.toLocaleString(
      'en-US',
    )} talking, ${formatKbps(room.streamKbps)} per voice stream${room.vad ? '' : ', VAD off'}${
      room.videoSenders > 0 ? `, ${room.videoSenders.toLocaleString('en-US')} cameras at ${formatKbps(room.videoKbps)}` : ''
    }`,
    columns: ROOM_TABLE_COLUMNS,
    rows,
  };
}

/** The derivation of one voice stream's wire bitrate, line by line. */
export function voiceStreamTable(stream: VoiceStream): TableData {
  return {
    caption: `One voice stream: ${formatKbps(stream.opusKbps)} of Opus in ${stream.frameMs} ms packets`,
    columns: ['Part', 'Per packet (bytes)', 'Per second (kbps)'],
    rows: [
      ['Opus audio', stream.payloadBytesPerPacket, stream.opusKbps],
      ['IPv4 + UDP + RTP headers', stream.headerBytesPerPacket, stream.headerKbps],
      ['On the wire', stream.payloadBytesPerPacket + stream.headerBytesPerPacket, stream.wireKbps],
      ['Packets per second', '', stream.packetsPerSecond],
      ['In kilobytes per second (kB/s)', '', stream.wireKBps],
      [
        'With Discord’s transport encryption (16 B tag + 4 B nonce), still a lower bound',
        encryptedVoicePacketBytes(stream),
        encryptedVoiceWireKbps(stream),
      ],
      ['Discord’s 2018 average voice packet (220 Gbps ÷ 120 Mpps, derived)', Math.round(FLEET_BYTES_PER_PACKET_2018), ''],
    ],
  };
}
