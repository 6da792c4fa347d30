'use client';
import { useEffect, useState } from 'react';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { figureInstanceKey } from '@/lib/figures/instanceData';
import { useFigureInputSpec, useFigureInputsRegistry, useFigureInstance } from './figureInputs';

/**
 * One zustand store per figure instance, holding only what the reader chose (inputs).
 * Derived numbers are computed from the inputs with lib/ functions at render, never stored.
 *
 *   const store = useFigureStore(() => ({ lossPercent: 2, rttMs: 80 }));
 *   const lossPercent = useStore(store, (s) => s.lossPercent);
 *   store.setState({ lossPercent: 5 });
 *
 * Inside a page with a FigureInputsProvider (figureInputs.tsx) the store is registered under the figure's
 * instance, so its inputs can be read and applied from outside (presenter sync); inputs applied before the
 * figure loaded become its starting state. The defaults from `initial` say which keys and types it takes;
 * a figure whose registry entry declares its `inputs` (lib/figures/inputSpec.ts) starts from
 * `defaultInputs(spec)` and takes from outside only values on each input's range, step or options.
 */
export function useFigureStore<T extends object>(initial: () => T): StoreApi<T> {
  const registry = useFigureInputsRegistry();
  const instance = useFigureInstance();
  const spec = useFigureInputSpec();
  const [{ store, defaults }] = useState(() => {
    const defaults = initial();
    const pending = registry && instance ? registry.takePending(instance, defaults, spec) : null;
    return { defaults, store: createStore<T>()(() => ({ ...defaults, ...pending })) };
  });
  const key = instance ? figureInstanceKey(instance) : null;
  useEffect(() => {
    if (!registry || !instance) return;
    return registry.register(instance, store, defaults, spec);
    // The instance is identified by its key; a new object with the same key is the same figure.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [registry, key, store, defaults, spec]);
  return store;
}

/** All inputs of a figure store, re-rendering when any changes. */
export function useInputs<T extends object>(store: StoreApi<T>): T {
  return useStore(store);
}

export { useStore };
