/**
 * The registry of numbers chapters quote in their prose (<Value of="name" />). Each is computed by the
 * model that draws the figures, so a sentence cannot drift from its figure; unit tests pin every value.
 */
import type { ProseValue } from './define';
import { transportValues } from './transport';
import { meshValues, sfuValues, voiceValues } from './bandwidth';
import { fleetValues } from './fleet';
import { guildValues } from './guild';
import { simulcastValues } from './simulcast';
import { costValues } from './cost';
import { voiceserverValues } from './voiceservers';
import { noiseValues } from './noise';
import { vadValues } from './vad';

export type { ProseValue } from './define';

export const proseValues = {
  ...transportValues,
  ...voiceValues,
  ...meshValues,
  ...sfuValues,
  ...fleetValues,
  ...guildValues,
  ...simulcastValues,
  ...costValues,
  ...voiceserverValues,
  ...noiseValues,
  ...vadValues,
} as const satisfies Record<string, ProseValue>;

export type ValueName = keyof typeof proseValues;

export function isValueName(name: string): name is ValueName {
  return Object.hasOwn(proseValues, name);
}

export interface ResolvedValue {
  name: ValueName;
  value: number;
  text: string;
  description: string;
}

const cache = new Map<ValueName, ResolvedValue>();

/** The model's number for `name`, with its prose text. Throws on a name that is not registered. */
export function proseValue(name: string): ResolvedValue {
  if (!isValueName(name)) throw new Error(`Unknown value "${name}": register it in lib/values/ (names: ${Object.keys(proseValues).length})`);
  const hit = cache.get(name);
  if (hit) return hit;
  const entry: ProseValue = proseValues[name];
  const value = entry.compute();
  const resolved = { name, value, text: entry.format(value), description: entry.description };
  cache.set(name, resolved);
  return resolved;
}
