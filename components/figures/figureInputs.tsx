'use client';
import { createContext, useContext, type ReactNode } from 'react';
import type { StoreApi } from 'zustand/vanilla';
import {
  figureInstanceKey,
  sanitizeInputs,
  serializableInputs,
  type FigureInputs,
  type FigureInstance,
} from '@/lib/figures/instanceData';

/**
 * The figure inputs layer: one place that knows every figure instance on a page and can read or apply its
 * inputs as plain data (lib/figures/instance.ts defines the identity and the checks).
 *
 *   <FigureInputsProvider registry={registry}>  …page with figures…  </FigureInputsProvider>
 *   registry.read(instance)            // { members: 4, manifold: true } or null before it loads
 *   registry.apply(instance, inputs)   // validated; kept for later if the figure has not loaded yet
 *   registry.subscribe((change) => …)  // every change, with who made it: the reader or apply()
 *
 * Each <Figure> provides its instance (chapter, figure name, occurrence on the page) to the figure it
 * loads; useFigureStore registers the figure's store here. Presenter sync uses it to send an instructor's
 * inputs and apply them on followers' pages; a URL or an embed can use the same calls. Pages without a
 * provider pay nothing: figures then keep their inputs to themselves.
 */

export type InputsOrigin = 'reader' | 'applied';

export interface InputsChange {
  instance: FigureInstance;
  inputs: FigureInputs;
  origin: InputsOrigin;
}

interface Entry {
  instance: FigureInstance;
  store: StoreApi<Record<string, unknown>>;
  defaults: Record<string, unknown>;
  unsubscribe: () => void;
}

export class FigureInputsRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, unknown>();
  private readonly listeners = new Set<(change: InputsChange) => void>();
  private applying = false;

  /** Called by useFigureStore; returns the unregister function. */
  register<T extends object>(instance: FigureInstance, store: StoreApi<T>, defaults: T): () => void {
    const key = figureInstanceKey(instance);
    const typed = store as unknown as StoreApi<Record<string, unknown>>;
    const unsubscribe = typed.subscribe((state) => {
      const origin: InputsOrigin = this.applying ? 'applied' : 'reader';
      const change = { instance, inputs: serializableInputs(state), origin };
      for (const listener of this.listeners) listener(change);
    });
    this.entries.get(key)?.unsubscribe();
    this.entries.set(key, { instance, store: typed, defaults: { ...defaults } as Record<string, unknown>, unsubscribe });
    return () => {
      if (this.entries.get(key)?.store !== typed) return;
      unsubscribe();
      this.entries.delete(key);
    };
  }

  /** Inputs applied before the figure loaded, taken once by its store as its starting state. */
  takePending<T extends object>(instance: FigureInstance, defaults: T): Partial<T> | null {
    const key = figureInstanceKey(instance);
    const pending = this.pending.get(key);
    this.pending.delete(key);
    return pending === undefined ? null : sanitizeInputs(defaults as Record<string, unknown>, pending) as Partial<T> | null;
  }

  /** The instance's inputs now, or null when it is not on the page (or not loaded yet). */
  read(instance: FigureInstance): FigureInputs | null {
    const entry = this.entries.get(figureInstanceKey(instance));
    return entry ? serializableInputs(entry.store.getState()) : null;
  }

  /**
   * Sets the instance's inputs from outside (another browser, a URL). Only the figure's own keys with the
   * right types are taken; returns 'ignored' when nothing was usable, 'pending' when the figure has not
   * loaded yet (it starts with them when it does).
   */
  apply(instance: FigureInstance, inputs: unknown): 'applied' | 'pending' | 'ignored' {
    const key = figureInstanceKey(instance);
    const entry = this.entries.get(key);
    if (!entry) {
      if (typeof inputs !== 'object' || inputs === null) return 'ignored';
      this.pending.set(key, { ...(this.pending.get(key) as object | undefined), ...inputs });
      return 'pending';
    }
    const accepted = sanitizeInputs(entry.defaults, inputs);
    if (!accepted) return 'ignored';
    this.applying = true;
    try {
      entry.store.setState(accepted);
    } finally {
      this.applying = false;
    }
    return 'applied';
  }

  /** Puts every loaded figure not named in `keep` back to its defaults (a follower snapping back to the class). */
  resetExcept(keep: (instance: FigureInstance) => boolean): void {
    for (const entry of this.entries.values()) {
      if (!keep(entry.instance)) this.apply(entry.instance, entry.defaults);
    }
    for (const key of [...this.pending.keys()]) this.pending.delete(key);
  }

  subscribe(listener: (change: InputsChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

const RegistryContext = createContext<FigureInputsRegistry | null>(null);
const InstanceContext = createContext<FigureInstance | null>(null);

export function FigureInputsProvider({ registry, children }: { registry: FigureInputsRegistry; children: ReactNode }) {
  return <RegistryContext.Provider value={registry}>{children}</RegistryContext.Provider>;
}

/** Set by <Figure> around the figure it loads. */
export function FigureInstanceProvider({ instance, children }: { instance: FigureInstance | null; children: ReactNode }) {
  return <InstanceContext.Provider value={instance}>{children}</InstanceContext.Provider>;
}

export function useFigureInputsRegistry(): FigureInputsRegistry | null {
  return useContext(RegistryContext);
}

export function useFigureInstance(): FigureInstance | null {
  return useContext(InstanceContext);
}
