import type { InputBounds } from '@/lib/bounds';
import { createRng, normal } from '@/lib/random';
import type { TableData } from '@/lib/table';
import { formatCount, formatPercent } from '@/lib/units';
import { serverCapacityUsers, fleetAverages2018 } from './capacity';

/**
 * The general autoscaling technique (not something Discord documents for its voice servers): watch
 * demand, keep the pool a little larger than demand (headroom), add servers when it climbs, knowing a
 * new one takes a while to be ready (provisioning delay), and retire them when demand falls. It is
 * compared with a fixed pool sized once for the ordinary evening peak.
 *
 * Every parameter below that is not derived from the 2018 post is the model's assumption.
 */

export const MINUTES_PER_DAY = 24 * 60;
/** The model's clock: one tick is five minutes of the day. */
export const TICK_MIN = 5;
export const TICKS_PER_DAY = MINUTES_PER_DAY / TICK_MIN;
/**
 * Scale-down stabilisation: a server is retired only if the pool has wanted fewer servers for this long,
 * so the five-minute wobble in demand does not switch servers off and on again (assumption).
 */
export const SCALE_DOWN_WINDOW_MIN = 30;

export interface DemandParams {
  seed: number;
  /** Peak concurrent voice users in the region on an ordinary evening. */
  peakUsers: number;
  /** Demand at the quietest hour, as a share of the peak (assumption). */
  troughShare: number;
  /** Hour of the ordinary peak, local time (assumption). */
  peakHour: number;
  /** Standard deviation of the five-minute wobble, as a share of demand (assumption). */
  noiseShare: number;
  /** A surge on top: a big game launches and many more people jump into voice. */
  surge: boolean;
  surgeHour: number;
  /** Extra users at the surge's top, as a share of the ordinary peak. */
  surgeShare: number;
  /** Minutes from the surge's start to its top (it then fades over `surgeFadeMin`). */
  surgeRampMin: number;
  surgeFadeMin: number;
}

/** A region's share of the 2018 fleet at peak: 2.6 million users over 13 regions, 200,000. */
export const REGION_PEAK_USERS = Math.round(fleetAverages2018().usersPerRegion);

export const DEFAULT_DEMAND: DemandParams = {
  seed: 7,
  peakUsers: REGION_PEAK_USERS,
  troughShare: 0.25,
  peakHour: 21,
  noiseShare: 0.02,
  surge: true,
  surgeHour: 19,
  surgeShare: 0.35,
  surgeRampMin: 30,
  surgeFadeMin: 240,
};

/** The ordinary daily curve (no wobble, no surge): trough at peakHour - 12, top at peakHour. */
export function baseDemandUsers(params: DemandParams, minuteOfDay: number): number {
  const hoursFromPeak = minuteOfDay / 60 - params.peakHour;
  const wave = 0.5 + 0.5 * Math.cos((2 * Math.PI * hoursFromPeak) / 24);
  return params.peakUsers * (params.troughShare + (1 - params.troughShare) * wave);
}

function surgeUsers(params: DemandParams, minuteOfDay: number): number {
  if (!params.surge) return 0;
  const since = minuteOfDay - params.surgeHour * 60;
  if (since < 0) return 0;
  const top = params.surgeShare * params.peakUsers;
  if (since < params.surgeRampMin) return (top * since) / params.surgeRampMin;
  const fading = since - params.surgeRampMin;
  return fading >= params.surgeFadeMin ? 0 : top * (1 - fading / params.surgeFadeMin);
}

/** Voice users in the region at the start of every five-minute tick of one day, seeded. */
export function dailyDemand(params: DemandParams): number[] {
  const rng = createRng(params.seed);
  return Array.from({ length: TICKS_PER_DAY }, (_, tick) => {
    const minute = tick * TICK_MIN;
    const wobble = 1 + normal(rng, 0, params.noiseShare);
    return Math.max(0, Math.round(baseDemandUsers(params, minute) * wobble + surgeUsers(params, minute)));
  });
}

export type PoolPolicy = 'autoscaled' | 'fixed';

export interface PoolParams {
  policy: PoolPolicy;
  capacityUsers: number;
  /** Spare capacity kept above demand, as a share of demand (0.2 = 20 % more servers than needed). */
  headroomShare: number;
  /** Minutes from asking for a server to it taking calls (boot, health check, registration in etcd). */
  provisioningDelayMin: number;
  /** Never fewer than this, so one failure does not leave the region empty (assumption). */
  minServers: number;
  /** The fixed pool's size; ignored when autoscaled. */
  fixedServers: number;
}

