/** Chapter 8 (what a free user costs): the waterfall at its defaults, from lib/cost. */
import {
  DEFAULT_COST_INPUTS,
  costSummary,
  costWaterfall,
  formatCents,
  formatUsd,
  videoKbpsPerViewer,
  type LeverId,
} from '@/lib/cost';
import { rnnoiseFacts } from '@/lib/noise/facts';
import { formatCoreShare } from '@/lib/noise/format';
import { roomTraffic } from '@/lib/vad/room';
import { formatCount, formatKbps, formatPercent } from '@/lib/units';
import { valueGroup } from './define';

const voiceOnly = { ...DEFAULT_COST_INPUTS, videoOn: false };
const saved = (id: LeverId) => costWaterfall(DEFAULT_COST_INPUTS).find((step) => step.id === id)!.savedUsd;
const defaults = () => costSummary(DEFAULT_COST_INPUTS);

export const costValues = valueGroup('cost', {
  'cost.inputs.hours': {
    description: 'Hours a day in voice at the figure’s defaults',
    compute: () => DEFAULT_COST_INPUTS.voiceHoursPerDay,
    format: (hours) => `${formatCount(hours)} hours`,
  },
  'cost.inputs.people': {
    description: 'People per channel at the defaults',
    compute: () => DEFAULT_COST_INPUTS.peoplePerChannel,
    format: formatCount,
  },
  'cost.inputs.listeners': {
    description: 'The others in the channel, who each receive a talker’s stream',
    compute: () => DEFAULT_COST_INPUTS.peoplePerChannel - 1,
    format: formatCount,
  },
  'cost.inputs.watched': {
    description: 'Share of the others watching the video at the defaults',
    compute: () => DEFAULT_COST_INPUTS.watchedShare,
    format: (share) => formatPercent(share),
  },
  'cost.inputs.egressPrice': {
    description: 'The assumed price of a gigabyte of egress at the defaults',
    compute: () => DEFAULT_COST_INPUTS.egressUsdPerGB,
    format: formatCents,
  },
  'cost.inputs.serverPrice': {
    description: 'The assumed price of a voice server for a month at the defaults',
    compute: () => DEFAULT_COST_INPUTS.serverUsdPerMonth,
    format: (usd) => formatUsd(usd).replace('.00', ''),
  },
  'cost.modelVoiceEgressKbps': {
    description: 'Voice egress per person in the model’s ten-person channel with one talker',
    compute: () => defaults().modelVoiceEgressKbps,
    format: (kbps) => formatKbps(kbps),
  },
  'cost.vadSaving': {
    description: 'Share of the voice traffic VAD removes in the default channel (one talker of ten)',
    compute: () => {
      const room = { people: DEFAULT_COST_INPUTS.peoplePerChannel, speakingAtOnce: DEFAULT_COST_INPUTS.speakingAtOnce, serverMuted: 0 };
      return roomTraffic('vad', room).savingVsContinuous;
    },
    format: (share) => formatPercent(share),
  },
  'cost.simulcastShareOfTop': {
    description: 'What the average simulcast watcher costs, as a share of the top layer (the five friends)',
    compute: () => videoKbpsPerViewer().simulcastKbpsPerWatcher / videoKbpsPerViewer().topLayerKbps,
    format: (share) => formatPercent(share),
  },
  'cost.noiseCoreShare': {
    description: 'Share of one server core that cleaning one voice would take, at RNNoise’s x86 speed',
    compute: () => 1 / rnnoiseFacts.realTimeFactorX86.value,
    format: formatCoreShare,
  },
  'cost.naive': {
    description: 'The naive design’s monthly cost for the default user',
    compute: () => defaults().naive.totalUsd,
    format: formatCents,
  },
  'cost.saved.vad': { description: 'What sending nothing in silence saves a month', compute: () => saved('vad'), format: formatCents },
  'cost.saved.watchers': { description: 'What sending video only to watchers saves a month', compute: () => saved('videoOnlyToWatchers'), format: formatCents },
  'cost.saved.simulcast': { description: 'What simulcast saves a month (the model’s cut, not Discord’s)', compute: () => saved('simulcast'), format: formatCents },
  'cost.saved.noise': { description: 'What on-device noise suppression saves a month', compute: () => saved('clientNoiseSuppression'), format: formatCents },
  'cost.model': {
    description: 'This model’s design: every lever pulled, the default user’s monthly cost',
    compute: () => defaults().model.totalUsd,
    format: formatCents,
  },
  'cost.savedTotal': {
    description: 'Everything the four cuts save together',
    compute: () => defaults().naive.totalUsd - defaults().model.totalUsd,
    format: formatCents,
  },
  'cost.savedDocumented': {
    description: 'What the cuts Discord documents (VAD, video only to watchers) save together',
    compute: () => defaults().savedByDocumentedCutsUsd,
    format: formatCents,
  },
  'cost.goLiveAsDocumented': {
    description: 'The default user’s cost with one stream held to the slowest watcher instead of simulcast',
    compute: () => defaults().goLiveAsDocumented.totalUsd,
    format: formatCents,
  },
  'cost.freeUsers': {
    description: 'Free users one assumed $10 subscription covers at the defaults',
    compute: () => Math.floor(defaults().freeUsersPerSubscription),
    format: formatCount,
  },
  'cost.freeUsersVoiceOnly': {
    description: 'The same without video',
    compute: () => Math.floor(costSummary(voiceOnly).freeUsersPerSubscription),
    format: formatCount,
  },
  'cost.minutesForThousand': {
    description: 'Minutes a day in voice at which one subscription covers a thousand voice-only users',
    compute: () => costSummary(voiceOnly).hoursPerDayForThousandUsers * 60,
    format: (minutes) => `${formatCount(minutes)} minutes`,
  },
  'cost.subscription': {
    description: 'The assumed subscription price at the defaults',
    compute: () => DEFAULT_COST_INPUTS.subscriptionUsdPerMonth,
    format: (usd) => formatUsd(usd).replace('.00', ''),
  },
});
