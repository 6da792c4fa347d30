/**
 * What one free user costs Discord per month, added up from the other chapters' models:
 *
 * - voice egress per person: the voice-activity chapter's room model (lib/vad/room), continuous or VAD-gated,
 *   which forwards each stream to the N - 1 others as an SFU does (mesh-vs-sfu chapter);
 * - video egress: the simulcast chapter's room (lib/simulcast/room): its top layer to everyone, only to those
 *   watching, or the layer that fits each watcher's window and link;
 * - noise suppression: the noise chapter's server-core model (lib/noise/cost) at RNNoise's cited speed.
 *
 * The last bar is this model's design, not Discord's: each cut says whether Discord documents it (VAD gating and
 * video only to watchers, yes; simulcast and on-device noise suppression, no: for Go Live Discord documents one
 * stream held to the slowest viewer, and where Discord's noise suppression runs is Krisp's documentation, not
 * Discord's). costSummary also prices Go Live as Discord documents it, for comparison.
 *
 * Money enters only through prices the reader sets. Discord publishes none of its costs, so every price here is
 * an ASSUMPTION, labelled as such wherever it is shown. The fleet numbers (2.6 M concurrent voice users,
 * 220 Gbps of egress, 850 voice servers) are cited from Discord's 2018 post and used for two derived ratios:
 * egress per voice user (~85 kbps) and egress one voice server carries (~259 Mbps).
 */
import type { SourceId } from '@/lib/sources';
import type { TableData } from '@/lib/table';
import { TYPICAL_CHANNEL, roomTraffic } from '@/lib/vad/room';
import { DEFAULT_ROOM_INPUTS, simulcastRoom } from '@/lib/simulcast/room';
import { ASSUMED_CORE_HOUR_PRICE_USD, suppressionCost } from '@/lib/noise/cost';
import { rnnoiseFacts } from '@/lib/noise/facts';
import { DISCORD_VOICE_FLEET_2018 } from '@/lib/facts';
import { formatKbps } from '@/lib/units';

/** Discord's voice fleet in 2018 ("more than" each), from its engineering blog. */
export const DISCORD_VOICE_2018 = {
  concurrentVoiceUsers: DISCORD_VOICE_FLEET_2018.concurrentVoiceUsers.value,
  egressGbps: DISCORD_VOICE_FLEET_2018.egressGbps.value,
  voiceServers: DISCORD_VOICE_FLEET_2018.voiceServers.value,
  source: 'discord-voice-2018' as SourceId,
} as const;

export const COST_SOURCES: readonly SourceId[] = [
  'discord-voice-2018',
  'discord-hn-bitrate',
  'libwebrtc-simulcast',
  'discord-go-live-2024',
  'krisp-on-device',
  'rnnoise-demo',
];

/** Derived: 220 Gbps / 2.6 M users, about 85 kbps of voice egress per concurrent voice user. */
export const CITED_EGRESS_KBPS_PER_VOICE_USER =
  (DISCORD_VOICE_2018.egressGbps * 1_000_000) / DISCORD_VOICE_2018.concurrentVoiceUsers;

/** Derived: 220 Gbps / 850 servers, the egress one voice server carried on average (redundancy included). */
export const CITED_EGRESS_KBPS_PER_VOICE_SERVER =
  (DISCORD_VOICE_2018.egressGbps * 1_000_000) / DISCORD_VOICE_2018.voiceServers;

/** A calendar month on average: 365 / 12 days. */
export const DAYS_PER_MONTH = 365 / 12;
export const SECONDS_PER_HOUR = 3600;

/** ASSUMPTION: what a gigabyte of egress costs a company that buys bandwidth in bulk for its own machines. */
export const ASSUMED_EGRESS_USD_PER_GB = 0.005;
/** ASSUMPTION: one voice server for a month, with rack space, power and spares. */
export const ASSUMED_SERVER_USD_PER_MONTH = 1000;
/** ASSUMPTION set by the reader: what one paying subscriber brings in per month. Not Discord's price list. */
export const ASSUMED_SUBSCRIPTION_USD_PER_MONTH = 10;

