import { queryNamed, tableOf } from '@saleswire/database';
import type { DataSource } from 'typeorm';
import type { Outbox } from '../outbox/outbox';
import type { StreamEvent } from './event-handler.registry';
import { EventTransaction, type EventTarget } from './event-transaction';

/**
 * The inbox of one consumer identity: which events it has applied, recorded in the same transaction as their
 * effect, so that a repeated delivery changes nothing.
 */
export class InboxStore {
  private readonly table: string;

  constructor(
    private readonly outbox: Outbox,
    dataSource: DataSource,
    private readonly key: string,
    private readonly target: EventTarget,
  ) {
    this.table = tableOf(dataSource, 'inbox_event');
  }

  /**
   * In one transaction: records the events under this consumer's key (each under the subject it arrived on) and
   * calls `apply` with those it had not recorded before (in the given order, each once however often it appears).
   * Answers how many were fresh; a rejection of `apply` rolls the inbox rows back with everything else. For a target
   * whose sums are deferred (a replay's first pass, which writes facts alone) nothing is recorded and every event
   * is fresh, each once however often it appears in the batch: applying one again writes the same facts.
   */
  async applyOnce(events: readonly StreamEvent[], apply: (fresh: StreamEvent[], tx: EventTransaction) => Promise<void>): Promise<number> {
    return this.outbox.transaction(
      async (tx: EventTransaction) => {
        const subjects = new Map<string, string>();
        for (const { contract, event } of events) if (!subjects.has(event.eventId.toLowerCase())) subjects.set(event.eventId.toLowerCase(), contract.subject);
        if (this.target.sumsDeferred) {
          const fresh = events.filter(({ event }) => subjects.delete(event.eventId.toLowerCase()));
          if (fresh.length > 0) await apply(fresh, tx);
          return fresh.length;
        }
        // Named: one text whatever the number of events, planned once per connection.
        const rows = await queryNamed<Array<{ event_id: string }>>(
          tx.manager,
          `INSERT INTO ${this.table} (event_id, consumer, subject)
           SELECT event_id, $2::text, subject FROM unnest($1::uuid[], $3::text[]) AS e (event_id, subject)
           ON CONFLICT DO NOTHING RETURNING event_id`,
          [[...subjects.keys()], this.key, [...subjects.values()]],
        );
        const recorded = new Set(rows.map((row) => row.event_id));
        // `delete` keeps only the first copy of an event delivered twice within one batch.
        const fresh = events.filter(({ event }) => recorded.delete(event.eventId.toLowerCase()));
        if (fresh.length > 0) await apply(fresh, tx);
        return fresh.length;
      },
      (manager, producer) => new EventTransaction(manager, producer, this.target),
    );
  }
}
