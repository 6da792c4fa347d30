/**
 * A number a chapter states in its prose, computed by a model in lib/ and formatted with its unit from
 * lib/units. Chapters quote it as <Value of="name" />, so the sentence follows the model when the model
 * changes; `npm run content` fails on a name that is not registered.
 */
export interface ProseValue {
  /** What the number is, and which model computes it from what. */
  description: string;
  /** The model's number, in the unit `format` expects. Called once and cached. */
  compute: () => number;
  /** The number as the sentence reads it, unit included: "360 ms", "79,920 kbps", "8.6 times". */
  format: (value: number) => string;
}

export type ProseValues = Record<string, ProseValue>;

/** Checks at the type level that every name in a group starts with its group's prefix. */
export function valueGroup<Prefix extends string, T extends Record<`${Prefix}.${string}`, ProseValue>>(_prefix: Prefix, values: T): T {
  return values;
}
