import type { FigureLoaders } from '../types';

/** The interactive parts of the "autoscaling" chapter's figures, each in its own chunk, loaded by LazyFigure. */
export const loaders: FigureLoaders = {
  'autoscaling/region': () => import('./RegionFigure'),
  'autoscaling/day': () => import('./DayFigure'),
  'autoscaling/fleet': () => import('./FleetFigure'),
};
