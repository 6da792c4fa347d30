/**
 * The cost argument for running noise suppression on the reader's device instead of on servers:
 * how many server cores it would take to clean every concurrent voice stream, and what those cores
 * would cost. Inputs are either cited (concurrent users, the suppressor's speed) or a labelled
 * assumption (the price of a core-hour); nothing here is Discord's real bill.
 */

export const HOURS_PER_YEAR = 24 * 365;

/**
 * ASSUMPTION, not a cited fact: what one CPU core costs per hour on a rented server, in US dollars.
 * On-demand cloud prices for one vCPU of a general-purpose machine are of this order; the figure lets
 * the reader move it, and the chapter says it is an assumption.
 */
export const ASSUMED_CORE_HOUR_PRICE_USD = 0.04;

export interface SuppressionCostInputs {
  /** Voice users connected at the same moment. */
  concurrentVoiceUsers: number;
  /** Share of them (0 to 1) whose microphone audio would pass through the suppressor. */
  processedShare: number;
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
  const { concurrentVoiceUsers, processedShare, realTimeFactor, coreHourPriceUsd } = inputs;
  if (realTimeFactor <= 0) throw new RangeError('realTimeFactor must be positive');
  if (processedShare < 0 || processedShare > 1) throw new RangeError('processedShare is a fraction from 0 to 1');
  const streams = Math.round(concurrentVoiceUsers * processedShare);
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
