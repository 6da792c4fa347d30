/**
 * What a room page's client (roomClient.ts here, components/mesh/meshClient.ts) shares with its React view:
 * one state object, replaced whole on every change so that React sees a new value, and the listeners told of
 * each change.
 */
export class ClientState<S extends object> {
  private readonly listeners = new Set<(state: S) => void>();

  constructor(public state: S) {}

  /** Calls `listener` with each new state; returns what stops it. */
  subscribe(listener: (state: S) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  protected update(patch: Partial<S>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener(this.state);
  }

  /** Tells the listeners this last state and none after: the client has closed. */
  protected finalUpdate(patch: Partial<S>): void {
    this.update(patch);
    this.listeners.clear();
  }
}
