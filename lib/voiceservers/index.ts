/**
 * Voice servers: how Discord places guilds on them (documented, region.ts) and how a pool of servers
 * can follow a day's demand (the general autoscaling technique, autoscaler.ts). capacity.ts turns the
 * 2018 fleet's numbers into people per server, with the server's network port as a stated assumption.
 * fleet.ts applies the same placement to this site's own SFU nodes (server/fleet).
 */
export { DISCORD_VOICE_FLEET_2018 } from '@/lib/facts';
export * from './capacity';
export * from './region';
export * from './autoscaler';
export * from './fleet';
