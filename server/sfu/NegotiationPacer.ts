/**
 * Runs the SFU's heavy negotiation steps one at a time, each in a turn of the event loop of its own.
 *
 * When someone starts publishing, every viewer in the room needs a new offer, and each offer carries
 * an audio and a video section per publisher: in a meeting of 50, 49 offers of up to 98 sections,
 * then 49 answers as long, all asked for in the same instant. Made in one go they hold the event loop
 * for seconds, and meanwhile nothing else in the process runs: no ICE check is answered, no DTLS
 * flight is read, no packet is forwarded (docs/sfu-performance.md, "The meeting"). Queued here, the
 * steps run in order with a setImmediate between two, so the poll phase (sockets, timers) comes round
 * after every step and the longest stall is one step.
 *
 * A step is a function returning a promise; its awaits may interleave with other work, but the next
 * step starts only once it has settled. Steps of a closed session should return at once: the pacer
 * does not know who queued what.
 */
export class NegotiationPacer {
  private readonly queue: (() => Promise<void>)[] = [];
  private running = false;
  private ran = 0;

  /** Steps waiting for their turn (not counting the one running). */
  get waiting(): number {
    return this.queue.length;
  }

  /** Steps finished since the process started (for tests and benchmarks). */
  get completed(): number {
    return this.ran;
  }

  /** Runs `step` in its turn; settles as the step does. */
  run<T>(step: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push(() => Promise.resolve().then(step).then(resolve, reject));
      this.next();
    });
  }

  private next(): void {
    if (this.running || this.queue.length === 0) return;
    this.running = true;
    setImmediate(() => {
      const step = this.queue.shift()!;
      void step().finally(() => {
        this.ran++;
        this.running = false;
        this.next();
      });
    });
  }
}
