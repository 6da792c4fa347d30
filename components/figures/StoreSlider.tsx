'use client';
import type { StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { Slider, type SliderProps } from '@/components/controls/Slider';

type NumberKeys<T> = { [K in keyof T]: T[K] extends number ? K : never }[keyof T] & string;

/**
 * A Slider bound to one number of a figure's store: it subscribes to that number alone, so dragging it renders
 * this slider (and whatever else subscribes to the number), not the figure and its other controls.
 * `toState` turns the slider's value into the store update (default: `{ [field]: value }`).
 */
export function StoreSlider<T extends object, K extends NumberKeys<T>>({
  store,
  field,
  toState,
  ...slider
}: Omit<SliderProps, 'value' | 'onChange'> & { store: StoreApi<T>; field: K; toState?: (value: number) => Partial<T> }) {
  const value = useStore(store, (state) => state[field] as number);
  return <Slider {...slider} value={value} onChange={(v) => store.setState(toState ? toState(v) : ({ [field]: v } as Partial<T>))} />;
}
