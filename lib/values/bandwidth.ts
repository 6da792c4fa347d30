/** Chapter 2 (mesh vs SFU): one voice stream weighed, and the case study's rooms recomputed. */
import {
  DEFAULT_VOICE_STREAM,
  encryptedVoicePacketBytes,
  encryptedVoiceWireKbps,
  UPLINKS,
  largestMeshForUplink,
  roomBandwidth,
  SEED_SCENARIOS,
  seedCorrections,
  type Topology,
} from '@/lib/bandwidth';
import { formatBytes, formatCount, formatKBps, formatKbps, formatMbps, formatPercent } from '@/lib/units';
import { valueGroup } from './define';

function seedRoom(id: string, topology: Topology) {
  const scenario = SEED_SCENARIOS.find((s) => s.id === id);
  if (!scenario) throw new Error(`no seed scenario "${id}"`);
  return roomBandwidth({ topology, people: scenario.people, talkers: scenario.talkers });
}

function required<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`the room has no ${what}`);
  return value;
}

export const voiceValues = valueGroup('voice', {
  'voice.headerBytes': {
    description: 'IPv4 + UDP + RTP headers on every voice packet (lib/bandwidth/stream)',
    compute: () => DEFAULT_VOICE_STREAM.headerBytesPerPacket,
    format: formatBytes,
  },
  'voice.headerKbps': {
    description: 'What those headers cost at 50 packets a second',
    compute: () => DEFAULT_VOICE_STREAM.headerKbps,
    format: (kbps) => formatKbps(kbps),
  },
  'voice.wireKbps': {
    description: 'One voice stream on the wire: 64 kbps of Opus plus the headers, plain RTP',
    compute: () => DEFAULT_VOICE_STREAM.wireKbps,
    format: (kbps) => formatKbps(kbps),
  },
  'voice.packetBytes': {
    description: 'One plain-RTP voice packet: 160 bytes of Opus and 40 of headers',
    compute: () => DEFAULT_VOICE_STREAM.payloadBytesPerPacket + DEFAULT_VOICE_STREAM.headerBytesPerPacket,
    format: formatBytes,
  },
  'voice.encryptedPacketBytes': {
    description: 'The same packet with Discord’s transport encryption (16-byte tag, 4-byte nonce)',
    compute: () => encryptedVoicePacketBytes(DEFAULT_VOICE_STREAM),
    format: formatBytes,
  },
  'voice.encryptedWireKbps': {
    description: 'The stream with Discord’s transport encryption, still a lower bound',
    compute: () => encryptedVoiceWireKbps(DEFAULT_VOICE_STREAM),
    format: (kbps) => formatKbps(kbps),
  },
  'voice.wireKBps': {
    description: 'The same stream in kilobytes per second',
    compute: () => DEFAULT_VOICE_STREAM.wireKBps,
    format: formatKBps,
  },
});

export const meshValues = valueGroup('mesh', {
  'mesh.tenThree.talkerUploadKbps': {
    description: 'A talker’s upload in a 10-person mesh with 3 talking',
    compute: () => required(seedRoom('ten-three', 'mesh').talker, 'talker').uploadKbps,
    format: (kbps) => formatKbps(kbps),
  },
  'mesh.tenThree.talkerDownloadKbps': {
    description: 'A talker’s download in the same room: the two other talkers',
    compute: () => required(seedRoom('ten-three', 'mesh').talker, 'talker').downloadKbps,
    format: (kbps) => formatKbps(kbps),
  },
  'mesh.tenThree.listenerDownloadKbps': {
    description: 'A listener’s download in the same room: all three talkers',
    compute: () => required(seedRoom('ten-three', 'mesh').listener, 'listener').downloadKbps,
    format: (kbps) => formatKbps(kbps),
  },
  'mesh.largestOnOldBenchmarkUplink': {
    description: 'The largest mesh in which one talker’s copies fit the FCC’s old 3 Mbps upload benchmark',
    compute: () => largestMeshForUplink(UPLINKS['fcc-2015'].uploadKbps, DEFAULT_VOICE_STREAM.wireKbps),
    format: (people) => `${formatCount(people)} people`,
  },
  'mesh.thousandAll.talkerUploadKbps': {
    description: 'A talker’s upload in a 1,000-person mesh where everyone talks',
    compute: () => required(seedRoom('thousand-all', 'mesh').talker, 'talker').uploadKbps,
    format: (kbps) => formatKbps(kbps),
  },
  'mesh.thousandAll.talkerUploadMbps': {
    description: 'The same upload in Mbps',
    compute: () => required(seedRoom('thousand-all', 'mesh').talker, 'talker').uploadKbps,
    format: formatMbps,
  },
  'mesh.thousandAll.seedRoundingError': {
    description: 'How far the case study’s 80,000 kbps is above the model’s 79,920 kbps',
    compute: () => {
      const row = required(
        seedCorrections().find((c) => c.scenario.id === 'thousand-all' && c.who === 'talker' && c.direction === 'upload'),
        '1,000-person talker upload claim',
      );
      return (row.claimedKbps - row.meshKbps) / row.meshKbps;
    },
    format: (fraction) => formatPercent(fraction, 1),
  },
  'mesh.thousand.connections': {
    description: 'Peer connections in a 1,000-person mesh: N(N-1)/2',
    compute: () => seedRoom('thousand-all', 'mesh').connections,
    format: formatCount,
  },
});

export const sfuValues = valueGroup('sfu', {
  'sfu.thousandAll.downloadKbps': {
    description: 'What each person downloads through an SFU when all 1,000 talk: 999 streams',
    compute: () => required(seedRoom('thousand-all', 'sfu').talker, 'talker').downloadKbps,
    format: (kbps) => formatKbps(kbps),
  },
});
