import type { FigureLoaders } from './types';
import { chapterFigureLoaders } from './loaders.generated';

/**
 * Every figure's interactive part, for LazyFigure (browser only). Each `import()` is its own chunk that
 * the browser fetches when the figure nears the screen; this map itself is a few hundred bytes of chunk
 * ids. The server never imports this file (see types.ts for why). Each chapter folder owns its loaders.ts;
 * `npm run content` gathers them into loaders.generated.ts, so a new folder needs no edit here.
 */
export const figureLoaders: FigureLoaders = Object.assign({}, ...Object.values(chapterFigureLoaders));
