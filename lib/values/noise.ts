/** Chapter 5 (noise suppression): what cleaning every voice on servers would take, from lib/noise/cost. */
import { DEFAULT_NOISE_FLEET, FLEET_TALK_SHARE, suppressionCost } from '@/lib/noise/cost';
import { discordConcurrentVoiceUsers2018, rnnoiseFacts } from '@/lib/noise/facts';
import { formatCoreShare, formatUsd } from '@/lib/noise/format';
import { RNNOISE_DELAY_SAMPLES, RNNOISE_FRAME_SAMPLES, RNNOISE_SAMPLE_RATE_HZ } from '@/lib/noise/rnnoise';
import { formatCount, formatMs, formatPercent, formatTimes, roundToSignificant } from '@/lib/units';
import { valueGroup } from './define';

const fleet = (sendingShare: number, realTimeFactor = rnnoiseFacts.realTimeFactorX86.value) =>
  suppressionCost({
    concurrentVoiceUsers: discordConcurrentVoiceUsers2018.value,
    processedShare: DEFAULT_NOISE_FLEET.processedPercent / 100,
    sendingShare,
    realTimeFactor,
    coreHourPriceUsd: DEFAULT_NOISE_FLEET.coreHourPriceUsd,
  });
const about = (n: number) => formatCount(roundToSignificant(n, 2));

export const noiseValues = valueGroup('noise', {
  'noise.addedDelayMs': {
    description: 'Delay the in-page pipeline adds: one 480-sample frame of buffering plus RNNoise’s own look-ahead',
    compute: () => ((RNNOISE_FRAME_SAMPLES + RNNOISE_DELAY_SAMPLES) / RNNOISE_SAMPLE_RATE_HZ) * 1000,
    format: formatMs,
  },
  'noise.coreShareX86': {
    description: 'Share of one x86 core cleaning one voice takes at RNNoise’s published 60 times real time',
    compute: () => 1 / rnnoiseFacts.realTimeFactorX86.value,
    format: formatCoreShare,
  },
  'noise.talkShare': {
    description: 'Share of microphones sending at once with VAD: the cost chapter’s one talker in ten',
    compute: () => FLEET_TALK_SHARE,
    format: (share) => formatPercent(share),
  },
  'noise.cores.talking': {
    description: 'Server cores to clean the 2018 crowd’s talking microphones at RNNoise’s x86 speed (about)',
    compute: () => fleet(FLEET_TALK_SHARE).serverCores,
    format: about,
  },
  'noise.usdPerYear.talking': {
    description: 'What those cores cost a year at the assumed 4 cents a core-hour',
    compute: () => fleet(FLEET_TALK_SHARE).serverUsdPerYear,
    format: formatUsd,
  },
  'noise.cores.alwaysOn': {
    description: 'Server cores if every microphone sent all the time (the upper bound)',
    compute: () => fleet(1).serverCores,
    format: about,
  },
  'noise.usdPerYear.alwaysOn': {
    description: 'What those cores cost a year',
    compute: () => fleet(1).serverUsdPerYear,
    format: formatUsd,
  },
  'noise.alwaysOnOverTalking': {
    description: 'How many times the cores with every microphone always on, against only talking ones',
    compute: () => 1 / FLEET_TALK_SHARE,
    format: (ratio) => formatTimes(ratio),
  },
  'noise.piOverX86': {
    description: 'How many times the cores at the Raspberry Pi 3 speed (7x) against x86 (60x)',
    compute: () => rnnoiseFacts.realTimeFactorX86.value / rnnoiseFacts.realTimeFactorRaspberryPi3.value,
    format: (ratio) => formatTimes(ratio),
  },
});
