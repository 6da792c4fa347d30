import { EventEmitter } from 'node:events';

/** Why an actor stopped: asked to, or an exception escaped its handler. */
export type ExitReason = { kind: 'normal' } | { kind: 'crash'; error: unknown };

export interface ActorEvents {
  exit: [ExitReason];
}

/**
 * An Erlang-style process inside one Node process: private state, a mailbox, and one message handled
 * at a time in the order it arrived. Nobody calls into an actor's state; they `send` it messages.
 *
 * This is not an OS process and not a BEAM process: all actors share Node's one thread and heap, and
 * a handler that loops forever stalls them all. What it keeps is the part that matters for the design:
 * an exception ends only the actor it happened in (it exits with `crash`, its mailbox is dropped, and
 * whoever supervises it decides what happens next), and each actor's messages are handled in order.
 */
export abstract class Actor<M> extends EventEmitter<ActorEvents> {
  private readonly mailbox: M[] = [];
  private head = 0;
  private scheduled = false;
  private exited = false;

  get alive(): boolean {
    return !this.exited;
  }

  /** Messages waiting in the mailbox. */
  get queued(): number {
    return this.mailbox.length - this.head;
  }

  /** Puts a message in the mailbox; false (and nothing queued) when the actor has exited. */
  send(message: M): boolean {
    if (this.exited) return false;
    this.mailbox.push(message);
    if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(() => this.drain());
    }
    return true;
  }

  /** Idempotent: exits normally after releasing what the actor holds. Queued messages are dropped. */
  stop(): void {
    this.exit({ kind: 'normal' });
  }

  /** Handles one message. An exception here crashes this actor only. */
  protected abstract receive(message: M): void;

  /** Releases what the actor holds (timers, links). Called once, on any exit. */
  protected terminate(_reason: ExitReason): void {}

  private drain(): void {
    this.scheduled = false;
    while (!this.exited && this.head < this.mailbox.length) {
      const message = this.mailbox[this.head];
      this.head += 1;
      try {
        this.receive(message);
      } catch (error) {
        this.exit({ kind: 'crash', error });
        return;
      }
    }
    this.mailbox.length = 0;
    this.head = 0;
  }

  private exit(reason: ExitReason): void {
    if (this.exited) return;
    this.exited = true;
    this.mailbox.length = 0;
    this.head = 0;
    try {
      this.terminate(reason);
    } finally {
      this.emit('exit', reason);
      this.removeAllListeners();
    }
  }
}
