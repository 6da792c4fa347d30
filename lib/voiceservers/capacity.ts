import { DEFAULT_VOICE_WIRE_KBPS } from '@/lib/bandwidth';
import { DISCORD_VOICE_FLEET_2018 as FLEET } from '@/lib/facts';

const KBPS_PER_GBPS = 1_000_000;

/**
 * Egress per voice user, derived from the 2018 post: more than 220 Gbps out for more than 2.6 million
 * concurrent voice users, about 84.6 kbps each. That is close to one 80 kbps voice stream
 * (DEFAULT_VOICE_WIRE_KBPS) per person, which is what a room of mostly listeners behind an SFU costs.
 */
export const EGRESS_KBPS_PER_VOICE_USER =
  (FLEET.egressGbps.value * KBPS_PER_GBPS) / FLEET.concurrentVoiceUsers.value;

/** How far the derived per-user egress is from one voice stream on the wire (a ratio, ~1.06). */
export const EGRESS_PER_USER_OVER_ONE_STREAM = EGRESS_KBPS_PER_VOICE_USER / DEFAULT_VOICE_WIRE_KBPS;

/**
 * ASSUMPTION, not documented by Discord: a voice server's usable egress, as one 1 Gbps network port.
 * Discord does not publish its machines' network cards; the models use this to turn bandwidth into a
 * number of people per server. Change it here and every figure and table follows.
 */
export const ASSUMED_SERVER_NIC_GBPS = 1;

/** Voice users one server can carry before its (assumed) network port is full: 11,818. */
export function serverCapacityUsers(nicGbps: number = ASSUMED_SERVER_NIC_GBPS): number {
  return Math.floor((nicGbps * KBPS_PER_GBPS) / EGRESS_KBPS_PER_VOICE_USER);
}

/** Derived averages of the 2018 fleet, for the chapter's "how full were they" arithmetic. */
export function fleetAverages2018() {
  const usersPerServer = FLEET.concurrentVoiceUsers.value / FLEET.voiceServers.value;
  const egressMbpsPerServer = (FLEET.egressGbps.value * 1000) / FLEET.voiceServers.value;
  const usersPerRegion = FLEET.concurrentVoiceUsers.value / FLEET.regions.value;
  const serversPerRegion = FLEET.voiceServers.value / FLEET.regions.value;
  return {
    usersPerServer,
    egressMbpsPerServer,
    usersPerRegion,
    serversPerRegion,
    /** Share of the assumed network port an average server used: about a quarter. */
    nicShareUsed: egressMbpsPerServer / (ASSUMED_SERVER_NIC_GBPS * 1000),
  };
}
