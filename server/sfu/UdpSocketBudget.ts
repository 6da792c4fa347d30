/**
 * How many UDP sockets the SFU's peer connections may hold, process-wide. A connection reserves its
 * sockets before werift opens any, and gives them back when it closes; when the budget is spent, a new
 * connection is refused with `server-busy` and nothing is opened. This keeps the SFU well clear of the
 * process's descriptor limit, so pages and /ws keep working whatever the rooms do.
 */
export class UdpSocketBudget {
  private used = 0;

  constructor(readonly limit: number) {}

  get inUse(): number {
    return this.used;
  }

  /** Reserves `count` sockets; returns false, reserving nothing, if that would pass the limit. */
  tryReserve(count: number): boolean {
    if (count < 0 || this.used + count > this.limit) return false;
    this.used += count;
    return true;
  }

  /** A connection opened `actual` sockets where it reserved `reserved`: count what is really open, even past the limit. */
  resize(reserved: number, actual: number): void {
    this.used = Math.max(0, this.used + actual - reserved);
  }

  release(count: number): void {
    this.used = Math.max(0, this.used - count);
  }
}
