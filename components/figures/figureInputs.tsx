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
import { acceptInputs, type InputSpec } from '@/lib/figures/inputSpec';

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
  /** The figure's declared inputs (its registry entry's `inputs`), when it has them. */
  spec: InputSpec | null;
  unsubscribe: () => void;
}

/**
 * What a figure takes of `incoming`: its own keys with its defaults' types (sanitizeInputs), and, for the
 * inputs its spec declares, only values on their range, step or options (acceptInputs). Null when nothing is left.
 */
export function acceptFigureInputs<T extends object>(defaults: T, spec: InputSpec | null, incoming: unknown): Partial<T> | null {
  const typed = sanitizeInputs(defaults as Record<string, unknown>, incoming);
  if (!typed || !spec) return typed as Partial<T> | null;
  const declared = Object.fromEntries(Object.entries(typed).filter(([key]) => key in spec));
  const undeclared = Object.fromEntries(Object.entries(typed).filter(([key]) => !(key in spec)));
  const accepted = { ...undeclared, ...acceptInputs(spec, declared).accepted };
  return Object.keys(accepted).length > 0 ? (accepted as Partial<T>) : null;
}

export class FigureInputsRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, unknown>();
  private readonly listeners = new Set<(change: InputsChange) => void>();
  private readonly registrations = new Set<(instance: FigureInstance) => void>();
  private applying = false;

  /** Called by useFigureStore; returns the unregister function. */
  register<T extends object>(instance: FigureInstance, store: StoreApi<T>, defaults: T, spec: InputSpec | null = null): () => void {
    const key = figureInstanceKey(instance);
    const typed = store as unknown as StoreApi<Record<string, unknown>>;
    const unsubscribe = typed.subscribe((state) => {
      const origin: InputsOrigin = this.applying ? 'applied' : 'reader';
      const change = { instance, inputs: serializableInputs(state), origin };
      for (const listener of this.listeners) listener(change);
    });
    this.entries.get(key)?.unsubscribe();
    this.entries.set(key, { instance, store: typed, defaults: { ...defaults } as Record<string, unknown>, spec, unsubscribe });
    // What was pending is the mounted store's now: it started with it, or (when it arrived after the store was
    // made, the figure's code quicker than a link's reader) takes it here.
    const late = this.pending.get(key);
    if (late !== undefined) {
      this.pending.delete(key);
      this.apply(instance, late);
    }
    for (const listener of this.registrations) listener(instance);
    return () => {
      if (this.entries.get(key)?.store !== typed) return;
      unsubscribe();
      this.entries.delete(key);
    };
  }

  /**
   * Inputs applied before the figure loaded, for its store's starting state. Read during render, so it only
   * reads: React may render a figure more than once before it commits (a lazy figure's first attempt can be
   * thrown away), and each attempt must start from them. register() forgets them once the store is mounted.
   */
  takePending<T extends object>(instance: FigureInstance, defaults: T, spec: InputSpec | null = null): Partial<T> | null {
    const pending = this.pending.get(figureInstanceKey(instance));
    return pending === undefined ? null : acceptFigureInputs(defaults, spec, pending);
  }

  /** The instance's default inputs, or null when it is not on the page (or not loaded yet). */
  defaults(instance: FigureInstance): FigureInputs | null {
    const entry = this.entries.get(figureInstanceKey(instance));
    return entry ? serializableInputs(entry.defaults) : null;
  }

  /**
   * Every key of the instance's store, serializable or not, or null when it is not on the page: what the
   * catalog compares with the figure's declared inputs (a key that is not an input would never reach a link).
   */
  stateKeys(instance: FigureInstance): string[] | null {
    const entry = this.entries.get(figureInstanceKey(instance));
    return entry ? Object.keys(entry.defaults) : null;
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
    const accepted = acceptFigureInputs(entry.defaults, entry.spec, inputs);
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

  /** Called each time a figure's store registers (its figure has loaded). */
  onRegister(listener: (instance: FigureInstance) => void): () => void {
    this.registrations.add(listener);
    return () => this.registrations.delete(listener);
  }

  subscribe(listener: (change: InputsChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

const RegistryContext = createContext<FigureInputsRegistry | null>(null);
const InstanceContext = createContext<{ instance: FigureInstance; spec: InputSpec | null } | null>(null);

export function FigureInputsProvider({ registry, children }: { registry: FigureInputsRegistry; children: ReactNode }) {
  return <RegistryContext.Provider value={registry}>{children}</RegistryContext.Provider>;
}

/** Set by <Figure> around the figure it loads: which instance it is, and its declared inputs when it has them. */
export function FigureInstanceProvider({ instance, spec = null, children }: { instance: FigureInstance | null; spec?: InputSpec | null; children: ReactNode }) {
  return <InstanceContext.Provider value={instance ? { instance, spec } : null}>{children}</InstanceContext.Provider>;
}

export function useFigureInputsRegistry(): FigureInputsRegistry | null {
  return useContext(RegistryContext);
}

export function useFigureInstance(): FigureInstance | null {
  return useContext(InstanceContext)?.instance ?? null;
}

/** The declared inputs of the figure being rendered (its registry entry's `inputs`), or null. */
export function useFigureInputSpec(): InputSpec | null {
  return useContext(InstanceContext)?.spec ?? null;
}
