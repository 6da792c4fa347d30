/**
 * The committed noisy clip's manifest (written by scripts/audio/noise-suppression.sh): its length and
 * where the speech is. Shared by the figure (shading, still) and, through the same JSON, the unit test.
 */
import manifest from '@/media/audio/noise-suppression/clip.json';
import type { SpanS } from '@/lib/noise/energy';

export interface NoisyClip {
  durationS: number;
  speechS: readonly SpanS[];
  noise: readonly string[];
}

export const NOISY_CLIP: NoisyClip = {
  durationS: manifest.durationS,
  speechS: manifest.speechS.map(([start, end]) => [start, end] as const),
  noise: manifest.noise,
};