export interface CostInputs {
  /** Hours the user spends in a voice channel on an average day. */
  voiceHoursPerDay: number;
  /** People in the channel with them. */
  peoplePerChannel: number;
  /** People talking at the same moment, on average (the voice-activity chapter's "speaking at once"). */
  speakingAtOnce: number;
  /** Does someone in the channel stream video (one 720p camera or Go Live)? */
  videoOn: boolean;
  /** Share (0 to 1) of the others who actually watch that video. */
  watchedShare: number;
  /** ASSUMPTION: US dollars per GB of egress. */
  egressUsdPerGB: number;
  /** ASSUMPTION: US dollars per voice server per month. */
  serverUsdPerMonth: number;
  /** ASSUMPTION: US dollars per CPU core-hour (the noise chapter's assumption). */
  coreHourUsd: number;
  /** ASSUMPTION: US dollars one subscriber pays per month. */
  subscriptionUsdPerMonth: number;
}

export const DEFAULT_COST_INPUTS: Readonly<CostInputs> = Object.freeze({
  voiceHoursPerDay: 2,
  peoplePerChannel: TYPICAL_CHANNEL.people,
  speakingAtOnce: TYPICAL_CHANNEL.speakingAtOnce,
  videoOn: true,
  watchedShare: 0.6,
  egressUsdPerGB: ASSUMED_EGRESS_USD_PER_GB,
  serverUsdPerMonth: ASSUMED_SERVER_USD_PER_MONTH,
  coreHourUsd: ASSUMED_CORE_HOUR_PRICE_USD,
  subscriptionUsdPerMonth: ASSUMED_SUBSCRIPTION_USD_PER_MONTH,
});

export const COST_LIMITS = Object.freeze({
  voiceHoursPerDay: { min: 0.5, max: 12, step: 0.5 },
  peoplePerChannel: { min: 2, max: 50, step: 1 },
  speakingAtOnce: { min: 1, max: 4, step: 1 },
  watchedShare: { min: 0, max: 1, step: 0.1 },
  egressUsdPerGB: { min: 0, max: 0.1, step: 0.001 },
  serverUsdPerMonth: { min: 0, max: 5000, step: 100 },
  subscriptionUsdPerMonth: { min: 1, max: 20, step: 1 },
});

/** Which levers a design pulls. The naive design already uses an SFU: a mesh costs Discord nothing and users everything. */
export interface Design {
  vad: boolean;
  videoOnlyToWatchers: boolean;
  simulcast: boolean;
  clientNoiseSuppression: boolean;
  /**
   * Instead of simulcast, send every watcher one stream no faster than the slowest watching link: what Discord
   * documents for Go Live. Not a lever of the waterfall; costSummary prices it for comparison.
   */
  oneStreamForSlowest?: boolean;
}

export type LeverId = 'vad' | 'videoOnlyToWatchers' | 'simulcast' | 'clientNoiseSuppression';

/** Whether Discord documents a cut for its own service, and on what basis. */
export interface LeverDocumentation {
  byDiscord: boolean;
  /** The basis, in a sentence. */
  basis: string;
  source: SourceId;
}

export interface Lever {
  id: LeverId;
  label: string;
  /** The chapter that explains it, as a site path. */
  chapterHref: string;
  chapterTitle: string;
  documentation: LeverDocumentation;
}

/** The levers in the order the episode taught them. */
export const LEVERS: readonly Lever[] = [
  {
    id: 'vad',
    label: 'Send nothing in silence (VAD)',
    chapterHref: '/learn/voice-activity',
    chapterTitle: 'Voice activity',
    documentation: { byDiscord: true, basis: 'Discord’s 2018 post: its apps send no audio during silence', source: 'discord-voice-2018' },
  },
  {
    id: 'videoOnlyToWatchers',
    label: 'Video only to those watching',
    chapterHref: '/learn/simulcast',
    chapterTitle: 'Simulcast',
    documentation: { byDiscord: true, basis: 'Discord’s Go Live post: video goes only to people watching it', source: 'discord-go-live-2024' },
  },
  {
    id: 'simulcast',
    label: 'Each watcher gets the layer that fits',
    chapterHref: '/learn/simulcast',
    chapterTitle: 'Simulcast',
    documentation: {
      byDiscord: false,
      basis: 'Simulcast is the general WebRTC technique; for Go Live Discord documents one stream held to the slowest viewer',
      source: 'libwebrtc-simulcast',
    },
  },
  {
    id: 'clientNoiseSuppression',
    label: 'Noise suppression on the user’s device',
    chapterHref: '/learn/noise-suppression',
    chapterTitle: 'Noise suppression',
    documentation: {
      byDiscord: false,
      basis: 'Krisp documents that its suppression runs on the device; no Discord source cited here says where Discord’s runs',
      source: 'krisp-on-device',
    },
  },
];

