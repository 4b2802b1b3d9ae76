import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { eventSubject, type ActorV1, type EventContract, type EventEnvelope } from '@saleswire/contracts';
import { tableOf, uuidv7 } from '@saleswire/database';
import { correlationIdOrNew, currentCorrelation } from '@saleswire/observability';
import { DataSource, type EntityManager } from 'typeorm';
import { MESSAGING_CONFIG } from '../messaging.tokens';
import type { MessagingConfig } from '../messaging.config';
import { encodeBatch } from './outbox-batch.format';
import { OutboxRelay } from './outbox.relay';

/** A transaction emitting more events than this stores them in batches. */
const BATCH_FROM_EVENTS = 32;
/** Events in one batched outbox row; the relay publishes one row's events together. */
const EVENTS_PER_BATCH = 500;

/** What a service says when it changes an aggregate; the outbox wraps it in an envelope. */
export interface EventDraft<P extends object> {
  aggregateId: string;
  aggregateVersion: number;
  actor: ActorV1;
  payload: P;
}

/** A database transaction that can also emit events; they are stored in the same transaction. */
export class OutboxTransaction {
  readonly events: EventEnvelope<object>[] = [];

  constructor(
    readonly manager: EntityManager,
    private readonly producer: string,
  ) {}

  /** Records an event to be published once this transaction commits. */
  emit<P extends object>(contract: EventContract<P>, draft: EventDraft<P>): EventEnvelope<P> {
    const context = currentCorrelation();
    const envelope: EventEnvelope<P> = {
      eventId: uuidv7(),
      type: contract.type,
      version: contract.version,
      occurredAt: new Date().toISOString(),
      producer: this.producer,
      aggregateId: draft.aggregateId,
      aggregateVersion: draft.aggregateVersion,
      correlationId: context?.correlationId ?? correlationIdOrNew(),
      causationId: context?.causationId ?? null,
      actor: draft.actor,
      payload: draft.payload,
    };
    this.events.push(envelope);
    return envelope;
  }
}

/** Runs a service's change and stores the events it emits in one PostgreSQL transaction. */
@Injectable()
export class Outbox {
  private readonly table: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(MESSAGING_CONFIG) private readonly config: MessagingConfig,
    @Optional() private readonly relay?: OutboxRelay,
  ) {
    this.table = tableOf(dataSource, 'outbox_event');
  }

  /** Runs `work` in a transaction; events it emits are inserted before commit and relayed right after. */
  transaction<T>(work: (tx: OutboxTransaction) => Promise<T>): Promise<T>;
  /** The same, with the transaction object `open` makes (an event consumer's also names its target tables). */
  transaction<T, X extends OutboxTransaction>(
    work: (tx: X) => Promise<T>,
    open: (manager: EntityManager, producer: string) => X,
  ): Promise<T>;
  async transaction<T>(
    work: (tx: OutboxTransaction) => Promise<T>,
    open: (manager: EntityManager, producer: string) => OutboxTransaction = (manager, producer) =>
      new OutboxTransaction(manager, producer),
  ): Promise<T> {
    let emitted = 0;
    const result = await this.dataSource.transaction(async (manager) => {
      const tx = open(manager, this.config.service);
      const value = await work(tx);
      if (tx.events.length && !this.relay) {
        throw new Error(`${this.config.service} emitted an event but does not publish (MessagingModule publishes: false)`);
      }
      await this.store(manager, tx.events);
      emitted = tx.events.length;
      return value;
    });
    if (emitted > 0) this.relay?.wake();
    return result;
  }

  /**
   * Inserts the envelopes: one row each for the few events of an ordinary change, or, for a transaction that
   * emitted more than BATCH_FROM_EVENTS (an import), rows of up to EVENTS_PER_BATCH envelopes (outbox-batch.format),
   * which the relay claims, marks and purges as one.
   */
  private async store(manager: EntityManager, events: EventEnvelope<object>[]): Promise<void> {
    if (events.length === 0) return;
    if (events.length > BATCH_FROM_EVENTS) {
      const rows: unknown[][] = [];
      for (let start = 0; start < events.length; start += EVENTS_PER_BATCH) {
        const chunk = events.slice(start, start + EVENTS_PER_BATCH);
        rows.push([uuidv7(), encodeBatch(chunk), chunk.length, chunk[0].occurredAt]);
      }
      const values = rows.map((_, i) => `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4})`);
      await manager.query(`INSERT INTO ${this.table} (id, envelopes, event_count, created_at) VALUES ${values.join(', ')}`, rows.flat());
      return;
    }
    const values = events.map((_, i) => `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}::jsonb, $${i * 4 + 4})`);
    const params = events.flatMap((e) => [e.eventId, eventSubject(e.type, e.version), JSON.stringify(e), e.occurredAt]);
    await manager.query(`INSERT INTO ${this.table} (id, subject, envelope, created_at) VALUES ${values.join(', ')}`, params);
  }
}
