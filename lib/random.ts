/**
 * Seeded randomness for the models. Every model takes an `Rng` instead of calling
 * Math.random, so a figure replays identically and a test can pin exact values.
 *
 * mulberry32: a 32-bit generator with a full 2^32 period, small and fast, good enough
 * for simulations that are not cryptography.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** The generator's state, so a step function can return it with the model state. */
  readonly state: number;
}

export function createRng(seed: number): Rng {
  let s = seed >>> 0;
  return {
    next() {
      s = (s + 0x6d2b79f5) >>> 0;
      let t = s;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
    get state() {
      return s;
    },
  };
}

/** True with probability p. */
export function chance(rng: Rng, p: number): boolean {
  return rng.next() < p;
}

/** Uniform in [lo, hi). */
export function uniform(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * rng.next();
}

/** Standard normal by Box-Muller; used for jitter. */
export function normal(rng: Rng, mean = 0, sd = 1): number {
  const u = 1 - rng.next();
  const v = rng.next();
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