/** "Documented by Discord" or "Not documented by Discord", for a bar and a table cell. */
export function documentationLabel(documentation: LeverDocumentation): string {
  return documentation.byDiscord ? 'Documented by Discord' : 'Not documented by Discord';
}

export const NAIVE_DESIGN: Readonly<Design> = Object.freeze({
  vad: false,
  videoOnlyToWatchers: false,
  simulcast: false,
  clientNoiseSuppression: false,
});

/** Every lever pulled: this model's design (not Discord's: see each lever's documentation). */
export const MODEL_DESIGN: Readonly<Design> = Object.freeze({
  vad: true,
  videoOnlyToWatchers: true,
  simulcast: true,
  clientNoiseSuppression: true,
});

/** Go Live as Discord documents it: the model's design with one stream held to the slowest watcher instead of simulcast. */
export const GO_LIVE_AS_DOCUMENTED: Readonly<Design> = Object.freeze({
  ...MODEL_DESIGN,
  simulcast: false,
  oneStreamForSlowest: true,
});

/**
 * Video per viewer, from the simulcast chapter's five friends: the top layer's bitrate, the average a watching
 * friend receives when the server picks the layer that fits their window and link, and the one stream held to the
 * slowest watching link (Go Live as Discord documents it).
 */
export function videoKbpsPerViewer(): { topLayerKbps: number; simulcastKbpsPerWatcher: number; oneStreamKbpsPerWatcher: number } {
  const room = simulcastRoom(DEFAULT_ROOM_INPUTS);
  const watchers = DEFAULT_ROOM_INPUTS.friends.filter((friend) => !friend.minimized).length;
  return {
    topLayerKbps: room.topLayerToAll.perFriendKbps,
    simulcastKbpsPerWatcher: room.egressKbps / watchers,
    oneStreamKbpsPerWatcher: room.singleStream.kbps,
  };
}

export interface UserCost {
  /** Voice egress the servers send on this user's behalf while they are in voice (their share of the channel's). */
  voiceEgressKbps: number;
  videoEgressKbps: number;
  egressKbps: number;
  voiceHoursPerMonth: number;
  egressGBPerMonth: number;
  egressUsd: number;
  /** The user's share of voice servers, sized by the egress each carried in 2018. */
  serverUsd: number;
  /** Server cores that would clean this user's microphone, if the servers did it. */
  noiseUsd: number;
  totalUsd: number;
}

/** One free user's month under a design. */
export function userMonthlyCost(inputs: Readonly<CostInputs>, design: Readonly<Design>): UserCost {
  const { voiceHoursPerDay, peoplePerChannel: people, speakingAtOnce, videoOn, watchedShare } = inputs;
  if (!(voiceHoursPerDay >= 0 && voiceHoursPerDay <= 24)) throw new RangeError('voiceHoursPerDay is 0 to 24');
  if (!(watchedShare >= 0 && watchedShare <= 1)) throw new RangeError('watchedShare is a fraction from 0 to 1');
  const room = { people, speakingAtOnce: Math.min(speakingAtOnce, people), serverMuted: 0 };
  const voice = roomTraffic(design.vad ? 'vad' : 'continuous', room);
  const voiceEgressKbps = voice.egressKbps / people;

  const viewers = people - 1;
  const { topLayerKbps, simulcastKbpsPerWatcher, oneStreamKbpsPerWatcher } = videoKbpsPerViewer();
  const receivers = design.videoOnlyToWatchers ? viewers * watchedShare : viewers;
  const perReceiverKbps = !design.videoOnlyToWatchers
    ? topLayerKbps
    : design.simulcast
      ? simulcastKbpsPerWatcher
      : design.oneStreamForSlowest
        ? oneStreamKbpsPerWatcher
        : topLayerKbps;
  const videoEgressKbps = videoOn ? (receivers * perReceiverKbps) / people : 0;
  const egressKbps = voiceEgressKbps + videoEgressKbps;

  const voiceHoursPerMonth = voiceHoursPerDay * DAYS_PER_MONTH;
  const egressGBPerMonth = (egressKbps * 1000 * SECONDS_PER_HOUR * voiceHoursPerMonth) / 8 / 1e9;
  const egressUsd = egressGBPerMonth * inputs.egressUsdPerGB;
  // Averaged over the month, the user keeps this much of a server's egress busy.
  const averageEgressKbps = (egressKbps * voiceHoursPerDay) / 24;
  const serverUsd = (averageEgressKbps / CITED_EGRESS_KBPS_PER_VOICE_SERVER) * inputs.serverUsdPerMonth;
  // A server can only clean what reaches it: with VAD, the talking share of the time.
  const { coreShareForOneStream } = suppressionCost({
    concurrentVoiceUsers: 1,
    processedShare: 1,
    realTimeFactor: rnnoiseFacts.realTimeFactorX86.value,
    coreHourPriceUsd: inputs.coreHourUsd,
  });
  const sentShare = design.vad ? voice.ingressKbps / roomTraffic('continuous', room).ingressKbps : 1;
  const noiseUsd = design.clientNoiseSuppression
    ? 0
    : coreShareForOneStream * voiceHoursPerMonth * sentShare * inputs.coreHourUsd;
  return {
    voiceEgressKbps,
    videoEgressKbps,
    egressKbps,
    voiceHoursPerMonth,
    egressGBPerMonth,
    egressUsd,
    serverUsd,
    noiseUsd,
    totalUsd: egressUsd + serverUsd + noiseUsd,
  };
}

