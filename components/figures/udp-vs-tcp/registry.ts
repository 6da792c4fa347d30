import type { FigureRegistry } from '../types';
import { choiceInput, defineInputs, numberInput } from '@/lib/figures/inputSpec';
import {
  COUNTING_CLIP_FRAMES,
  DEFAULT_FIGURE_SPEED,
  DEFAULT_HEAR_IT_INPUTS,
  DEFAULT_UDP_TCP_INPUTS,
  FIGURE_SPEEDS,
  INPUT_RANGES,
  RTO_POLICY_LABELS,
  clipTable,
  udpTcpTable,
  type RtoPolicy,
  type UdpTcpInputs,
} from '@/lib/transport';

/** A run of the model is picked by its seed ("Another run" adds one); any whole number names one. */
const SEED_BOUNDS = { min: 0, max: 1_000_000_000, step: 1 };

/** The link both figures of this chapter share: loss, round trip, jitter, TCP's timer and the run. */
function linkInputs(defaults: UdpTcpInputs) {
  return {
    lossPercent: numberInput(INPUT_RANGES.lossPercent, defaults.lossPercent, 'Packet loss (%)'),
    rttMs: numberInput(INPUT_RANGES.rttMs, defaults.rttMs, 'Round trip (ms)'),
    jitterMs: numberInput(INPUT_RANGES.jitterMs, defaults.jitterMs, 'Jitter (ms)'),
    rtoPolicy: choiceInput(Object.keys(RTO_POLICY_LABELS) as RtoPolicy[], defaults.rtoPolicy, 'TCP retransmission timer'),
    seed: numberInput(SEED_BOUNDS, defaults.seed, 'Run (seed)'),
  };
}

/** Figures of the "udp-vs-tcp" chapter, keyed "udp-vs-tcp/<figure>". */
export const figures: FigureRegistry = {
  'udp-vs-tcp/lanes': {
    still: () => udpTcpTable(DEFAULT_UDP_TCP_INPUTS),
    inputs: defineInputs({
      ...linkInputs(DEFAULT_UDP_TCP_INPUTS),
      speed: choiceInput(FIGURE_SPEEDS.map((speed) => speed.value), DEFAULT_FIGURE_SPEED, 'Speed'),
    }),
  },
  'udp-vs-tcp/hear-it': {
    still: () => clipTable(DEFAULT_HEAR_IT_INPUTS, COUNTING_CLIP_FRAMES),
    inputs: defineInputs(linkInputs(DEFAULT_HEAR_IT_INPUTS)),
  },
};
