/** Chapter 7 (voice servers and autoscaling): per-server capacity and the autoscaled day, from lib/voiceservers. */
import {
  ASSUMED_SERVER_NIC_GBPS,
  DEFAULT_AUTOSCALE_INPUTS,
  DEFAULT_DEMAND,
  SCALE_DOWN_WINDOW_MIN,
  TICK_MIN,
  fleetAverages2018,
  serverCapacityUsers,
  simulateAutoscaleDay,
} from '@/lib/voiceservers';
import { formatCount, formatGbps, formatMinutes, formatPercent } from '@/lib/units';
import { valueGroup } from './define';

const day = () => simulateAutoscaleDay(DEFAULT_AUTOSCALE_INPUTS);

export const voiceserverValues = valueGroup('voiceservers', {
  'voiceservers.assumedNic': {
    description: 'ASSUMPTION: a voice server’s usable egress, one network port',
    compute: () => ASSUMED_SERVER_NIC_GBPS * 1_000_000,
    format: formatGbps,
  },
  'voiceservers.capacityUsers': {
    description: 'Voice users one server carries before that assumed port is full, at the derived 85 kbps each',
    compute: () => serverCapacityUsers(),
    format: formatCount,
  },
  'voiceservers.portShareUsed': {
    description: 'Share of the assumed port the average 2018 server used (259 Mbps of 1 Gbps)',
    compute: () => fleetAverages2018().nicShareUsed,
    format: (share) => formatPercent(share),
  },
  'voiceservers.troughShare': {
    description: 'ASSUMPTION: demand at the quietest hour, as a share of the evening peak',
    compute: () => DEFAULT_DEMAND.troughShare,
    format: (share) => formatPercent(share),
  },
  'voiceservers.tick': {
    description: 'How often the autoscaler looks at demand: the model’s clock',
    compute: () => TICK_MIN,
    format: formatMinutes,
  },
  'voiceservers.scaleDownWindow': {
    description: 'How long the pool must have wanted fewer servers before one is retired',
    compute: () => SCALE_DOWN_WINDOW_MIN,
    format: formatMinutes,
  },
  'voiceservers.serverHoursSaved': {
    description: 'Server-hours the autoscaled pool saves against the fixed pool over the default day',
    compute: () => 1 - day().autoscaled.serverHours / day().fixed.serverHours,
    format: (share) => formatPercent(share),
  },
  'voiceservers.fixedDropped': {
    description: 'Joins the fixed pool turns away during the default day’s surge',
    compute: () => day().fixed.droppedJoins,
    format: formatCount,
  },
  'voiceservers.autoscaledDropped': {
    description: 'Joins the autoscaled pool turns away during the same day',
    compute: () => day().autoscaled.droppedJoins,
    format: formatCount,
  },
});
