import { countBounds, type InputBounds } from '@/lib/bounds';
import { createRng } from '@/lib/random';
import type { TableData } from '@/lib/table';
import { formatPercent } from '@/lib/units';

/**
 * Discord's documented voice-server assignment (2018 post): every voice server reports its health and
 * load, and the reports are curated and placed into etcd; when a guild starts voice, the Guilds service reads those reports and picks the
 * least-utilized healthy server in the guild's region; every voice channel of that guild then lives on
 * that one server; a server that fails (or is being DDoSed) is taken out of the list and its guilds
 * are moved to other servers.
 *
 * The model's own choices, which Discord does not document: moved guilds are re-placed largest first;
 * a guild that fits on no server waits, and is placed when a server comes back; ties go to the lowest
 * server number.
 */

export interface Guild {
  id: number;
  /** People in this guild's voice channels, all of them served by one voice server. */
  voiceUsers: number;
}

export interface VoiceServer {
  id: number;
  /** False once the server has failed or been taken out; etcd no longer lists it. */
  healthy: boolean;
  /** Guild ids placed here, in the order they arrived. */
  guildIds: number[];
}

export interface RegionState {
  capacityUsers: number;
  servers: VoiceServer[];
  /** Every guild that has started voice, by id. */
  guilds: Record<number, Guild>;
  /** Guilds that fit on no healthy server, waiting for one. */
  waitingGuildIds: number[];
  /** How many times a guild was moved off a failed server onto another. */
  moves: number;
}

export type RegionEvent =
  | { type: 'join'; guild: Guild }
  | { type: 'fail'; serverId: number }
  | { type: 'recover'; serverId: number };

/**
 * What placement reads from one server's report: is it healthy, how many people it carries, and how
 * loaded it is (0..1). The chapter's servers are numbered; the live fleet's nodes (server/fleet) are
 * named, so the id's type is a parameter.
 */
export interface PlacementReport<Id = number> {
  serverId: Id;
  healthy: boolean;
  voiceUsers: number;
  /** 0..1; in the chapter voiceUsers / capacity, on a live node its busiest resource (fleet.ts). */
  utilisation: number;
}

/** What one server reports to etcd: is it healthy, and how loaded. */
export interface ServerReport extends PlacementReport<number> {
  guilds: number;
}

export function createRegion(serverCount: number, capacityUsers: number): RegionState {
  return {
    capacityUsers,
    servers: Array.from({ length: serverCount }, (_, id) => ({ id, healthy: true, guildIds: [] })),
    guilds: {},
    waitingGuildIds: [],
    moves: 0,
  };
}

function serverUsers(state: RegionState, server: VoiceServer): number {
  return server.guildIds.reduce((sum, id) => sum + state.guilds[id].voiceUsers, 0);
}

/** The region as etcd sees it: one report per server. */
export function serverReports(state: RegionState): ServerReport[] {
  return state.servers.map((server) => {
    const voiceUsers = serverUsers(state, server);
    return {
      serverId: server.id,
      healthy: server.healthy,
      voiceUsers,
      guilds: server.guildIds.length,
      utilisation: voiceUsers / state.capacityUsers,
    };
  });
}

/**
 * The Guilds service's pick: the healthy server with the lowest utilisation, if the guild fits there
 * (the first in the list on a tie). With equal capacities the least utilised server also has the most
 * room, so null means no server fits. A server whose utilisation is already 1 is full by some measure
 * other than people (a live node's CPU, say) and takes nobody; in the chapter's region utilisation is
 * people over capacity, so that rule never changes its picks.
 */
export function pickLeastUtilised<Id>(reports: readonly PlacementReport<Id>[], voiceUsers: number, capacityUsers: number): Id | null {
  let best: PlacementReport<Id> | null = null;
  for (const report of reports) {
    if (!report.healthy) continue;
    if (best === null || report.utilisation < best.utilisation) best = report;
  }
  if (best === null || best.utilisation >= 1 || best.voiceUsers + voiceUsers > capacityUsers) return null;
  return best.serverId;
}

