import type { FigureLoaders } from '../types';

/** The interactive parts of the "voice-activity" chapter's figures, each in its own chunk, loaded by LazyFigure. */
export const loaders: FigureLoaders = {
  'voice-activity/clip': () => import('./ClipFigure'),
  'voice-activity/room': () => import('./RoomFigure'),
};
