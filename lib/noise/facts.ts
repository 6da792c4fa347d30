/**
 * Published numbers the noise-suppression chapter states, each with the source it comes from
 * (ids from lib/sources.ts; the checked list is ../shared/facts.md). Components read these rather
 * than writing a number by hand.
 */
import { DISCORD_VOICE_FLEET_2018, type CitedFigure } from '@/lib/facts';

export type { CitedFigure };

export const rnnoiseFacts = {
  /** Bark-scale-like bands RNNoise computes gains for (instead of hundreds of FFT bins). */
  bands: { value: 22, unit: 'bands', source: 'rnnoise-demo' },
  /** Features fed to the network each frame. */
  features: { value: 42, unit: 'features per frame', source: 'rnnoise-paper' },
  gruLayers: { value: 3, unit: 'GRU layers', source: 'rnnoise-paper' },
  lookaheadMs: { value: 10, unit: 'ms of look-ahead', source: 'rnnoise-paper' },
  modelSizeKB: { value: 85, unit: 'kB of weights (about)', source: 'rnnoise-demo' },
  /** "About 60x faster than real time" on an x86 CPU: one core runs ~60 streams. */
  realTimeFactorX86: { value: 60, unit: '× real time on x86', source: 'rnnoise-demo' },
  /** "About 7x faster than real time" on a Raspberry Pi 3. */
  realTimeFactorRaspberryPi3: { value: 7, unit: '× real time on a Raspberry Pi 3', source: 'rnnoise-demo' },
} as const satisfies Record<string, CitedFigure>;

/**
 * "More than 2.6 million concurrent voice users" (2018). A floor for today: the post is years old
 * and Discord has grown since.
 */
export const discordConcurrentVoiceUsers2018: CitedFigure = DISCORD_VOICE_FLEET_2018.concurrentVoiceUsers;
