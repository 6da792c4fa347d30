import type { FigureLoaders } from '../types';

/** The interactive parts of the "cost" chapter's figures, each in its own chunk, loaded by LazyFigure. */
export const loaders: FigureLoaders = {
  'cost/waterfall': () => import('./WaterfallFigure'),
};
