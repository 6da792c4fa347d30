import type { FigureLoaders } from '../types';

/** The interactive parts of the "simulcast" chapter's figures, each in its own chunk, loaded by LazyFigure. */
export const loaders: FigureLoaders = {
  'simulcast/ladder': () => import('./LadderFigure'),
  'simulcast/five-friends': () => import('./SimulcastFriends'),
};
