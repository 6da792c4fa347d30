import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { FigureInputsRegistry, type InputsChange } from '@/components/figures/figureInputs';

const fanout = { chapter: 'gateway-and-guilds', figure: 'gateway-and-guilds/fanout', occurrence: 0 };
const defaults = { members: 6, manifold: false, mode: 'sfu' };

function registered() {
  const registry = new FigureInputsRegistry();
  const store = createStore(() => ({ ...defaults }));
  const unregister = registry.register(fanout, store, defaults);
  const changes: InputsChange[] = [];
  registry.subscribe((change) => changes.push(change));
  return { registry, store, unregister, changes };
}

describe('the figure inputs layer', () => {
  it('reads a figure’s inputs as plain data', () => {
    const { registry } = registered();
    expect(registry.read(fanout)).toEqual(defaults);
    expect(registry.read({ ...fanout, occurrence: 1 })).toBeNull();
  });

  it('applies only the figure’s own keys with the right types, and tells listeners it was applied, not the reader', () => {
    const { registry, store, changes } = registered();
    expect(registry.apply(fanout, { members: 3, manifold: 'yes', evil: 1 })).toBe('applied');
    expect(store.getState()).toEqual({ members: 3, manifold: false, mode: 'sfu' });
    expect(changes.map((c) => c.origin)).toEqual(['applied']);
    expect(registry.apply(fanout, { members: Number.POSITIVE_INFINITY })).toBe('ignored');
    expect(registry.apply(fanout, 'members=3')).toBe('ignored');
    expect(store.getState().members).toBe(3);
  });

  it('marks a change the reader made with a control as the reader’s', () => {
    const { store, changes } = registered();
    store.setState({ manifold: true });
    expect(changes).toEqual([{ instance: fanout, inputs: { members: 6, manifold: true, mode: 'sfu' }, origin: 'reader' }]);
  });

  it('keeps inputs for a figure that has not loaded, for every render of it until its store is mounted', () => {
    const registry = new FigureInputsRegistry();
    expect(registry.apply(fanout, { members: 9 })).toBe('pending');
    expect(registry.takePending(fanout, defaults)).toEqual({ members: 9 });
    // A render React threw away took nothing away from the next one.
    expect(registry.takePending(fanout, defaults)).toEqual({ members: 9 });
    registry.register(fanout, createStore(() => ({ ...defaults, members: 9 })), defaults);
    expect(registry.takePending(fanout, defaults)).toBeNull();
  });

  it('gives a figure the inputs that arrived between making its store and registering it', () => {
    const registry = new FigureInputsRegistry();
    const store = createStore(() => ({ ...defaults }));
    expect(registry.takePending(fanout, defaults)).toBeNull();
    expect(registry.apply(fanout, { members: 9 })).toBe('pending');
    registry.register(fanout, store, defaults);
    expect(store.getState().members).toBe(9);
    expect(registry.takePending(fanout, defaults)).toBeNull();
  });

  it('puts the figures not kept back to their defaults, and forgets a figure that unmounts', () => {
    const { registry, store, unregister } = registered();
    store.setState({ members: 40 });
    registry.resetExcept(() => false);
    expect(store.getState().members).toBe(6);
    unregister();
    expect(registry.read(fanout)).toBeNull();
  });
});
