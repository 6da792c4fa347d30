import { z } from '@/lib/zod';

/**
 * Which figure on which page, and what the reader chose in it, as plain data.
 *
 * A figure *instance* is one `<Figure name="…">` on one chapter page: the chapter's slug, the figure's
 * registry name and its occurrence (0 for the first time that figure appears on that page, 1 for the
 * second…). Its *inputs* are the values in its zustand store (components/figures/useFigureStore.ts): the
 * things a reader sets with the figure's controls, never results.
 *
 * The same data serves every place inputs travel: presenter sync over /ws (a follower's browser applies
 * the instructor's inputs and computes the figure itself), and, later, a URL that opens a figure with
 * given inputs or an embedded figure. Everything that arrives from outside goes through
 * `figureInstance`/`figureInputs` (shape and size) and then `sanitizeInputs` (the figure's own keys and
 * types), so a bad message changes nothing.
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

export const figureInstance = z
  .object({
    chapter: z.string().regex(CHAPTER_SLUG_PATTERN, 'a chapter slug'),
    figure: z.string().regex(FIGURE_NAME_PATTERN, 'a figure name "<chapter>/<figure>"'),
    occurrence: z.number().int().min(0).max(MAX_OCCURRENCES - 1),
  })
  .strict();
export type FigureInstance = z.infer<typeof figureInstance>;

export const figureInputValue = z.union([z.number().finite(), z.boolean(), z.string().max(MAX_INPUT_STRING_CHARS)]);
export type FigureInputValue = z.infer<typeof figureInputValue>;

export const figureInputs = z
  .record(z.string().regex(INPUT_KEY_PATTERN, 'an input name'), figureInputValue)
  .refine((inputs) => Object.keys(inputs).length <= MAX_INPUT_KEYS, `at most ${MAX_INPUT_KEYS} inputs`);
export type FigureInputs = z.infer<typeof figureInputs>;

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

/** The instance a key names, or null when the key is not one. */
export function parseFigureInstanceKey(key: string): FigureInstance | null {
  const [chapter, figure, occurrence, ...rest] = key.split(':');
  if (rest.length > 0 || occurrence === undefined || !/^\d{1,2}$/.test(occurrence)) return null;
  const parsed = figureInstance.safeParse({ chapter, figure, occurrence: Number(occurrence) });
  return parsed.success ? parsed.data : null;
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
