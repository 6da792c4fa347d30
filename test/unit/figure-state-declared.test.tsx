import type { ComponentType } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { figureLoaders } from '@/components/figures/loaders';
import { figureRegistry } from '@/components/figures/registry';
import { FigureInputsProvider, FigureInputsRegistry, FigureInstanceProvider } from '@/components/figures/figureInputs';
import { acceptInputs, sameInputValue, type InputSpec } from '@/lib/figures/inputSpec';
import { figureInstanceOf, type FigureInstance } from '@/lib/figures/instanceData';

/**
 * Every figure is shareable: whatever its store holds is a declared input (its registry entry's `inputs`),
 * so a link, an embed and the classroom carry all of it. This walks the figure registry, renders each
 * figure's interactive part once (on the server, as React renders it first) inside the inputs layer, and
 * reads the store each figure makes. A figure that keeps a key it does not declare (a list the layer cannot
 * carry, a cursor, a cache) fails here with its name, before any browser runs.
 */

/** An inputs layer that remembers the starting state each figure's store was made with. */
class RecordingRegistry extends FigureInputsRegistry {
  readonly stores = new Map<string, Record<string, unknown>[]>();
  takePending<T extends object>(instance: FigureInstance, defaults: T, spec: InputSpec | null = null): Partial<T> | null {
    const made = this.stores.get(instance.figure) ?? [];
    this.stores.set(instance.figure, [...made, defaults as Record<string, unknown>]);
    return super.takePending(instance, defaults, spec);
  }
}

/** Figures that show live data from this server or a fixed table: no store, nothing to share but their place. */
const WITHOUT_STORE = ['autoscaling/fleet', 'gateway-and-guilds/live', 'mesh-vs-sfu/corrections', 'mesh-vs-sfu/live'];

async function storesOf(name: string): Promise<Record<string, unknown>[]> {
  const registry = new RecordingRegistry();
  const { default: Interactive } = (await figureLoaders[name]()) as { default: ComponentType };
  renderToString(
    <FigureInputsProvider registry={registry}>
      <FigureInstanceProvider instance={figureInstanceOf({ name })} spec={figureRegistry[name].inputs ?? null}>
        <Interactive />
      </FigureInstanceProvider>
    </FigureInputsProvider>,
  );
  return registry.stores.get(name) ?? [];
}

describe('every registered figure', () => {
  const names = Object.keys(figureRegistry).sort();

  it('has an interactive part for its registry entry, and the registry is the whole episode', () => {
    expect(Object.keys(figureLoaders).sort()).toEqual(names);
    expect(names.length).toBeGreaterThan(15);
  });

  it.each(names)('%s keeps in its store exactly its declared inputs, starting at their defaults', async (name) => {
    const stores = await storesOf(name);
    const spec = figureRegistry[name].inputs;
    if (WITHOUT_STORE.includes(name)) {
      expect(stores).toEqual([]);
      expect(spec ?? {}).toEqual({});
      return;
    }
    expect(stores.length, `${name} makes a figure store (useFigureStore)`).toBeGreaterThan(0);
    expect(spec, `${name} declares its inputs in its registry.ts`).toBeDefined();
    const store = stores[0];
    expect(Object.keys(store).sort(), `every key of ${name}'s store is a declared input, and every declared input is in it`).toEqual(Object.keys(spec!).sort());
    const differ = Object.entries(spec!).filter(([key, entry]) => !sameInputValue(entry.default, store[key])).map(([key]) => key);
    expect(differ, `${name} starts at its declared defaults`).toEqual([]);
    // The starting state is one a link could carry: the inputs layer accepts every value of it.
    expect(acceptInputs(spec!, store).errors).toEqual([]);
  });
});
