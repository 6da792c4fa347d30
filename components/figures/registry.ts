import type { FigureEntry, FigureRegistry } from './types';
import { chapterFigureRegistries } from './chapters.generated';

/**
 * Every figure a chapter can name in <Figure name="...">. Each chapter folder owns its registry.ts; `npm run
 * content` gathers the folders into chapters.generated.ts, so a new folder needs no edit here.
 */
export const figureRegistry: FigureRegistry = Object.assign({}, ...Object.values(chapterFigureRegistries));

export function getFigure(name: string): FigureEntry {
  const entry = figureRegistry[name];
  if (!entry) throw new Error(`Unknown figure "${name}": register it in components/figures/<chapter>/registry.ts`);
  return entry;
}