export interface WaterfallStep {
  /** 'naive', a lever id, or 'model' (every lever pulled). */
  id: 'naive' | LeverId | 'model';
  label: string;
  chapterHref: string | null;
  chapterTitle: string | null;
  /** A cut's documentation; null for the first and last bars. */
  documentation: LeverDocumentation | null;
  /** Monthly cost after this step. */
  cost: UserCost;
  /** What this step saved per month (0 for the first and last bars). */
  savedUsd: number;
}

/** From the naive design to this model's, one lever at a time, in the episode's order. */
export function costWaterfall(inputs: Readonly<CostInputs>): WaterfallStep[] {
  const naive = userMonthlyCost(inputs, NAIVE_DESIGN);
  const steps: WaterfallStep[] = [
    { id: 'naive', label: 'Naive: SFU, no VAD, 720p to everyone, server-side noise suppression', chapterHref: '/learn/mesh-vs-sfu', chapterTitle: 'Mesh vs SFU', documentation: null, cost: naive, savedUsd: 0 },
  ];
  let design: Design = { ...NAIVE_DESIGN };
  let previous = naive;
  for (const lever of LEVERS) {
    design = { ...design, [lever.id]: true };
    const cost = userMonthlyCost(inputs, design);
    steps.push({
      id: lever.id,
      label: lever.label,
      chapterHref: lever.chapterHref,
      chapterTitle: lever.chapterTitle,
      documentation: lever.documentation,
      cost,
      savedUsd: previous.totalUsd - cost.totalUsd,
    });
    previous = cost;
  }
  steps.push({ id: 'model', label: 'This model’s design', chapterHref: null, chapterTitle: null, documentation: null, cost: previous, savedUsd: 0 });
  return steps;
}

export interface CostSummary {
  naive: UserCost;
  /** Every lever pulled: this model's design. */
  model: UserCost;
  /** naive / model. */
  reduction: number;
  /** What the cuts Discord documents save, and what the others save (the two add up to naive - model). */
  savedByDocumentedCutsUsd: number;
  savedByUndocumentedCutsUsd: number;
  /** Go Live as Discord documents it: the model's design with one stream held to the slowest watcher. */
  goLiveAsDocumented: UserCost;
  /** How many free users one subscription's assumed price covers under this model's design. */
  freeUsersPerSubscription: number;
  /** Hours in voice a day at which one subscription covers a thousand free users (cost is linear in hours). */
  hoursPerDayForThousandUsers: number;
  /** Compare: the model's voice egress per person in the channel vs the ~85 kbps derived from Discord's fleet. */
  modelVoiceEgressKbps: number;
  citedEgressKbpsPerVoiceUser: number;
}

