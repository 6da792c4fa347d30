import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { CHANGING_GAP_MS, markWhileChanging } from '@/components/figures/useChangingMark';

/** Just enough of an element: its attributes. */
function fakeElement() {
  const attributes = new Set<string>();
  return {
    attributes,
    hasAttribute: (name: string) => attributes.has(name),
    setAttribute: (name: string) => void attributes.add(name),
    removeAttribute: (name: string) => void attributes.delete(name),
  } as unknown as Element & { attributes: Set<string> };
}

describe('the changing mark (a drag drops the bars’ transition)', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] }));
  afterEach(() => vi.useRealTimers());

  it('leaves a single change (a click, one key press) unmarked, so its transition runs', () => {
    const store = createStore(() => ({ value: 0 }));
    const element = fakeElement();
    markWhileChanging(store, () => element);
    store.setState({ value: 1 });
    expect(element.attributes.has('data-changing')).toBe(false);
    vi.advanceTimersByTime(CHANGING_GAP_MS + 1);
    store.setState({ value: 2 });
    expect(element.attributes.has('data-changing')).toBe(false);
  });

  it('marks the element from the second of a run of quick changes, and unmarks it once they stop', () => {
    const store = createStore(() => ({ value: 0 }));
    const element = fakeElement();
    markWhileChanging(store, () => element);
    store.setState({ value: 1 });
    for (let step = 2; step < 40; step += 1) {
      vi.advanceTimersByTime(16);
      store.setState({ value: step });
      expect(element.attributes.has('data-changing')).toBe(true);
    }
    vi.advanceTimersByTime(CHANGING_GAP_MS - 20);
    expect(element.attributes.has('data-changing')).toBe(true);
    vi.advanceTimersByTime(40);
    expect(element.attributes.has('data-changing')).toBe(false);
  });

  it('stops following the store when stopped', () => {
    const store = createStore(() => ({ value: 0 }));
    const element = fakeElement();
    const stop = markWhileChanging(store, () => element);
    stop();
    store.setState({ value: 1 });
    vi.advanceTimersByTime(16);
    store.setState({ value: 2 });
    expect(element.attributes.has('data-changing')).toBe(false);
  });
});
