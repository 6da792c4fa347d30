/**
 * Views of one buffer from a fixed start, kept by length. The forwarding path hashes and sends
 * ranges of the same reused buffer for every packet; a `subarray` per call would allocate a view
 * per packet and viewer, this allocates one per distinct length, once.
 */
export class RangeViews {
  private buffer: Buffer | null = null;
  private start = -1;
  private views: (Buffer | undefined)[] = [];

  /** buffer[start, start + length), the same object every time for the same buffer, start and length. */
  get(buffer: Buffer, start: number, length: number): Buffer {
    if (buffer !== this.buffer || start !== this.start) {
      this.buffer = buffer;
      this.start = start;
      this.views = [];
    }
    let view = this.views[length];
    if (view === undefined) {
      view = buffer.subarray(start, start + length);
      this.views[length] = view;
    }
    return view;
  }
}
