import type { FigureLoaders } from '../types';

/** The interactive parts of the "gateway-and-guilds" chapter's figures, each in its own chunk, loaded by LazyFigure. */
export const loaders: FigureLoaders = {
  'gateway-and-guilds/fanout': () => import('./FanoutFigure'),
  'gateway-and-guilds/live': () => import('./LiveGatewayFigure'),
};
