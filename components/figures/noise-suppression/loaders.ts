import type { FigureLoaders } from '../types';

/** The interactive parts of the "noise-suppression" chapter's figures, each in its own chunk, loaded by LazyFigure. */
export const loaders: FigureLoaders = {
  'noise-suppression/denoiser': () => import('./DenoiserFigure'),
  'noise-suppression/cost': () => import('./CostFigure'),
};