export function costSummary(inputs: Readonly<CostInputs>): CostSummary {
  const naive = userMonthlyCost(inputs, NAIVE_DESIGN);
  const model = userMonthlyCost(inputs, MODEL_DESIGN);
  const cuts = costWaterfall(inputs).filter((step) => step.documentation !== null);
  const savedBy = (byDiscord: boolean) =>
    cuts.filter((step) => step.documentation?.byDiscord === byDiscord).reduce((sum, step) => sum + step.savedUsd, 0);
  const usdPerHourPerDay = model.totalUsd / inputs.voiceHoursPerDay;
  return {
    naive,
    model,
    reduction: naive.totalUsd / model.totalUsd,
    savedByDocumentedCutsUsd: savedBy(true),
    savedByUndocumentedCutsUsd: savedBy(false),
    goLiveAsDocumented: userMonthlyCost(inputs, GO_LIVE_AS_DOCUMENTED),
    freeUsersPerSubscription: inputs.subscriptionUsdPerMonth / model.totalUsd,
    hoursPerDayForThousandUsers: inputs.subscriptionUsdPerMonth / 1000 / usdPerHourPerDay,
    modelVoiceEgressKbps: model.voiceEgressKbps,
    citedEgressKbpsPerVoiceUser: CITED_EGRESS_KBPS_PER_VOICE_USER,
  };
}

/** "$1.23", "$0.042", "$0.0031": enough digits that small costs do not round to zero. */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  const digits = usd >= 1 ? 2 : Math.min(6, 1 - Math.floor(Math.log10(usd)) + 1);
  return `$${usdFormat(digits).format(usd)}`;
}

/** One formatter per number of digits (what toLocaleString with these options builds at every call). */
const usdFormats = new Map<number, Intl.NumberFormat>();
function usdFormat(digits: number): Intl.NumberFormat {
  let format = usdFormats.get(digits);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { minimumFractionDigits: Math.min(2, digits), maximumFractionDigits: digits });
    usdFormats.set(digits, format);
  }
  return format;
}

/** "33 cents", "0.4 cents" (one decimal below a cent), "$1.40" from a dollar up: a cost as a sentence says it. */
export function formatCents(usd: number): string {
  if (usd >= 1) return formatUsd(usd);
  const cents = usd * 100;
  const text = cents < 1 ? cents.toLocaleString('en-US', { maximumFractionDigits: 1 }) : String(Math.round(cents));
  return `${text} ${text === '1' ? 'cent' : 'cents'}`;
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

/** One row of the cost table: a design's costs, what it saved, and whether Discord documents it. */
function costRow(label: string, cost: UserCost, saved: string, documented: string): (string | number)[] {
  return [
    label,
    formatKbps(round(cost.egressKbps, 1)),
    round(cost.egressGBPerMonth, 2),
    formatUsd(cost.egressUsd),
    formatUsd(cost.serverUsd),
    formatUsd(cost.noiseUsd),
    formatUsd(cost.totalUsd),
    saved,
    documented,
  ];
}

/** The waterfall as a table: one row per step, Go Live as Discord documents it, then the subscription comparison. */
export function costTable(inputs: Readonly<CostInputs>): TableData {
  const steps = costWaterfall(inputs);
  const summary = costSummary(inputs);
  return {
    caption: `One free user in voice ${inputs.voiceHoursPerDay} h a day, ${inputs.peoplePerChannel} people per channel, ${inputs.speakingAtOnce} talking at once, ${inputs.videoOn ? `one video watched by ${Math.round(inputs.watchedShare * 100)} % of the others` : 'no video'}; prices are assumptions`,
    columns: ['Step', 'Egress while in voice', 'GB a month', 'Egress $', 'Servers $', 'Noise cores $', 'Total $ a month', 'Saved $', 'Documented by Discord?'],
    rows: [
      ...steps.map((step) =>
        costRow(
          step.label,
          step.cost,
          step.documentation ? formatUsd(step.savedUsd) : '',
          step.documentation ? `${step.documentation.byDiscord ? 'Yes' : 'No'}: ${step.documentation.basis}` : '',
        ),
      ),
      costRow(
        'Go Live as Discord documents it: one stream held to the slowest watcher instead of simulcast',
        summary.goLiveAsDocumented,
        '',
        'Yes: Discord’s Go Live post',
      ),
      [`Free users one assumed ${formatUsd(inputs.subscriptionUsdPerMonth)} subscription covers`, '', '', '', '', '', Math.floor(summary.freeUsersPerSubscription), '', ''],
    ],
  };
}
