import type { FigureEntry, FigureRegistry } from './types';
import { figures as udpVsTcp } from './udp-vs-tcp/registry';
import { figures as meshVsSfu } from './mesh-vs-sfu/registry';
import { figures as voiceActivity } from './voice-activity/registry';
import { figures as simulcast } from './simulcast/registry';
import { figures as noiseSuppression } from './noise-suppression/registry';
import { figures as gatewayAndGuilds } from './gateway-and-guilds/registry';
import { figures as autoscaling } from './autoscaling/registry';
import { figures as cost } from './cost/registry';

/**
 * Every figure a chapter can name in <Figure name="...">, with its still (server side). Each chapter owns its
 * registry.ts (stills) and loaders.ts (the interactive parts, browser side); `npm run content` checks they match.
 */
export const figureRegistry: FigureRegistry = {
  ...udpVsTcp,
  ...meshVsSfu,
  ...voiceActivity,
  ...simulcast,
  ...noiseSuppression,
  ...gatewayAndGuilds,
  ...autoscaling,
  ...cost,
};

export function getFigure(name: string): FigureEntry {
  const entry = figureRegistry[name];
  if (!entry) throw new Error(`Unknown figure "${name}": register it in components/figures/<chapter>/registry.ts`);
  return entry;
}
