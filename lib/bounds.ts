/**
 * The range a reader may choose a model input from: what a figure's slider offers. Every model keeps its
 * inputs' bounds next to its defaults, so a figure spreads them into its <Slider> instead of typing numbers.
 */
export interface InputBounds {
  min: number;
  max: number;
  step: number;
}

/** Bounds for picking one entry of a list by its index (a slider over named steps). */
export function indexBounds(list: readonly unknown[]): InputBounds {
  return { min: 0, max: list.length - 1, step: 1 };
}

/** A share from 0 to 1, or a count from 0 to n, in whole steps: bounds that depend on another input. */
export function countBounds(max: number, min = 0): InputBounds {
  return { min, max: Math.max(min, max), step: 1 };
}
