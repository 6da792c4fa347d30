/**
 * Numbers about the world that more than one chapter uses, each with the source a reader can open
 * (ids from lib/sources.ts; the checked list is ../shared/facts.md). Models import these instead of
 * writing the number again.
 */
import type { SourceId } from '@/lib/sources';

/** A number about the world, with what it counts and where it comes from. */
export interface CitedFigure {
  value: number;
  /** What the number counts, with its unit. */
  unit: string;
  source: SourceId;
}

/**
 * What Discord's 2018 voice post states about its voice fleet. Each is a "more than" figure from
 * one moment in 2018, so the models treat them as a snapshot (a floor for today), not as today's fleet.
 */
export const DISCORD_VOICE_FLEET_2018 = {
  concurrentVoiceUsers: { value: 2_600_000, unit: 'concurrent voice users (2018, "more than")', source: 'discord-voice-2018' },
  egressGbps: { value: 220, unit: 'Gbps of voice egress (more than)', source: 'discord-voice-2018' },
  egressMpps: { value: 120, unit: 'million packets per second of voice egress (more than)', source: 'discord-voice-2018' },
  voiceServers: { value: 850, unit: 'voice servers (more than)', source: 'discord-voice-2018' },
  regions: { value: 13, unit: 'regions', source: 'discord-voice-2018' },
  dataCenters: { value: 30, unit: 'data centers (more than)', source: 'discord-voice-2018' },
} as const satisfies Record<string, CitedFigure>;
