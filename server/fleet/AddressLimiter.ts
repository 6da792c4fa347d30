/**
 * A token bucket per client address: `burst` actions at once, then one every `refillMs`. Remembers at
 * most `maxAddresses` addresses (the longest idle are forgotten first), so a flood of addresses cannot
 * grow it without bound.
 */
export class AddressLimiter {
  private readonly buckets = new Map<string, { tokens: number; atMs: number }>();

  constructor(
    private readonly burst: number,
    private readonly refillMs: number,
    private readonly maxAddresses = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one token for `address`; false when its bucket is empty (and nothing changes). */
  take(address: string): boolean {
    const nowMs = this.now();
    const bucket = this.buckets.get(address);
    const tokens = bucket ? Math.min(this.burst, bucket.tokens + (nowMs - bucket.atMs) / this.refillMs) : this.burst;
    if (tokens < 1) return false;
    // Re-inserting keeps the map in least-recently-used order.
    this.buckets.delete(address);
    this.buckets.set(address, { tokens: tokens - 1, atMs: nowMs });
    if (this.buckets.size > this.maxAddresses) this.buckets.delete(this.buckets.keys().next().value!);
    return true;
  }

  get size(): number {
    return this.buckets.size;
  }
}
