/**
 * A figure's inputs, declared once as data: each input's kind, default and the values it may take (a
 * number's range and step, a choice's options, a list's items and length). Plain data, so the server can
 * hand it to the browser and /catalog can list it; plain functions without zod, so it costs a page almost nothing.
 *
 *   export const lanesInputs = defineInputs({
 *     lossPercent: numberInput({ min: 0, max: 20, step: 0.5 }, 2, 'Packet loss (%)'),
 *     transport: choiceInput(['udp', 'tcp'], 'udp', 'Transport'),
 *     jitterBuffer: booleanInput(true, 'Jitter buffer'),
 *     friends: listInput(
 *       { linkKbps: numberChoiceInput([300, 1000], 1000, 'Link (kbps)'), minimized: booleanInput(false, 'Minimized') },
 *       [{ linkKbps: 1000, minimized: false }],
 *       'Friends',
 *       { maxLength: 5 },
 *     ),
 *   });
 *   useFigureStore(() => defaultInputs(lanesInputs))       // the figure starts at the defaults
 *
 * Everything that sets inputs from outside (a shared link, an embed, presenter sync) goes through
 * `acceptInputs`: an unknown key, a wrong type, a number off its range or step, an option the figure does
 * not have, a list too long or with one bad item is refused whole, never coerced, with a sentence saying
 * why, so a bad link changes nothing and can say what it left out.
 *
 * In a URL a list is one parameter: its items separated by ";", each item's fields in their declared order
 * separated by "," (`friends=300,false;1000,true`).
 */

import type { InputBounds } from '../bounds';
// The limits live with the plain-data checks (instanceData.ts), which the room page's message schemas load
// without the rest of this module.
import { MAX_ITEM_FIELDS, MAX_LIST_ITEMS } from './instanceData';

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

/** An input that holds one value: a list's item is made of these. */
export type ScalarInputSpec = NumberInputSpec | BooleanInputSpec | ChoiceInputSpec;
export type ScalarValue = number | boolean | string;

/** A list item's fields by name, in the order a URL writes them. */
export type ListItemSpec = Record<string, ScalarInputSpec>;

/** The plain value one scalar input takes. */
type ScalarValueOf<E> = E extends NumberInputSpec ? number : E extends BooleanInputSpec ? boolean : string;

/** One list item's values. */
export type ListItemValues<I extends ListItemSpec = ListItemSpec> = { [K in keyof I]: ScalarValueOf<I[K]> };

/**
 * A list of items, each with its own typed fields (five friends, each with a link speed, a window size and
 * whether it is minimized). Its length is bounded; a field's `default` is what a new item starts with.
 */
export interface ListInputSpec<I extends ListItemSpec = ListItemSpec> {
  kind: 'list';
  default: readonly ListItemValues<I>[];
  item: I;
  minLength: number;
  maxLength: number;
  label: string;
}

export type InputSpecEntry = ScalarInputSpec | ListInputSpec;

/** A figure's inputs by name. */
export type InputSpec = Record<string, InputSpecEntry>;

/** Any value an input takes: a number, a boolean, a string, or a list of items of those. */
export type InputValue = ScalarValue | readonly Readonly<Record<string, ScalarValue>>[];

/** The plain values a spec's inputs take. */
export type InputValues<S extends InputSpec> = {
  [K in keyof S]: S[K] extends ListInputSpec<infer I> ? ListItemValues<I>[] : ScalarValueOf<S[K]>;
};

export { MAX_ITEM_FIELDS, MAX_LIST_ITEMS };
/** Between a list's items in a URL, and between one item's fields. */
export const LIST_ITEM_SEPARATOR = ';';
export const LIST_FIELD_SEPARATOR = ',';

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

/**
 * A list whose items have the fields of `item`, starting as `value`, between `minLength` (0 unless given) and
 * `maxLength` items long. Throws when the declaration itself is wrong (too long, a field's option holding a
 * separator), so a figure cannot declare a list its URLs could not carry.
 */
