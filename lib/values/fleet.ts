/** Ratios derived from Discord's 2018 voice-fleet figures (lib/facts.ts), quoted in chapters 2, 7 and 8. */
import { FLEET_BYTES_PER_PACKET_2018 } from '@/lib/bandwidth';
import { EGRESS_KBPS_PER_VOICE_USER } from '@/lib/voiceservers';
import { formatBytes, formatKbps } from '@/lib/units';
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
});
