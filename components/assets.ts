import { assetUrls } from './assets.generated';

/**
 * The URL a file outside Next's bundles is served at: its stable name (a clip's WAV path, a worklet's
 * path) mapped to a content-hashed file in public/assets/ (scripts/copy-assets.mjs). Hashed URLs are
 * cached as immutable; a clip is served as its lossless FLAC copy, which decodeAudioData and <audio> play.
 */
export function assetUrl(name: string): string {
  const url = (assetUrls as Record<string, string>)[name];
  if (!url) throw new Error(`No served asset named "${name}": add it in scripts/copy-assets.mjs`);
  return url;
}
