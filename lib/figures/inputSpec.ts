/**
 * A figure's inputs, declared once as data: each input's kind, default and the values it may take (a
 * number's range and step, a choice's options). Plain data, so the server can hand it to the browser and
 * /catalog can list it; plain functions without zod, so it costs a page almost nothing.
 *
 *   export const lanesInputs = defineInputs({
 *     lossPercent: numberInput({ min: 0, max: 20, step: 0.5 }, 2, 'Packet loss (%)'),
 *     transport: choiceInput(['udp', 'tcp'], 'udp', 'Transport'),
 *     jitterBuffer: booleanInput(true, 'Jitter buffer'),
 *   });
 *   useFigureStore(() => defaultInputs(lanesInputs))       // the figure starts at the defaults
 *
 * Everything that sets inputs from outside (a shared link, an embed, presenter sync) goes through
 * `acceptInputs`: an unknown key, a wrong type, a number off its range or step, an option the figure does
 * not have is dropped, never coerced, so a bad link changes nothing.
 */

import type { InputBounds } from '../bounds';

export interface NumberInputSpec extends InputBounds {
  kind: 'number';
  default: number;
  label: string;
  /** When only some numbers of the range are allowed (20 ms frames: 10, 20, 40 or 60): those, in order. */
  values?: readonly number[];
}

export interface BooleanInputSpec {
  kind: 'boolean';
  default: boolean;
  label: string;
}

export interface ChoiceInputSpec {
  kind: 'choice';
  default: string;
  options: readonly string[];
  label: string;
}

export type InputSpecEntry = NumberInputSpec | BooleanInputSpec | ChoiceInputSpec;

/** A figure's inputs by name. */
export type InputSpec = Record<string, InputSpecEntry>;

/** The plain values a spec's inputs take. */
export type InputValues<S extends InputSpec> = {
  [K in keyof S]: S[K] extends NumberInputSpec ? number : S[K] extends BooleanInputSpec ? boolean : string;
};

/** Keeps the literal keys of a spec for its InputValues. */
export function defineInputs<S extends InputSpec>(spec: S): S {
  return spec;
}

export function numberInput(bounds: InputBounds, value: number, label: string): NumberInputSpec {
  return { kind: 'number', min: bounds.min, max: bounds.max, step: bounds.step, default: value, label };
}

/** A number from a fixed list (10, 20, 40, 60): its range spans the list and only its values are accepted. */
export function numberChoiceInput(values: readonly number[], value: number, label: string): NumberInputSpec {
  const sorted = [...values].sort((a, b) => a - b);
  const step = sorted.slice(1).reduce((gcd, v, i) => greatestCommonStep(gcd, v - sorted[i]), 0) || 1;
  return { kind: 'number', min: sorted[0], max: sorted.at(-1)!, step, default: value, label, values: sorted };
}

/** The largest step that lands on both differences (for whole or decimal numbers to a millionth). */
function greatestCommonStep(a: number, b: number): number {
  const scale = 1e6;
  let x = Math.round(a * scale);
  let y = Math.round(b * scale);
  while (y) [x, y] = [y, x % y];
  return x / scale;
}

export function booleanInput(value: boolean, label: string): BooleanInputSpec {
  return { kind: 'boolean', default: value, label };
}

export function choiceInput<const T extends string>(options: readonly T[], value: NoInfer<T>, label: string): ChoiceInputSpec {
  return { kind: 'choice', options, default: value, label };
}

/** A number input's range and step, to spread into its <Slider>: `<Slider {...inputBounds(spec.people)} … />`. */
export function inputBounds(entry: NumberInputSpec): InputBounds {
  return { min: entry.min, max: entry.max, step: entry.step };
}

/** The spec's default values: what the figure shows before a reader touches it. */
export function defaultInputs<S extends InputSpec>(spec: S): InputValues<S> {
  return Object.fromEntries(Object.entries(spec).map(([key, entry]) => [key, entry.default])) as InputValues<S>;
}

