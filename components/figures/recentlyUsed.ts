/**
 * A keeper of the last `size` values made by key, the least recently used dropped first. A figure's drawing
 * depends on a few small inputs and a drag goes back and forth over the same few values (the frames bench's
 * drag alternates between two): what one setting needs is made once, and a step back to it finds the same
 * strings, so the memoised parts it feeds skip their render. (The same keeper as mesh-vs-sfu/scene.ts's.)
 */
export function recentlyUsed<V>(size: number): (key: string, make: () => V) => V {
  const values = new Map<string, V>();
  return (key, make) => {
    let value = values.get(key);
    if (value === undefined) {
      value = make();
      if (values.size >= size) values.delete(values.keys().next().value!);
    } else values.delete(key);
    values.set(key, value);
    return value;
  };
}
