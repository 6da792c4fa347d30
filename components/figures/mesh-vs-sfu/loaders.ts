import type { FigureLoaders } from '../types';

/** The interactive parts of the "mesh-vs-sfu" chapter's figures, each in its own chunk, loaded by LazyFigure. */
export const loaders: FigureLoaders = {
  'mesh-vs-sfu/stream': () => import('./StreamFigure'),
  'mesh-vs-sfu/room': () => import('./RoomFigure'),
  'mesh-vs-sfu/corrections': () => import('./CorrectionsFigure'),
  'mesh-vs-sfu/live': () => import('./LiveMeshFigure'),
};
