/**
 * Figure instances and their inputs as plain data, without zod: the part of lib/figures/instance.ts that
 * every page's figure code runs (the instance key, the input checks), kept apart so that zod (~30 kB
 * compressed) is not in every chapter's first load. instance.ts re-exports all of it with the zod schemas
 * that check what arrives over the network.
 */

export const CHAPTER_SLUG_PATTERN = /^[a-z0-9-]{1,40}$/;
export const FIGURE_NAME_PATTERN = /^[a-z0-9-]{1,40}\/[a-z0-9-]{1,40}$/;
export const INPUT_KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;
/** Figures of one name on one page. */
export const MAX_OCCURRENCES = 16;
/** Inputs one figure may have. */
export const MAX_INPUT_KEYS = 24;
/** Longest string input (a segmented control's value). */
export const MAX_INPUT_STRING_CHARS = 64;

export interface FigureInstance {
  chapter: string;
  figure: string;
  occurrence: number;
}
export type FigureInputValue = number | boolean | string;
export type FigureInputs = Record<string, FigureInputValue>;

/**
 * The instance a <Figure>'s props name (tooling/remark-figure-instances.mjs sets chapter and occurrence);
 * a figure shown outside a chapter counts as its home chapter's first.
 */
export function figureInstanceOf({ name, chapter, occurrence }: { name: string; chapter?: string; occurrence?: string | number }): FigureInstance {
  return { chapter: chapter ?? name.split('/')[0], figure: name, occurrence: Number(occurrence ?? 0) };
}

/** "gateway-and-guilds:gateway-and-guilds/fanout:0": one string per instance, for maps and DOM attributes. */
export function figureInstanceKey({ chapter, figure, occurrence }: FigureInstance): string {
  return `${chapter}:${figure}:${occurrence}`;
}

/**
 * The part of `incoming` a figure can take: only the keys its defaults have, each of the same type
 * (finite numbers for numbers). Anything else is dropped, not coerced. Returns null when nothing usable
 * is left, so a caller can tell "ignored" from "applied".
 */
export function sanitizeInputs<T extends Record<string, unknown>>(defaults: T, incoming: unknown): Partial<T> | null {
  if (typeof incoming !== 'object' || incoming === null || Array.isArray(incoming)) return null;
  const accepted: Partial<T> = {};
  let count = 0;
  for (const key of Object.keys(defaults) as (keyof T & string)[]) {
    if (!Object.prototype.hasOwnProperty.call(incoming, key)) continue;
    const value = (incoming as Record<string, unknown>)[key];
    const expected = typeof defaults[key];
    if (typeof value !== expected) continue;
    if (expected === 'number' && !Number.isFinite(value)) continue;
    if (expected === 'string' && (value as string).length > MAX_INPUT_STRING_CHARS) continue;
    if (expected !== 'number' && expected !== 'string' && expected !== 'boolean') continue;
    accepted[key] = value as T[typeof key];
    count += 1;
  }
  return count > 0 ? accepted : null;
}

/** The serializable part of a store's state: its number, boolean and string fields. */
export function serializableInputs(state: Record<string, unknown>): FigureInputs {
  const inputs: FigureInputs = {};
  for (const [key, value] of Object.entries(state)) {
    if (!INPUT_KEY_PATTERN.test(key)) continue;
    if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) inputs[key] = value;
    else if (typeof value === 'string' && value.length <= MAX_INPUT_STRING_CHARS) inputs[key] = value;
  }
  return inputs;
}
