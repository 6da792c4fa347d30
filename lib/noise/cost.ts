/**
 * The cost argument for running noise suppression on the reader's device instead of on servers:
 * how many server cores it would take to clean every concurrent voice stream, and what those cores
 * would cost. Inputs are either cited (concurrent users, the suppressor's speed) or a labelled
 * assumption (the price of a core-hour); nothing here is Discord's real bill.
 *
 * A server can only clean audio that reaches it. With voice activity detection (chapter 3), a microphone sends only
 * while its owner talks, so the fleet cleans `sendingShare` of the users at any moment: by default the talk share of
 * the cost chapter's channel (one talker in ten, lib/vad/room TYPICAL_CHANNEL). Set it to 1 for every microphone
 * always on, the upper bound the figure shows beside it.
 */
import type { InputBounds } from '@/lib/bounds';
import { TYPICAL_CHANNEL, talkShare } from '@/lib/vad/room';

export const HOURS_PER_YEAR = 24 * 365;

/**
 * ASSUMPTION, not a cited fact: what one CPU core costs per hour on a rented server, in US dollars.
 * On-demand cloud prices for one vCPU of a general-purpose machine are of this order; the figure lets
 * the reader move it, and the chapter says it is an assumption.
 */
export const ASSUMED_CORE_HOUR_PRICE_USD = 0.04;

/** Share of the time a microphone's audio reaches the server with VAD: the talk share of the typical channel (0.1). */
export const FLEET_TALK_SHARE = talkShare(TYPICAL_CHANNEL);

/** The fleet figure's choices: clean every user's microphone, only while it sends (VAD), at the assumed price. */
export const DEFAULT_NOISE_FLEET = Object.freeze({ processedPercent: 100, onlyWhileTalking: true, coreHourPriceUsd: ASSUMED_CORE_HOUR_PRICE_USD });

/** What the fleet figure's sliders offer. */
export const NOISE_FLEET_BOUNDS: Readonly<Record<'processedPercent' | 'coreHourPriceUsd', InputBounds>> = Object.freeze({
  processedPercent: { min: 10, max: 100, step: 5 },
  coreHourPriceUsd: { min: 0.01, max: 0.2, step: 0.01 },
});

export interface SuppressionCostInputs {
  /** Voice users connected at the same moment. */
  concurrentVoiceUsers: number;
  /** Share of them (0 to 1) whose microphone audio would pass through the suppressor. */
  processedShare: number;
  /** Share of the time (0 to 1) a microphone's audio reaches the server: FLEET_TALK_SHARE with VAD, 1 always on. Default 1. */
  sendingShare?: number;
  /** How many times faster than real time one core runs the suppressor on one stream. */
  realTimeFactor: number;
  /** Price of one core for one hour, US dollars. */
  coreHourPriceUsd: number;
}

export interface SuppressionCost {
  /** Streams being cleaned at once. */
  streams: number;
  /** Share of one core a single stream keeps busy: 1 / realTimeFactor. */
  coreShareForOneStream: number;
  /** Whole cores a server fleet would need for all streams at once. */
  serverCores: number;
  serverUsdPerHour: number;
  serverUsdPerYear: number;
}

export function suppressionCost(inputs: SuppressionCostInputs): SuppressionCost {
  const { concurrentVoiceUsers, processedShare, realTimeFactor, coreHourPriceUsd, sendingShare = 1 } = inputs;
  if (realTimeFactor <= 0) throw new RangeError('realTimeFactor must be positive');
  if (processedShare < 0 || processedShare > 1) throw new RangeError('processedShare is a fraction from 0 to 1');
  if (!(sendingShare >= 0 && sendingShare <= 1)) throw new RangeError('sendingShare is a fraction from 0 to 1');
  const streams = Math.round(concurrentVoiceUsers * processedShare * sendingShare);
  const coreShareForOneStream = 1 / realTimeFactor;
  // Whole cores: a stream cannot borrow a fraction of a core on another machine.
  const serverCores = Math.ceil(streams * coreShareForOneStream);
  const serverUsdPerHour = serverCores * coreHourPriceUsd;
  return {
    streams,
    coreShareForOneStream,
    serverCores,
    serverUsdPerHour,
    serverUsdPerYear: serverUsdPerHour * HOURS_PER_YEAR,
  };
}
