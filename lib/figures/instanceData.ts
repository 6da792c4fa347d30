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
/**
 * One figure's inputs as JSON, at most: the region's 32 fail/restore clicks take about 1,600 characters, five
 * friends about 250. It bounds what a class keeps per figure (64 of them) and sends each follower on joining.
 */
export const MAX_INPUTS_JSON_CHARS = 4096;
/** The longest list any input may declare (lib/figures/inputSpec.ts listInput): a URL or a message carries at most this many items. */
export const MAX_LIST_ITEMS = 32;
/** Fields one list item may have. */
export const MAX_ITEM_FIELDS = 8;

export interface FigureInstance {
  chapter: string;
  figure: string;
  occurrence: number;
}
export type FigureScalarValue = number | boolean | string;
/** One item of a list input (a friend: link speed, window, minimized): flat fields only. */
export type FigureListItem = Record<string, FigureScalarValue>;
export type FigureInputValue = FigureScalarValue | FigureListItem[];
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

function isScalar(value: unknown): value is FigureScalarValue {
  return (
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value)) ||
    (typeof value === 'string' && value.length <= MAX_INPUT_STRING_CHARS)
  );
}

/** Whether `value` is a list input's value as plain data: at most MAX_LIST_ITEMS items, each a few flat fields. */
function isList(value: unknown): value is FigureListItem[] {
  return (
    Array.isArray(value) &&
    value.length <= MAX_LIST_ITEMS &&
    value.every((item) => {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) return false;
      const entries = Object.entries(item);
      return entries.length <= MAX_ITEM_FIELDS && entries.every(([key, field]) => INPUT_KEY_PATTERN.test(key) && isScalar(field));
    })
  );
}

/** The same list with fresh items, so a store never shares objects with a message or a link. */
function copyList(list: readonly FigureListItem[]): FigureListItem[] {
  return list.map((item) => ({ ...item }));
}

/** Whether `item` has exactly the fields of `template`, each of the same type. */
function sameShape(template: FigureListItem, item: FigureListItem): boolean {
  const keys = Object.keys(template);
  return Object.keys(item).length === keys.length && keys.every((key) => Object.prototype.hasOwnProperty.call(item, key) && typeof item[key] === typeof template[key]);
}

/**
 * The part of `incoming` a figure can take: only the keys its defaults have, each of the same type
 * (finite numbers for numbers; for a list, items with the fields and types of the defaults' first item).
 * Anything else is dropped, not coerced. Returns null when nothing usable is left, so a caller can tell
 * "ignored" from "applied". A figure's declared inputs (lib/figures/inputSpec.ts) then check ranges,
 * options and lengths.
 */
export function sanitizeInputs<T extends Record<string, unknown>>(defaults: T, incoming: unknown): Partial<T> | null {
  if (typeof incoming !== 'object' || incoming === null || Array.isArray(incoming)) return null;
  const accepted: Partial<T> = {};
  let count = 0;
  for (const key of Object.keys(defaults) as (keyof T & string)[]) {
    if (!Object.prototype.hasOwnProperty.call(incoming, key)) continue;
    const value = (incoming as Record<string, unknown>)[key];
    const fallback = defaults[key];
    if (Array.isArray(fallback)) {
      const template = fallback[0] as FigureListItem | undefined;
      if (!isList(value) || !template || !value.every((item) => sameShape(template, item))) continue;
      accepted[key] = copyList(value) as T[typeof key];
      count += 1;
      continue;
    }
    if (!isScalar(value) || typeof value !== typeof fallback) continue;
    accepted[key] = value as T[typeof key];
    count += 1;
  }
  return count > 0 ? accepted : null;
}

/** The serializable part of a store's state: its number, boolean and string fields, and its lists of those. */
export function serializableInputs(state: Record<string, unknown>): FigureInputs {
  const inputs: FigureInputs = {};
  for (const [key, value] of Object.entries(state)) {
    if (!INPUT_KEY_PATTERN.test(key)) continue;
    if (isScalar(value)) inputs[key] = value;
    else if (isList(value)) inputs[key] = copyList(value);
  }
  return inputs;
}
