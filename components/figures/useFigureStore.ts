'use client';
import { useState } from 'react';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';

/**
 * One zustand store per figure instance, holding only what the reader chose (inputs).
 * Derived numbers are computed from the inputs with lib/ functions at render, never stored.
 *
 *   const store = useFigureStore(() => ({ lossPercent: 2, rttMs: 80 }));
 *   const lossPercent = useStore(store, (s) => s.lossPercent);
 *   store.setState({ lossPercent: 5 });
 */
export function useFigureStore<T extends object>(initial: () => T): StoreApi<T> {
  const [store] = useState(() => createStore<T>()(() => initial()));
  return store;
}

/** All inputs of a figure store, re-rendering when any changes. */
export function useInputs<T extends object>(store: StoreApi<T>): T {
  return useStore(store);
}

export { useStore };
