import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { eventSubject, type ActorV1, type EventContract, type EventEnvelope } from '@saleswire/contracts';
import { queryAtCommit, runTransaction, tableOf, uuidv7 } from '@saleswire/database';
import { correlationIdOrNew, currentCorrelation, endSpan, Metrics, SpanKind, startSpan, traceparentOf, tracingEnabled, type Span } from '@saleswire/observability';
import { DataSource, type EntityManager } from 'typeorm';
import { MESSAGING_CONFIG } from '../messaging.tokens';
import type { MessagingConfig } from '../messaging.config';
import { currentRequestKey } from '../request-key/request-key';
import { RequestKeyStore, runCommand } from '../request-key/request-key.store';
import { CommandGroup, type CommandGroupOptions, type GroupApply } from './command-group';
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
  private readonly keys: RequestKeyStore;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(MESSAGING_CONFIG) private readonly config: MessagingConfig,
    @Optional() private readonly relay?: OutboxRelay,
    @Optional() private readonly metrics?: Metrics,
  ) {
    this.table = tableOf(dataSource, 'outbox_event');
    this.keys = new RequestKeyStore(dataSource);
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
    open?: (manager: EntityManager, producer: string) => OutboxTransaction,
  ): Promise<T> {
    const scope = currentRequestKey();
    if (scope?.origin === 'rpc' && scope.outcome === 'pending') {
      // Before anything is written: a command's change outside `command()` would commit without its key, and a
      // lost reply would turn the client's retry into a second change.
      throw new Error(`the handler of ${scope.subject} must run its change with outbox.command(), which records its request key`);
    }
    return this.run(work, open);
  }

  /**
   * Runs a command's change (ADR 0010): with the request's idempotency key, records the key and the reply in
   * the same transaction, and answers a retry with the stored reply instead of changing anything again.
   */
  command<R>(change: (tx: OutboxTransaction) => Promise<R>): Promise<R>;
  /**
   * The same, with `prepare` run first outside the transaction (checks, requests to other services) and its
   * result handed to `change`; a retry whose key was recorded skips both.
   */
  command<R, P>(prepare: () => Promise<P>, change: (tx: OutboxTransaction, prepared: P) => Promise<R>): Promise<R>;
  command<R, P>(
    first: (() => Promise<P>) | ((tx: OutboxTransaction) => Promise<R>),
    second?: (tx: OutboxTransaction, prepared: P) => Promise<R>,
  ): Promise<R> {
    const [prepare, change] = second
      ? [first as () => Promise<P>, second]
      : [undefined, first as (tx: OutboxTransaction, prepared: P) => Promise<R>];
    return runCommand<OutboxTransaction, R, P>(
      {
        store: this.keys,
        manager: this.dataSource.manager,
        transaction: (work) => this.run(work),
        managerOf: (tx) => tx.manager,
      },
      change,
      prepare,
    );
  }

  /**
   * A command group (group commit, issue 14): commands of one kind that arrive while an earlier group is in its
   * transaction are applied together by `apply`, one transaction and one commit for all, each answered alone
   * (see CommandGroup). A service makes one per write it groups, e.g. `outbox.group('create-lead', …)`.
   */
  group<I, R>(name: string, apply: GroupApply<I, R>, options?: CommandGroupOptions): CommandGroup<I, R> {
    return new CommandGroup(
      name,
      {
        keys: this.keys,
        manager: this.dataSource.manager,
        transaction: (work) => this.run(work),
        observeSize: (group, size) => this.metrics?.commandGroupSize.observe({ group }, size),
      },
      apply,
      options,
    );
  }

  private async run<T>(
    work: (tx: OutboxTransaction) => Promise<T>,
    open: (manager: EntityManager, producer: string) => OutboxTransaction = (manager, producer) =>
      new OutboxTransaction(manager, producer),
  ): Promise<T> {
    let emitted = 0;
    // Re-run as a whole after a serialization failure or deadlock: each attempt gets a fresh transaction object,
    // so the events of a rolled-back attempt are never stored.
    const result = await runTransaction(this.dataSource, async (manager) => {
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
    const spans = tracingEnabled() ? this.traceRows(events) : [];
    try {
      await this.insert(manager, events);
      for (const span of spans) endSpan(span);
    } catch (error) {
      for (const span of spans) endSpan(span, error);
      throw error;
    }
  }

  /**
   * One span per outbox row (ADR 0018): each event gets its row's trace context in its envelope, which the
   * relay's publish and every consumer continue. A batch row (an import) is one span for all its events.
   */
  private traceRows(events: EventEnvelope<object>[]): Span[] {
    const rows = events.length > BATCH_FROM_EVENTS ? chunks(events, EVENTS_PER_BATCH) : events.map((event) => [event]);
    return rows.map((row) => {
      const subject = eventSubject(row[0].type, row[0].version);
      const span = startSpan(row.length > 1 ? `outbox batch of ${row.length} events` : `outbox ${subject}`, {
        kind: SpanKind.PRODUCER,
        attributes: { 'messaging.destination.name': subject, 'messaging.message.id': row[0].eventId, 'messaging.batch.message_count': row.length },
      });
      const traceparent = traceparentOf(span);
      if (traceparent) for (const event of row) event.traceparent = traceparent;
      return span;
    }).filter((span): span is Span => span !== undefined);
  }

  private async insert(manager: EntityManager, events: EventEnvelope<object>[]): Promise<void> {
    if (events.length > BATCH_FROM_EVENTS) {
      const rows = chunks(events, EVENTS_PER_BATCH).map((chunk) => [uuidv7(), encodeBatch(chunk), chunk.length, chunk[0].occurredAt]);
      const values = rows.map((_, i) => `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4})`);
      await manager.query(`INSERT INTO ${this.table} (id, envelopes, event_count, created_at) VALUES ${values.join(', ')}`, rows.flat());
      return;
    }
    // One text whatever the number of events, so that it is a named statement PostgreSQL plans once a connection;
    // sent with the COMMIT (ADR 0028): nothing reads its answer, and its failure fails the transaction there.
    await queryAtCommit(
      manager,
      `INSERT INTO ${this.table} (id, subject, envelope, created_at)
       SELECT id, subject, envelope::jsonb, created_at FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[]) AS e(id, subject, envelope, created_at)`,
      [events.map((e) => e.eventId), events.map((e) => eventSubject(e.type, e.version)), events.map((e) => JSON.stringify(e)), events.map((e) => e.occurredAt)],
    );
  }
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}
