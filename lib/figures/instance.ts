import '@/lib/zod';
import { z } from 'zod';
import {
  CHAPTER_SLUG_PATTERN,
  FIGURE_NAME_PATTERN,
  INPUT_KEY_PATTERN,
  MAX_INPUT_KEYS,
  MAX_INPUT_STRING_CHARS,
  MAX_INPUTS_JSON_CHARS,
  MAX_ITEM_FIELDS,
  MAX_LIST_ITEMS,
  MAX_OCCURRENCES,
  type FigureInputs,
  type FigureInputValue,
  type FigureInstance,
} from './instanceData';

export * from './instanceData';

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

export const figureInstance = z
  .object({
    chapter: z.string().regex(CHAPTER_SLUG_PATTERN, 'a chapter slug'),
    figure: z.string().regex(FIGURE_NAME_PATTERN, 'a figure name "<chapter>/<figure>"'),
    occurrence: z.number().int().min(0).max(MAX_OCCURRENCES - 1),
  })
  .strict();

const scalarInputValue = z.union([z.number().finite(), z.boolean(), z.string().max(MAX_INPUT_STRING_CHARS)]);

/** A list input's value (five friends, each with a link, a window and whether minimized): a few flat items. */
export const listInputValue = z
  .array(
    z
      .record(z.string().regex(INPUT_KEY_PATTERN, 'a field name'), scalarInputValue)
      .refine((item) => Object.keys(item).length <= MAX_ITEM_FIELDS, `at most ${MAX_ITEM_FIELDS} fields an item`),
  )
  .max(MAX_LIST_ITEMS);

export const figureInputValue = z.union([scalarInputValue, listInputValue]);

export const figureInputs = z
  .record(z.string().regex(INPUT_KEY_PATTERN, 'an input name'), figureInputValue)
  .refine((inputs) => Object.keys(inputs).length <= MAX_INPUT_KEYS, `at most ${MAX_INPUT_KEYS} inputs`)
  // Lists make a figure's inputs bigger than a few keys; a class remembers up to 64 figures, each this small.
  .refine((inputs) => JSON.stringify(inputs).length <= MAX_INPUTS_JSON_CHARS, `at most ${MAX_INPUTS_JSON_CHARS} characters of inputs a figure`);

// The schemas check exactly the plain types instanceData.ts declares.
const sameInstance: z.ZodType<FigureInstance> = figureInstance;
const sameValue: z.ZodType<FigureInputValue> = figureInputValue;
const sameInputs: z.ZodType<FigureInputs> = figureInputs;
void [sameInstance, sameValue, sameInputs];

/** The instance a key names, or null when the key is not one. */
export function parseFigureInstanceKey(key: string): FigureInstance | null {
  const [chapter, figure, occurrence, ...rest] = key.split(':');
  if (rest.length > 0 || occurrence === undefined || !/^\d{1,2}$/.test(occurrence)) return null;
  const parsed = figureInstance.safeParse({ chapter, figure, occurrence: Number(occurrence) });
  return parsed.success ? parsed.data : null;
}