export interface PoolState {
  tick: number;
  running: number;
  /** Ticks at which requested servers become ready. */
  pendingReadyTicks: number[];
  /** Servers wanted in the last SCALE_DOWN_WINDOW_MIN minutes, newest last. */
  recentWanted: number[];
  /** Users who could not get a voice server in the last tick. */
  unservedUsers: number;
  /** People who tried to join while every server was full, so far today. */
  droppedJoins: number;
  serverMinutes: number;
  servedUserMinutes: number;
  capacityUserMinutes: number;
}

export function createPool(params: PoolParams, firstDemandUsers: number): PoolState {
  const running =
    params.policy === 'fixed' ? params.fixedServers : serversWanted(firstDemandUsers, params);
  return {
    tick: 0,
    running,
    pendingReadyTicks: [],
    recentWanted: [],
    unservedUsers: 0,
    droppedJoins: 0,
    serverMinutes: 0,
    servedUserMinutes: 0,
    capacityUserMinutes: 0,
  };
}

/** Servers the autoscaler aims for: demand plus headroom, in whole servers, never below the floor. */
export function serversWanted(demandUsers: number, params: Pick<PoolParams, 'capacityUsers' | 'headroomShare' | 'minServers'>): number {
  return Math.max(params.minServers, Math.ceil((demandUsers * (1 + params.headroomShare)) / params.capacityUsers));
}

export interface PoolTick {
  state: PoolState;
  demandUsers: number;
  servedUsers: number;
  running: number;
  pending: number;
  utilisation: number;
}

/**
 * One five-minute tick: servers that finished provisioning join the pool; the autoscaler compares
 * what it has (running + on the way) with what it wants and asks for more, or retires one if it has
 * wanted fewer for the whole stabilisation window; then the
 * running servers take as many of the region's users as fit. Users beyond that are turned away;
 * everyone who newly finds the pool full counts as a dropped join.
 */
export function stepPool(state: PoolState, params: PoolParams, demandUsers: number): PoolTick {
  const { tick } = state;
  let running = state.running;
  let pending = state.pendingReadyTicks;
  let recentWanted = state.recentWanted;
  if (params.policy === 'autoscaled') {
    const wanted = serversWanted(demandUsers, params);
    recentWanted = [...recentWanted, wanted].slice(-SCALE_DOWN_WINDOW_MIN / TICK_MIN);
    const have = running + pending.length;
    if (wanted > have) {
      const readyTick = tick + Math.ceil(params.provisioningDelayMin / TICK_MIN);
      pending = [...pending, ...Array.from({ length: wanted - have }, () => readyTick)];
    } else if (Math.max(...recentWanted) < running && pending.length === 0) {
      running -= 1; // retire one server a tick, after its guilds have moved off (drain)
    }
    running += pending.filter((t) => t <= tick).length;
    pending = pending.filter((t) => t > tick);
  }
  const capacity = running * params.capacityUsers;
  const servedUsers = Math.min(demandUsers, capacity);
  const unservedUsers = demandUsers - servedUsers;
  const next: PoolState = {
    tick: tick + 1,
    running,
    pendingReadyTicks: pending,
    recentWanted,
    unservedUsers,
    droppedJoins: state.droppedJoins + Math.max(0, unservedUsers - state.unservedUsers),
    serverMinutes: state.serverMinutes + running * TICK_MIN,
    servedUserMinutes: state.servedUserMinutes + servedUsers * TICK_MIN,
    capacityUserMinutes: state.capacityUserMinutes + capacity * TICK_MIN,
  };
  return {
    state: next,
    demandUsers,
    servedUsers,
    running,
    pending: pending.length,
    utilisation: capacity === 0 ? 1 : servedUsers / capacity,
  };
}

export interface PoolDay {
  policy: PoolPolicy;
  ticks: PoolTick[];
  serverHours: number;
  minServers: number;
  maxServers: number;
  /** Busiest five minutes: served / capacity. */
  peakUtilisation: number;
  /** Over the day: user-minutes served / capacity offered. */
  meanUtilisation: number;
  droppedJoins: number;
}

export interface AutoscaleInputs {
  headroomShare: number;
  provisioningDelayMin: number;
  surge: boolean;
}

