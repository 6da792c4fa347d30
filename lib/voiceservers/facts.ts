import type { SourceId } from '@/lib/sources';

/** A number about the world, with the source a reader can open. */
export interface VoiceFleetFact {
  value: number;
  unit: string;
  source: SourceId;
}

/**
 * What Discord's 2018 voice post states about its voice fleet. Each is a "more than" figure from
 * one moment in 2018, so the models treat them as a snapshot, not as today's fleet.
 */
export const DISCORD_VOICE_FLEET_2018 = {
  concurrentVoiceUsers: { value: 2_600_000, unit: 'concurrent voice users (more than)', source: 'discord-voice-2018' },
  egressGbps: { value: 220, unit: 'Gbps of voice egress (more than)', source: 'discord-voice-2018' },
  voiceServers: { value: 850, unit: 'voice servers (more than)', source: 'discord-voice-2018' },
  regions: { value: 13, unit: 'regions', source: 'discord-voice-2018' },
  dataCenters: { value: 30, unit: 'data centers (more than)', source: 'discord-voice-2018' },
} as const satisfies Record<string, VoiceFleetFact>;
