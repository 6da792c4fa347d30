import { describe, expect, it } from 'vitest';
import { recentlyUsed } from '@/components/figures/recentlyUsed';

describe('recentlyUsed, the figures’ keeper of recent settings', () => {
  it('makes a value once per key while the key is kept, and hands back the same object', () => {
    const keep = recentlyUsed<{ key: string }>(2);
    let made = 0;
    const make = (key: string) => () => ({ key, n: ++made });
    const first = keep('a', make('a'));
    expect(keep('a', make('a'))).toBe(first);
    expect(made).toBe(1);
  });

  it('drops the least recently used key when full, counting a look-up as a use', () => {
    const keep = recentlyUsed<string>(2);
    const made: string[] = [];
    const get = (key: string) => keep(key, () => (made.push(key), key));
    get('a');
    get('b');
    get('a'); // a is now the more recent of the two
    get('c'); // drops b
    get('a');
    get('b'); // made again
    expect(made).toEqual(['a', 'b', 'c', 'b']);
  });
});
