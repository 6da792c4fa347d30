import { EventEmitter } from 'node:events';
import type { Actor, ExitReason } from './Actor';

export interface SupervisorEvents {
  /** A child crashed and a new one took its place. */
  restart: [id: string, error: unknown];
  /** A child crashed too often and was not restarted. */
  'give-up': [id: string, error: unknown];
}

export interface SupervisorOptions {
  /** Restarts of one child allowed within `withinMs` before the supervisor gives up on it (OTP's intensity and period). */
  maxRestarts: number;
  withinMs: number;
  now?: () => number;
}

/**
 * A one-for-one supervisor, as in Erlang/OTP: when one child crashes, only that child is replaced, by
 * calling `restart(id)`; its siblings never notice. A child that exits normally is simply forgotten.
 * The restart function recovers the child's state from outside it (for a session: the guild's log),
 * since whatever the crashed child held in memory is gone.
 */
export class Supervisor<C extends Actor<unknown>> extends EventEmitter<SupervisorEvents> {
  private readonly children = new Map<string, C>();
  private readonly restarts = new Map<string, number[]>();
  private readonly now: () => number;
  private closed = false;

  constructor(
    private readonly restart: (id: string) => C,
    private readonly options: SupervisorOptions,
  ) {
    super();
    this.now = options.now ?? Date.now;
  }

  /** Starts watching `child` under `id`, replacing any earlier child with that id (which is stopped). */
  supervise(id: string, child: C): C {
    const previous = this.children.get(id);
    this.children.set(id, child);
    if (previous && previous !== child) previous.stop();
    child.once('exit', (reason: ExitReason) => this.childExited(id, child, reason));
    return child;
  }

  get(id: string): C | undefined {
    return this.children.get(id);
  }

  get size(): number {
    return this.children.size;
  }

  ids(): IterableIterator<string> {
    return this.children.keys();
  }

  /** Stops one child on purpose (no restart). */
  terminate(id: string): void {
    const child = this.children.get(id);
    this.children.delete(id);
    this.restarts.delete(id);
    child?.stop();
  }

  /** Idempotent: stops every child. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const id of [...this.children.keys()]) this.terminate(id);
    this.removeAllListeners();
  }

  private childExited(id: string, child: C, reason: ExitReason): void {
    if (this.children.get(id) !== child) return;
    this.children.delete(id);
    if (reason.kind !== 'crash' || this.closed) {
      this.restarts.delete(id);
      return;
    }
    const now = this.now();
    const recent = (this.restarts.get(id) ?? []).filter((at) => now - at < this.options.withinMs);
    if (recent.length >= this.options.maxRestarts) {
      this.restarts.delete(id);
      this.emit('give-up', id, reason.error);
      return;
    }
    this.restarts.set(id, [...recent, now]);
    this.supervise(id, this.restart(id));
    this.emit('restart', id, reason.error);
  }
}
