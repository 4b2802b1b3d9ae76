import { Socket } from 'node:net';
import { TurnCork } from './turn-cork';

/**
 * A socket that hands what node-postgres writes during one turn of the event loop to the system in one write
 * (`TurnCork`, ADR 0028; NATS's connections do the same, ADR 0027).
 *
 * On a pipelined client (`pipeline: true`) the statements a transaction sends without waiting for each other's
 * answers — its BEGIN and first statement, its last writes and COMMIT (`runTransaction`) — then reach PostgreSQL in
 * one write: one wake-up of its backend where there were several, the cost that dominated (docs/benchmarks.md).
 * Writable's `end` writes what is corked before it ends, so a client's goodbye loses nothing.
 */
export class LoopBatchedSocket extends Socket {
  private readonly turn = new TurnCork();

  /** net.Socket's `connect` sets Socket's own `write` on the socket (to undo a refusing one after the peer ended). */
  override connect(...args: unknown[]): this {
    (super.connect as (...args: unknown[]) => this)(...args);
    if (Object.prototype.hasOwnProperty.call(this, 'write') && this.write === Socket.prototype.write) {
      delete (this as { write?: unknown }).write;
    }
    return this;
  }

  override write(chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
    this.turn.hold(this);
    return (super.write as (chunk: unknown, encoding?: unknown, callback?: unknown) => boolean)(chunk, encoding, callback);
  }
}

/**
 * What every node-postgres client of the platform is made with (TypeORM's `extra`): pipelined, so that statements
 * sent without waiting for each other leave together, over a `LoopBatchedSocket`. A pipelined client answers each
 * statement as an unpipelined one does; it refuses cursors and streamed queries, which the platform does not use.
 */
export const PG_CLIENT_OPTIONS = {
  pipeline: true,
  stream: (): Socket => new LoopBatchedSocket(),
} as const;