/** The server a guild's voice channels are on, or null if it is waiting (or unknown). */
export function serverOfGuild(state: RegionState, guildId: number): number | null {
  const server = state.servers.find((s) => s.guildIds.includes(guildId));
  return server ? server.id : null;
}

function place(state: RegionState, guildIds: readonly number[]): { servers: VoiceServer[]; waiting: number[] } {
  let next: RegionState = { ...state, servers: state.servers.map((s) => ({ ...s, guildIds: [...s.guildIds] })) };
  const waiting: number[] = [];
  for (const id of guildIds) {
    const guild = next.guilds[id];
    const target = pickLeastUtilised(serverReports(next), guild.voiceUsers, next.capacityUsers);
    if (target === null) {
      waiting.push(id);
      continue;
    }
    next = {
      ...next,
      servers: next.servers.map((s) => (s.id === target ? { ...s, guildIds: [...s.guildIds, id] } : s)),
    };
  }
  return { servers: next.servers, waiting };
}

/** Largest first, then by id: the order the model re-places guilds in. */
function largestFirst(state: RegionState, ids: readonly number[]): number[] {
  return [...ids].sort((a, b) => state.guilds[b].voiceUsers - state.guilds[a].voiceUsers || a - b);
}

/** One event in the region: a guild starts voice, a server fails, or a server comes back. */
export function stepRegion(state: RegionState, event: RegionEvent): RegionState {
  if (event.type === 'join') {
    const { guild } = event;
    if (state.guilds[guild.id]) return state; // already has a server: its new channel joins it there
    const withGuild = { ...state, guilds: { ...state.guilds, [guild.id]: guild } };
    const placed = place(withGuild, [guild.id]);
    return { ...withGuild, servers: placed.servers, waitingGuildIds: [...state.waitingGuildIds, ...placed.waiting] };
  }
  const server = state.servers.find((s) => s.id === event.serverId);
  if (!server) return state;
  if (event.type === 'fail') {
    if (!server.healthy) return state;
    const orphans = largestFirst(state, server.guildIds);
    const removed: RegionState = {
      ...state,
      servers: state.servers.map((s) => (s.id === server.id ? { ...s, healthy: false, guildIds: [] } : s)),
    };
    const placed = place(removed, orphans);
    return {
      ...removed,
      servers: placed.servers,
      waitingGuildIds: [...state.waitingGuildIds, ...placed.waiting],
      moves: state.moves + orphans.length - placed.waiting.length,
    };
  }
  if (server.healthy) return state;
  const back: RegionState = {
    ...state,
    servers: state.servers.map((s) => (s.id === server.id ? { ...s, healthy: true } : s)),
  };
  const placed = place(back, largestFirst(state, state.waitingGuildIds));
  return { ...back, servers: placed.servers, waitingGuildIds: placed.waiting };
}

export const GUILD_MIN_VOICE_USERS = 10;
export const GUILD_MAX_VOICE_USERS = 3000;

/**
 * The guilds that start voice in the figure's region, in order: sizes spread evenly on a log scale
 * between 10 and 3,000 people (an assumption: many small guilds, a few very large ones).
 */
export function guildArrivals(seed: number, count: number): Guild[] {
  const rng = createRng(seed);
  const logMin = Math.log(GUILD_MIN_VOICE_USERS);
  const logMax = Math.log(GUILD_MAX_VOICE_USERS);
  return Array.from({ length: count }, (_, id) => ({
    id,
    voiceUsers: Math.round(Math.exp(logMin + (logMax - logMin) * rng.next())),
  }));
}

/** A server failing or coming back, after `afterJoins` guilds have started voice. */
export interface ServerAction {
  type: 'fail' | 'recover';
  serverId: number;
  afterJoins: number;
}

export interface RegionInputs {
  serverCount: number;
  capacityUsers: number;
  arrivals: readonly Guild[];
  /** How many of the arrivals have happened. */
  joined: number;
  actions: readonly ServerAction[];
}

