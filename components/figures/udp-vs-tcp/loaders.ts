import type { FigureLoaders } from '../types';

/** The interactive parts of the "udp-vs-tcp" chapter's figures, each in its own chunk, loaded by LazyFigure. */
export const loaders: FigureLoaders = {
  'udp-vs-tcp/lanes': () => import('./LanesFigure'),
  'udp-vs-tcp/hear-it': () => import('./HearItFigure'),
};
