import type { FigureLoaders } from './types';
import { loaders as udpVsTcp } from './udp-vs-tcp/loaders';
import { loaders as meshVsSfu } from './mesh-vs-sfu/loaders';
import { loaders as voiceActivity } from './voice-activity/loaders';
import { loaders as simulcast } from './simulcast/loaders';
import { loaders as noiseSuppression } from './noise-suppression/loaders';
import { loaders as gatewayAndGuilds } from './gateway-and-guilds/loaders';
import { loaders as autoscaling } from './autoscaling/loaders';
import { loaders as cost } from './cost/loaders';

/**
 * Every figure's interactive part, for LazyFigure (browser only). Each `import()` is its own chunk that
 * the browser fetches when the figure nears the screen; this map itself is a few hundred bytes of chunk
 * ids. The server never imports this file (see types.ts for why).
 */
export const figureLoaders: FigureLoaders = {
  ...udpVsTcp,
  ...meshVsSfu,
  ...voiceActivity,
  ...simulcast,
  ...noiseSuppression,
  ...gatewayAndGuilds,
  ...autoscaling,
  ...cost,
};
