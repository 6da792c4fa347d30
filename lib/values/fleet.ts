/** Ratios derived from Discord's 2018 voice-fleet figures (lib/facts.ts), quoted in chapters 2, 7 and 8. */
import { FLEET_BYTES_PER_PACKET_2018 } from '@/lib/bandwidth';
import { DISCORD_VOICE_FLEET_2018 as FLEET } from '@/lib/facts';
import { EGRESS_KBPS_PER_VOICE_USER, fleetAverages2018 } from '@/lib/voiceservers';
import { formatBytes, formatCount, formatKbps, formatMbps, roundToSignificant } from '@/lib/units';
import { valueGroup } from './define';

export const fleetValues = valueGroup('fleet2018', {
  'fleet2018.bytesPerPacket': {
    description: 'Derived: more than 220 Gbps of voice egress in more than 120 million packets a second (2018)',
    compute: () => FLEET_BYTES_PER_PACKET_2018,
    format: formatBytes,
  },
  'fleet2018.egressKbpsPerVoiceUser': {
    description: 'Derived: more than 220 Gbps of voice egress over more than 2.6 million concurrent voice users (2018)',
    compute: () => EGRESS_KBPS_PER_VOICE_USER,
    format: (kbps) => formatKbps(Math.round(kbps)),
  },
  'fleet2018.egressMbpsPerServer': {
    description: 'Derived: the 220 Gbps spread over more than 850 voice servers',
    compute: () => fleetAverages2018().egressMbpsPerServer * 1000,
    format: (kbps) => formatMbps(Math.round(kbps / 1000) * 1000),
  },
  'fleet2018.usersPerServer': {
    description: 'Derived: 2.6 million voice users over 850 servers, to three significant digits',
    compute: () => fleetAverages2018().usersPerServer,
    format: (users) => formatCount(roundToSignificant(users, 3)),
  },
  'fleet2018.usersPerRegion': {
    description: 'Derived: 2.6 million voice users split evenly over 13 regions',
    compute: () => FLEET.concurrentVoiceUsers.value / FLEET.regions.value,
    format: formatCount,
  },
});