/** The region after replaying the reader's inputs: joins in order, each action at its moment. */
export function replayRegion(inputs: RegionInputs): RegionState {
  let state = createRegion(inputs.serverCount, inputs.capacityUsers);
  const joined = Math.min(inputs.joined, inputs.arrivals.length);
  for (let i = 0; i <= joined; i += 1) {
    for (const action of inputs.actions) {
      if (action.afterJoins === i) state = stepRegion(state, { type: action.type, serverId: action.serverId });
    }
    if (i < joined) state = stepRegion(state, { type: 'join', guild: inputs.arrivals[i] });
  }
  return state;
}

export function regionTotals(state: RegionState) {
  const reports = serverReports(state);
  const healthy = reports.filter((r) => r.healthy);
  const placedUsers = reports.reduce((sum, r) => sum + r.voiceUsers, 0);
  const waitingUsers = state.waitingGuildIds.reduce((sum, id) => sum + state.guilds[id].voiceUsers, 0);
  const healthyCapacity = healthy.length * state.capacityUsers;
  return {
    healthyServers: healthy.length,
    placedUsers,
    waitingUsers,
    waitingGuilds: state.waitingGuildIds.length,
    utilisation: healthyCapacity === 0 ? 1 : placedUsers / healthyCapacity,
    moves: state.moves,
  };
}

export function serverLabel(serverId: number): string {
  return `Voice server ${serverId + 1}`;
}

/** The region figure's data table: what each server reports to etcd, then the guilds still waiting. */
export function regionTable(state: RegionState): TableData {
  const reports = serverReports(state);
  const totals = regionTotals(state);
  return {
    caption: `Voice servers in one region, ${state.capacityUsers.toLocaleString('en-US')} voice users each at most`,
    columns: ['Server', 'Health reported to etcd', 'Guilds', 'Voice users', 'Utilisation'],
    rows: [
      ...reports.map((r) => [
        serverLabel(r.serverId),
        r.healthy ? 'healthy' : 'failed, removed',
        r.guilds,
        r.voiceUsers,
        r.healthy ? formatPercent(r.utilisation, 1) : '–',
      ]),
      ['Waiting for a server', '–', totals.waitingGuilds, totals.waitingUsers, '–'],
    ],
  };
}

/** The region figure's settings: how many servers and guilds it draws (illustrative, not Discord's). */
export const REGION_FIGURE = {
  seed: 7,
  guildCount: 40,
  serverCountMin: 2,
  serverCountMax: 8,
  defaultServerCount: 6,
  defaultJoined: 30,
  /** Fail and restore clicks the figure keeps (and a link carries); Reset starts over. */
  maxActions: 32,
} as const;

/** What the region figure's sliders offer: servers in the region, and how many of the seeded guilds have started voice. */
export const REGION_BOUNDS: Readonly<Record<'serverCount' | 'joined', InputBounds>> = Object.freeze({
  serverCount: { min: REGION_FIGURE.serverCountMin, max: REGION_FIGURE.serverCountMax, step: 1 },
  joined: countBounds(REGION_FIGURE.guildCount),
});

export interface RegionFigureInputs {
  serverCount: number;
  joined: number;
  actions: readonly ServerAction[];
}

export const DEFAULT_REGION_INPUTS: RegionFigureInputs = {
  serverCount: REGION_FIGURE.defaultServerCount,
  joined: REGION_FIGURE.defaultJoined,
  actions: [],
};

/** The figure's region for the reader's inputs, on servers of the derived capacity. */
export function regionForInputs(inputs: RegionFigureInputs, capacityUsers: number): RegionState {
  return replayRegion({
    serverCount: inputs.serverCount,
    capacityUsers,
    arrivals: guildArrivals(REGION_FIGURE.seed, REGION_FIGURE.guildCount),
    joined: inputs.joined,
    actions: inputs.actions.filter((a) => a.serverId < inputs.serverCount),
  });
}
