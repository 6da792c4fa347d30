import type { FigureEntry, FigureRegistry } from './types';
import { chapterFigureRegistries } from './chapters.generated';

/**
 * Every figure a chapter can name in <Figure name="...">, with its still (server side). Each chapter folder
 * owns its registry.ts (stills) and loaders.ts (the interactive parts, browser side); `npm run content`
 * gathers the folders into chapters.generated.ts and loaders.generated.ts and checks the two match, so a new
 * folder needs no edit here.
 */
export const figureRegistry: FigureRegistry = Object.assign({}, ...Object.values(chapterFigureRegistries));

export function getFigure(name: string): FigureEntry {
  const entry = figureRegistry[name];
  if (!entry) throw new Error(`Unknown figure "${name}": register it in components/figures/<chapter>/registry.ts`);
  return entry;
}