export function listInput<const I extends ListItemSpec>(
  item: I,
  value: readonly ListItemValues<I>[],
  label: string,
  { minLength = 0, maxLength }: { minLength?: number; maxLength: number },
): ListInputSpec<I> {
  const entry: ListInputSpec<I> = { kind: 'list', item, default: value, minLength, maxLength, label };
  if (!Number.isInteger(minLength) || !Number.isInteger(maxLength) || minLength < 0 || maxLength < Math.max(1, minLength) || maxLength > MAX_LIST_ITEMS) {
    throw new Error(`${label}: a list is 0 to ${MAX_LIST_ITEMS} items long, minLength <= maxLength`);
  }
  const fields = Object.keys(item);
  if (fields.length === 0 || fields.length > MAX_ITEM_FIELDS) throw new Error(`${label}: a list item has 1 to ${MAX_ITEM_FIELDS} fields`);
  for (const [field, spec] of Object.entries(item)) {
    const texts = spec.kind === 'choice' ? spec.options : [];
    if (texts.some((text) => text === '' || text.includes(LIST_ITEM_SEPARATOR) || text.includes(LIST_FIELD_SEPARATOR))) {
      throw new Error(`${label}: the options of ${field} may not be empty or hold "${LIST_ITEM_SEPARATOR}" or "${LIST_FIELD_SEPARATOR}"`);
    }
  }
  const problem = checkValue(entry, value);
  if (problem) throw new Error(`${label}: its default ${problem}`);
  return entry;
}

/** A number input's range and step, to spread into its <Slider>: `<Slider {...inputBounds(spec.people)} … />`. */
export function inputBounds(entry: NumberInputSpec): InputBounds {
  return { min: entry.min, max: entry.max, step: entry.step };
}

const hasOwn = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);

/** A fresh copy of a value the entry takes: a list's items as new objects with their fields in declared order. */
function copyValue(entry: InputSpecEntry, value: unknown): InputValue {
  if (entry.kind !== 'list') return value as ScalarValue;
  const fields = Object.keys(entry.item);
  return (value as Record<string, ScalarValue>[]).map((item) => Object.fromEntries(fields.map((field) => [field, item[field]])));
}

/** The spec's default values: what the figure shows before a reader touches it (lists as fresh copies). */
export function defaultInputs<S extends InputSpec>(spec: S): InputValues<S> {
  return Object.fromEntries(Object.entries(spec).map(([key, entry]) => [key, copyValue(entry, entry.default)])) as InputValues<S>;
}

/** Whether two values an input takes are the same (item by item, field by field for lists). */
export function sameInputValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    return (
      a.length === b.length &&
      a.every((item, i) => {
        const other = b[i] as Record<string, unknown>;
        const keys = Object.keys(item as object);
        return keys.length === Object.keys(other).length && keys.every((key) => hasOwn(other, key) && Object.is((item as Record<string, unknown>)[key], other[key]));
      })
    );
  }
  return Object.is(a, b);
}

/** Whether `value` is on the number's range and one of its steps (to a billionth of a step). */
function onStep(entry: NumberInputSpec, value: number): boolean {
  if (value < entry.min || value > entry.max) return false;
  if (entry.values) return entry.values.includes(value);
  const steps = (value - entry.min) / entry.step;
  return Math.abs(steps - Math.round(steps)) < 1e-9;
}

/** A value as a message quotes it: numbers and booleans as they are, text in quotes and cut short. */
function quote(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return 'a list';
  return value === null ? 'null' : typeof value === 'object' ? 'an object' : typeof value;
}

function lengthWords({ minLength, maxLength }: ListInputSpec): string {
  const items = (n: number) => `${n} ${n === 1 ? 'item' : 'items'}`;
  return minLength === maxLength ? items(maxLength) : `${minLength} to ${items(maxLength)}`;
}

/**
 * Why `value` is not one the input takes, as a sentence about `name` ("rttMs takes 0 to 500 in steps of 10,
 * not 99999"; "item 2's window in friends takes fullscreen, window, small, thumbnail, not \"huge\""), or null
 * when it is one.
 */
export function checkValue(entry: InputSpecEntry, value: unknown, name = 'the input'): string | null {
  switch (entry.kind) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && onStep(entry, value) ? null : `${name} takes ${describeValues(entry)}, not ${quote(value)}`;
    case 'boolean':
      return typeof value === 'boolean' ? null : `${name} takes true or false, not ${quote(value)}`;
    case 'choice':
      return typeof value === 'string' && entry.options.includes(value) ? null : `${name} takes ${describeValues(entry)}, not ${quote(value)}`;
    case 'list':
      return checkList(entry, value, name);
  }
}

