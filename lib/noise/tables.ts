/**
 * The data tables behind the noise-suppression figures: what a screen reader reads, and what the
 * server renders as each figure's still before the interactive part loads.
 */
import { sources } from '@/lib/sources';
import type { TableData } from '@/lib/table';
import { formatCount, formatMs } from '@/lib/units';
import { FLEET_TALK_SHARE, HOURS_PER_YEAR, suppressionCost, type SuppressionCostInputs } from './cost';
import { rnnoiseFacts, type CitedFigure } from './facts';
import { formatCoreShare, formatRealTimeFactor, formatUsd } from './format';
import { RNNOISE_DELAY_SAMPLES, RNNOISE_FRAME_MS, RNNOISE_FRAME_SAMPLES, RNNOISE_SAMPLE_RATE_HZ } from './rnnoise';
import type { SpanS } from './energy';

const RENDER_QUANTUM_SAMPLES = 128;
const PIPELINE = 'This page’s pipeline';

function cited(figure: CitedFigure): string {
  return sources[figure.source].publisher;
}

function samplesToMs(samples: number): number {
  return (samples / RNNOISE_SAMPLE_RATE_HZ) * 1000;
}

export interface DenoiserMeasurement {
  /** Audio time over processing time in the reader's audio thread; null until measured. */
  realTimeFactor: number | null;
  /** Seconds of audio the measurement covers. */
  measuredAudioS: number;
  /** Mean voice probability RNNoise reported over the last frames, 0 to 1; null before any. */
  recentVoiceProbability: number | null;
}

/** The denoiser figure: how the pipeline is built, RNNoise's published numbers, and (once running) what this device measured. */
export function denoiserTable(clip: { durationS: number; speechS: readonly SpanS[] }, measurement?: DenoiserMeasurement): TableData {
  const rows: (string | number)[][] = [
    ['Sample rate', `${formatCount(RNNOISE_SAMPLE_RATE_HZ)} Hz`, PIPELINE],
    ['RNNoise frame', `${RNNOISE_FRAME_SAMPLES} samples (${formatMs(RNNOISE_FRAME_MS)})`, PIPELINE],
    ['Web Audio render quantum', `${RENDER_QUANTUM_SAMPLES} samples`, 'Web Audio API'],
    [
      'Added delay (framing + RNNoise’s own)',
      formatMs(samplesToMs(RNNOISE_FRAME_SAMPLES + RNNOISE_DELAY_SAMPLES)),
      'Measured (unit test)',
    ],
    ['Frequency bands', `${rnnoiseFacts.bands.value}`, cited(rnnoiseFacts.bands)],
    ['Features per frame', `${rnnoiseFacts.features.value}`, cited(rnnoiseFacts.features)],
    ['Recurrent (GRU) layers', `${rnnoiseFacts.gruLayers.value}`, cited(rnnoiseFacts.gruLayers)],
    ['Model size', `about ${rnnoiseFacts.modelSizeKB.value} kB`, cited(rnnoiseFacts.modelSizeKB)],
    ['Speed on an x86 CPU', `about ${formatRealTimeFactor(rnnoiseFacts.realTimeFactorX86.value)} real time`, cited(rnnoiseFacts.realTimeFactorX86)],
    [
      'Speed on a Raspberry Pi 3',
      `about ${formatRealTimeFactor(rnnoiseFacts.realTimeFactorRaspberryPi3.value)} real time`,
      cited(rnnoiseFacts.realTimeFactorRaspberryPi3),
    ],
    [
      'Speech in the clip',
      clip.speechS.map(([start, end]) => `${start.toFixed(1)}–${end.toFixed(1)} s`).join(', ') + ` of ${clip.durationS.toFixed(1)} s`,
      'scripts/audio/noise-suppression.sh',
    ],
  ];
  if (measurement) {
    rows.push([
      'Speed on this device',
      measurement.realTimeFactor === null
        ? 'measuring…'
        : `${formatRealTimeFactor(measurement.realTimeFactor)} real time (${formatCoreShare(1 / measurement.realTimeFactor)}), over ${measurement.measuredAudioS.toFixed(1)} s of audio`,
      'Measured in your browser’s audio thread',
    ]);
    rows.push([
      'Voice probability, last 0.5 s',
      measurement.recentVoiceProbability === null ? 'no frames yet' : measurement.recentVoiceProbability.toFixed(2),
      'RNNoise, live',
    ]);
  }
  return { caption: 'RNNoise in this page: the pipeline, published figures and live measurements', columns: ['Quantity', 'Value', 'Basis'], rows };
}

export interface CostTableInputs extends SuppressionCostInputs {
  /** Where realTimeFactor came from, e.g. "Jean-Marc Valin (x86)" or "measured on this device". */
  realTimeFactorBasis: string;
  concurrentVoiceUsersBasis: string;
}

/** The cost figure: the inputs (cited or assumed) and the arithmetic's results. */
export function costTable(inputs: CostTableInputs): TableData {
  const cost = suppressionCost(inputs);
  const onlyTalking = suppressionCost({ ...inputs, sendingShare: FLEET_TALK_SHARE });
  const alwaysOn = suppressionCost({ ...inputs, sendingShare: 1 });
  return {
    caption: 'Noise suppression on servers instead of on each device: inputs and arithmetic',
    columns: ['Quantity', 'Value', 'Basis'],
    rows: [
      ['Concurrent voice users', formatCount(inputs.concurrentVoiceUsers), inputs.concurrentVoiceUsersBasis],
      ['Share whose microphone is processed', `${Math.round(inputs.processedShare * 100)} %`, 'Assumption (slider)'],
      [
        'Share of the time a microphone reaches the server',
        `${Math.round((inputs.sendingShare ?? 1) * 100)} %`,
        (inputs.sendingShare ?? 1) < 1
          ? 'Only while talking (VAD): one talker in a ten-person channel, as in the cost chapter (assumption)'
          : 'Every microphone always on (upper bound)',
      ],
      ['Streams to clean at once', formatCount(cost.streams), 'Derived'],
      ['Suppressor speed, one core', `${formatRealTimeFactor(inputs.realTimeFactor)} real time`, inputs.realTimeFactorBasis],
      ['One stream costs', formatCoreShare(cost.coreShareForOneStream), 'Derived: 1 ÷ speed'],
      ['Server cores needed', formatCount(cost.serverCores), 'Derived: streams ÷ speed, rounded up'],
      ['Price of a core-hour', formatUsd(inputs.coreHourPriceUsd), 'Assumption (slider), not a quoted price'],
      ['Server cost per hour', formatUsd(cost.serverUsdPerHour), 'Derived'],
      ['Server cost per year', formatUsd(cost.serverUsdPerYear), `Derived: × ${formatCount(HOURS_PER_YEAR)} hours`],
      [
        'For comparison: cores and cost a year with only talking microphones / every microphone always on',
        `${formatCount(onlyTalking.serverCores)} cores, ${formatUsd(onlyTalking.serverUsdPerYear)} / ${formatCount(alwaysOn.serverCores)} cores, ${formatUsd(alwaysOn.serverUsdPerYear)}`,
        'Derived',
      ],
      ['Server cores needed when each device cleans its own audio', '0', 'Derived'],
    ],
  };
}