/** Whether `value` is on the number's range and one of its steps (to a billionth of a step). */
function onStep(entry: NumberInputSpec, value: number): boolean {
  if (value < entry.min || value > entry.max) return false;
  if (entry.values) return entry.values.includes(value);
  const steps = (value - entry.min) / entry.step;
  return Math.abs(steps - Math.round(steps)) < 1e-9;
}

/** Whether one input may take `value`. */
export function acceptsValue(entry: InputSpecEntry, value: unknown): boolean {
  switch (entry.kind) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && onStep(entry, value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'choice':
      return typeof value === 'string' && entry.options.includes(value);
  }
}

/** The part of `incoming` the spec accepts, and the names of the keys it dropped. */
export function acceptInputs(spec: InputSpec, incoming: unknown): { accepted: Record<string, number | boolean | string>; rejected: string[] } {
  const accepted: Record<string, number | boolean | string> = {};
  const rejected: string[] = [];
  if (typeof incoming !== 'object' || incoming === null || Array.isArray(incoming)) return { accepted, rejected };
  for (const [key, value] of Object.entries(incoming)) {
    const entry = Object.prototype.hasOwnProperty.call(spec, key) ? spec[key] : undefined;
    if (entry && acceptsValue(entry, value)) accepted[key] = value as number | boolean | string;
    else rejected.push(key);
  }
  return { accepted, rejected };
}

/** One value as it stands in a URL: "12", "0.5", "true", "sfu". */
export function formatInputValue(value: number | boolean | string): string {
  return String(value);
}

const DECIMAL = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?$/i;

/** A URL's text as the input's kind, or undefined when it is not one (no coercion: "12px", "0x10", "" are not numbers). */
export function parseInputValue(entry: InputSpecEntry, text: string): number | boolean | string | undefined {
  switch (entry.kind) {
    case 'number':
      return DECIMAL.test(text) ? Number(text) : undefined;
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : undefined;
    case 'choice':
      return text;
  }
}

/**
 * The URL parameters for `inputs`: one per input that differs from its default, named `prefix.key` (or
 * just `key` without a prefix), in the spec's order. Values the spec would not accept are left out.
 */
export function inputsToParams(spec: InputSpec, inputs: Record<string, unknown>, prefix = ''): [string, string][] {
  const params: [string, string][] = [];
  for (const [key, entry] of Object.entries(spec)) {
    const value = inputs[key];
    if (value === undefined || value === entry.default || !acceptsValue(entry, value)) continue;
    params.push([prefix ? `${prefix}.${key}` : key, formatInputValue(value as number | boolean | string)]);
  }
  return params;
}

/**
 * The inputs a URL's parameters hold for one figure (those named `prefix.key`, or `key` without a prefix),
 * and the parameters it could not use: an unknown key, or a value the input does not take.
 */
export function inputsFromParams(spec: InputSpec, params: Iterable<[string, string]>, prefix = ''): { inputs: Record<string, number | boolean | string>; rejected: string[] } {
  const inputs: Record<string, number | boolean | string> = {};
  const rejected: string[] = [];
  const start = prefix ? `${prefix}.` : '';
  for (const [name, text] of params) {
    if (!name.startsWith(start)) continue;
    const key = name.slice(start.length);
    if (prefix === '' && key.includes('.')) continue;
    const entry = Object.prototype.hasOwnProperty.call(spec, key) ? spec[key] : undefined;
    const value = entry ? parseInputValue(entry, text) : undefined;
    if (entry && value !== undefined && acceptsValue(entry, value)) inputs[key] = value;
    else rejected.push(name);
  }
  return { inputs, rejected };
}

/** "0 to 20 in steps of 0.5", "true or false", "udp, tcp": what an input accepts, in words. */
export function describeValues(entry: InputSpecEntry): string {
  switch (entry.kind) {
    case 'number':
      return entry.values ? entry.values.join(', ') : `${entry.min} to ${entry.max} in steps of ${entry.step}`;
    case 'boolean':
      return 'true or false';
    case 'choice':
      return entry.options.join(', ');
  }
}