function checkList(entry: ListInputSpec, value: unknown, name: string): string | null {
  if (!Array.isArray(value)) return `${name} takes a list of ${lengthWords(entry)}, not ${quote(value)}`;
  if (value.length < entry.minLength || value.length > entry.maxLength) return `${name} takes ${lengthWords(entry)}, not ${value.length}`;
  const fields = Object.keys(entry.item);
  for (const [i, item] of value.entries()) {
    const where = `item ${i + 1} in ${name}`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return `${where} is ${quote(item)}, not an item with ${fields.join(', ')}`;
    const extra = Object.keys(item).find((key) => !hasOwn(entry.item, key));
    if (extra !== undefined) return `${where} has ${quote(extra)}, which is not one of its fields (${fields.join(', ')})`;
    for (const field of fields) {
      if (!hasOwn(item, field)) return `${where} has no ${field}`;
      const problem = checkValue(entry.item[field], (item as Record<string, unknown>)[field], `item ${i + 1}'s ${field} in ${name}`);
      if (problem) return problem;
    }
  }
  return null;
}

/** Whether one input may take `value`. */
export function acceptsValue(entry: InputSpecEntry, value: unknown): boolean {
  return checkValue(entry, value) === null;
}

/** One value a link or a message held that was left out: which (a key or a URL parameter), and why. */
export interface InputError {
  name: string;
  message: string;
}

/** The part of `incoming` the spec accepts (lists copied), the names of the keys it dropped, and why each was dropped. */
export function acceptInputs(spec: InputSpec, incoming: unknown): { accepted: Record<string, InputValue>; rejected: string[]; errors: InputError[] } {
  const accepted: Record<string, InputValue> = {};
  const errors: InputError[] = [];
  if (typeof incoming !== 'object' || incoming === null || Array.isArray(incoming)) return { accepted, rejected: [], errors };
  for (const [key, value] of Object.entries(incoming)) {
    const entry = hasOwn(spec, key) ? spec[key] : undefined;
    const problem = entry ? checkValue(entry, value, key) : `the figure has no input ${quote(key)}`;
    if (entry && problem === null) accepted[key] = copyValue(entry, value);
    else errors.push({ name: key, message: problem! });
  }
  return { accepted, rejected: errors.map((error) => error.name), errors };
}

/** One value as it stands in a URL: "12", "0.5", "true", "sfu", a list as "300,small,false;1000,window,true". */
export function formatInputValue(entry: InputSpecEntry, value: InputValue): string {
  if (entry.kind !== 'list') return String(value);
  const fields = Object.keys(entry.item);
  return (value as readonly Record<string, ScalarValue>[])
    .map((item) => fields.map((field) => String(item[field])).join(LIST_FIELD_SEPARATOR))
    .join(LIST_ITEM_SEPARATOR);
}

const DECIMAL = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?$/i;
/** Longest list parameter read: maxLength items of MAX_ITEM_FIELDS fields is far shorter. */
const MAX_LIST_TEXT = 2000;

