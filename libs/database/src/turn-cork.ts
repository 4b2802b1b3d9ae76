import type { Writable } from 'node:stream';

/**
 * Holds what is written to a socket during one turn of the event loop for one write (ADR 0027 for NATS, ADR 0028 for
 * PostgreSQL). Each write is a wake-up of the process at the other end, and a loaded service writes from many
 * callbacks in one turn. Corked at the first write of a turn, the socket is uncorked in the loop's check phase,
 * which follows the same turn's poll phase without waiting, so an idle process sends as soon as it would unheld.
 */
export class TurnCork {
  private flushing?: NodeJS.Immediate;

  /** Called before each write: corks `socket` at the first write of a turn. */
  hold(socket: Writable): void {
    if (this.flushing || socket.destroyed) return;
    socket.cork();
    this.flushing = setImmediate(() => this.release(socket));
  }

  /** Writes what is held now (before a close that would drop it). */
  release(socket: Writable | undefined): void {
    if (!this.flushing) return;
    clearImmediate(this.flushing);
    this.flushing = undefined;
    socket?.uncork();
  }
}
