/**
 * A keeper of the last `size` values made by key, the least recently used dropped first. A figure's drawing
 * depends on a few small inputs, and a reader's drag comes back over values it has just passed: what one
 * setting needs is made once, and a step back to it finds the same objects, so the memoised parts they feed
 * skip their render. A step to a value not kept still pays in full (the frames bench's sweep measures that).
 * Used by the mesh rooms' geometry and flows (mesh-vs-sfu/scene.ts) and the VAD clip's timeline.
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