function readScalar(entry: ScalarInputSpec, text: string): ScalarValue | undefined {
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
 * A URL's text as the input's value, or why it is not one, as a sentence about `name` (no coercion: "12px",
 * "0x10", "" are not numbers; a list item with a field too many or too few is not an item).
 */
export function readInputValue(entry: InputSpecEntry, text: string, name = 'the input'): { value: InputValue } | { error: string } {
  if (entry.kind !== 'list') {
    const value = readScalar(entry, text);
    const problem = value === undefined ? `${name} takes ${describeValues(entry)}, not ${quote(text)}` : checkValue(entry, value, name);
    return problem === null ? { value: value! } : { error: problem };
  }
  const fields = Object.keys(entry.item);
  if (text.length > MAX_LIST_TEXT) return { error: `${name} is ${text.length} characters long, more than a list of ${lengthWords(entry)} needs` };
  const texts = text === '' ? [] : text.split(LIST_ITEM_SEPARATOR);
  if (texts.length > entry.maxLength || texts.length < entry.minLength) return { error: `${name} takes ${lengthWords(entry)}, not ${texts.length}` };
  const items: Record<string, ScalarValue>[] = [];
  for (const [i, itemText] of texts.entries()) {
    const parts = itemText.split(LIST_FIELD_SEPARATOR);
    if (parts.length !== fields.length) {
      return { error: `item ${i + 1} in ${name} has ${parts.length} ${parts.length === 1 ? 'value' : 'values'}, ${quote(itemText)}; each item is ${fields.join(LIST_FIELD_SEPARATOR)}` };
    }
    const item: Record<string, ScalarValue> = {};
    for (const [j, field] of fields.entries()) {
      const read = readInputValue(entry.item[field], parts[j], `item ${i + 1}'s ${field} in ${name}`);
      if ('error' in read) return read;
      item[field] = read.value as ScalarValue;
    }
    items.push(item);
  }
  const problem = checkValue(entry, items, name);
  return problem === null ? { value: items } : { error: problem };
}

/** A URL's text as the input's kind, or undefined when it is not one the input takes. */
export function parseInputValue(entry: InputSpecEntry, text: string): InputValue | undefined {
  const read = readInputValue(entry, text);
  return 'value' in read ? read.value : undefined;
}

/**
 * The URL parameters for `inputs`: one per input that differs from its default, named `prefix.key` (or
 * just `key` without a prefix), in the spec's order. Values the spec would not accept are left out.
 */
export function inputsToParams(spec: InputSpec, inputs: Record<string, unknown>, prefix = ''): [string, string][] {
  const params: [string, string][] = [];
  for (const [key, entry] of Object.entries(spec)) {
    const value = inputs[key];
    if (value === undefined || sameInputValue(value, entry.default) || !acceptsValue(entry, value)) continue;
    params.push([prefix ? `${prefix}.${key}` : key, formatInputValue(entry, value as InputValue)]);
  }
  return params;
}

/**
 * A query string for URL parameters that keeps a list readable: percent-encoded as usual except "," and ";",
 * which a query may hold as they are (URLSearchParams would write them %2C and %3B). Set it with `url.search = …`.
 */
export function formatQuery(params: readonly [string, string][]): string {
  const encode = (text: string) => encodeURIComponent(text).replace(/%2C/gi, ',').replace(/%3B/gi, ';');
  return params.map(([name, value]) => `${encode(name)}=${encode(value)}`).join('&');
}

/** A parameter of a link that was left out: its name, its text, and why. */
export interface ParamError extends InputError {
  text: string;
}

/**
 * The inputs a URL's parameters hold for one figure (those named `prefix.key`, or `key` without a prefix),
 * and the parameters it could not use, each with why: an unknown key, or a value the input does not take.
 */
export function inputsFromParams(
  spec: InputSpec,
  params: Iterable<[string, string]>,
  prefix = '',
): { inputs: Record<string, InputValue>; rejected: string[]; errors: ParamError[] } {
  const inputs: Record<string, InputValue> = {};
  const errors: ParamError[] = [];
  const start = prefix ? `${prefix}.` : '';
  for (const [name, text] of params) {
    if (!name.startsWith(start)) continue;
    const key = name.slice(start.length);
    if (prefix === '' && key.includes('.')) continue;
    const entry = hasOwn(spec, key) ? spec[key] : undefined;
    const read = entry ? readInputValue(entry, text, key) : { error: `the figure has no input ${quote(key)}` };
    if ('value' in read) inputs[key] = read.value;
    else errors.push({ name, text, message: read.error });
  }
  return { inputs, rejected: errors.map((error) => error.name), errors };
}

/** "0 to 20 in steps of 0.5", "true or false", "udp, tcp", "1 to 5 items, …": what an input accepts, in words. */
export function describeValues(entry: InputSpecEntry): string {
  switch (entry.kind) {
    case 'number':
      return entry.values ? entry.values.join(', ') : `${entry.min} to ${entry.max} in steps of ${entry.step}`;
    case 'boolean':
      return 'true or false';
    case 'choice':
      return entry.options.join(', ');
    case 'list':
      return `${lengthWords(entry)}, each ${Object.keys(entry.item).join(LIST_FIELD_SEPARATOR)}, separated by "${LIST_ITEM_SEPARATOR}"`;
  }
}