export const HEADROOM_MIN = 0;
export const HEADROOM_MAX = 1;
export const HEADROOM_STEP = 0.05;
export const DELAY_MIN = 0;
export const DELAY_MAX = 60;

/** What the day figure's sliders offer: headroom, provisioning delay (whole ticks), and the time of day as a tick. */
export const DAY_BOUNDS: Readonly<Record<'headroomShare' | 'provisioningDelayMin' | 'cursorTick', InputBounds>> = Object.freeze({
  headroomShare: { min: HEADROOM_MIN, max: HEADROOM_MAX, step: HEADROOM_STEP },
  provisioningDelayMin: { min: DELAY_MIN, max: DELAY_MAX, step: TICK_MIN },
  cursorTick: { min: 0, max: TICKS_PER_DAY - 1, step: 1 },
});
export const DEFAULT_AUTOSCALE_INPUTS: AutoscaleInputs = { headroomShare: 0.2, provisioningDelayMin: 15, surge: true };
/** Where the day figure's clock starts: half an hour into the surge. */
export const DEFAULT_CURSOR_TICK = (DEFAULT_DEMAND.surgeHour * 60 + 30) / TICK_MIN;
export const MIN_SERVERS = 2;

function runPool(demand: readonly number[], params: PoolParams): PoolDay {
  let state = createPool(params, demand[0]);
  const ticks = demand.map((users) => {
    const result = stepPool(state, params, users);
    state = result.state;
    return result;
  });
  const running = ticks.map((t) => t.running);
  return {
    policy: params.policy,
    ticks,
    serverHours: state.serverMinutes / 60,
    minServers: Math.min(...running),
    maxServers: Math.max(...running),
    peakUtilisation: Math.max(...ticks.map((t) => t.utilisation)),
    meanUtilisation: state.servedUserMinutes / state.capacityUserMinutes,
    droppedJoins: state.droppedJoins,
  };
}

export interface AutoscaleDay {
  inputs: AutoscaleInputs;
  capacityUsers: number;
  demand: number[];
  autoscaled: PoolDay;
  fixed: PoolDay;
}

/**
 * One day in one region, both pools fed the same seeded demand. The fixed pool is what a planner
 * would buy for the ordinary evening peak plus the same headroom: it does not know about the surge.
 */
export function simulateAutoscaleDay(inputs: AutoscaleInputs, demandParams: DemandParams = DEFAULT_DEMAND): AutoscaleDay {
  const capacityUsers = serverCapacityUsers();
  const demand = dailyDemand({ ...demandParams, surge: inputs.surge });
  const base = {
    capacityUsers,
    headroomShare: inputs.headroomShare,
    provisioningDelayMin: inputs.provisioningDelayMin,
    minServers: MIN_SERVERS,
  };
  const fixedServers = serversWanted(demandParams.peakUsers, base);
  return {
    inputs,
    capacityUsers,
    demand,
    autoscaled: runPool(demand, { ...base, policy: 'autoscaled', fixedServers }),
    fixed: runPool(demand, { ...base, policy: 'fixed', fixedServers }),
  };
}

/** "17:35" for a tick of the day. */
export function clockOfTick(tick: number): string {
  const minutes = (tick * TICK_MIN) % MINUTES_PER_DAY;
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

const POOL_NAMES: Record<PoolPolicy, string> = { autoscaled: 'Autoscaled pool', fixed: 'Fixed pool' };

export function poolName(policy: PoolPolicy): string {
  return POOL_NAMES[policy];
}

/** The day figure's data table: the two pools over the whole day. */
export function autoscaleTable(day: AutoscaleDay): TableData {
  const { inputs } = day;
  const row = (pool: PoolDay) => [
    poolName(pool.policy),
    pool.minServers === pool.maxServers ? `${pool.maxServers}` : `${pool.minServers}–${pool.maxServers}`,
    Math.round(pool.serverHours),
    formatPercent(pool.meanUtilisation, 1),
    formatPercent(pool.peakUtilisation, 1),
    pool.droppedJoins,
  ];
  return {
    caption: `One day in one region, ${formatPercent(inputs.headroomShare)} headroom, ${inputs.provisioningDelayMin} min to provision a server, ${
      inputs.surge ? 'with' : 'without'
    } an evening surge; ${formatCount(day.capacityUsers)} voice users per server`,
    columns: ['Pool', 'Servers running', 'Server-hours', 'Mean utilisation', 'Peak utilisation', 'Dropped joins'],
    rows: [row(day.autoscaled), row(day.fixed)],
  };
}
