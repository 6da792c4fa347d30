import type { SourceId } from '../sources';

/**
 * Published numbers about Discord's Gateway and its Elixir guilds, each with the source it comes from
 * (see ../../shared facts sheet, "Gateway and Elixir"). The fan-out model and the chapter read them here.
 */

/** 2017: one send/2 from a guild process to a session process took 30 to 70 microseconds. */
export const SEND_US_MIN = 30;
export const SEND_US_MAX = 70;
export const SEND_COST_SOURCE: SourceId = 'discord-elixir-5m';

/** 2017: /r/Overwatch, the example of a big guild, had up to 30,000 people online at once. */
export const BIG_GUILD_ONLINE_2017 = 30_000;

/** 2017: up to 500,000 live session processes on one Erlang VM. */
export const MAX_SESSIONS_PER_VM_2017 = 500_000;

/** 2020, Elixir blog: concurrent users, WebSocket events a second, Elixir machines. */
export const GATEWAY_2020 = {
  concurrentUsers: 12_000_000,
  eventsPerSecond: 26_000_000,
  machinesMin: 400,
  machinesMax: 500,
  source: 'elixir-discord-2020',
} as const satisfies Record<string, number | SourceId>;

