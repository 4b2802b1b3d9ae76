import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { streamOf, type ProducerContext } from '@saleswire/contracts';
import { CORRELATION_HEADER, endSpan, Metrics, SpanKind, startSpan, traceparentOf, TRACEPARENT_HEADER, tracingEnabled, type Span } from '@saleswire/observability';
import { DataSource, type EntityManager } from 'typeorm';
import { takeWithinBudget } from '../concurrency';
import { WorkerLoop } from '../worker-loop';
import { JetStreamPublisher, type StreamMessage } from '../jetstream/jetstream.publisher';
import { ensureStream } from '../jetstream/streams';
import { decodeBatch } from './outbox-batch.format';
import { Namespace, type MessagingConfig } from '../messaging.config';
import { MESSAGING_CONFIG, NATS_CONNECTION } from '../messaging.tokens';
import { queryAtCommit, queryNamed, runTransaction, tableOf } from '@saleswire/database';

interface OutboxRow {
  id: string;
  subject: string | null;
  /** One event's envelope, or null for a batch row, whose envelopes are read once it is taken. */
  envelope: string | null;
  correlation_id: string | null;
  /** The trace context of the row (ADR 0018), read only when this process traces. */
  traceparent?: string | null;
  event_count: number;
  created_at: Date;
}

/** One event to publish, and the outbox row it came from. */
interface Outgoing {
  row: OutboxRow;
  eventId: string;
  subject: string;
  body: string;
  correlationId: string;
  traceparent?: string | null;
  /** The publish span, when tracing: a child of the outbox row's span, ended by JetStream's answer. */
  span?: Span;
}

/**
 * Publishes outbox rows to JetStream with `Nats-Msg-Id = eventId` and marks them published. Rows are claimed
 * with `FOR UPDATE SKIP LOCKED`, so replicas share the work; a row whose publish fails stays unpublished and
 * is tried again, so an outage of NATS or PostgreSQL delays events but loses none.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly js: JetStreamClient;
  private readonly publisher: JetStreamPublisher;
  private readonly ns: Namespace;
  private readonly table: string;
  private readonly loop: WorkerLoop;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) nc: NatsConnection,
    @Inject(MESSAGING_CONFIG) private readonly config: MessagingConfig,
    private readonly metrics: Metrics,
  ) {
    this.js = jetstream(nc, { timeout: 5000 });
    this.publisher = new JetStreamPublisher(nc);
    this.ns = new Namespace(config.namespace);
    this.table = tableOf(dataSource, 'outbox_event');
    this.loop = new WorkerLoop(() => this.turn(), {
      pollMs: config.outbox.pollMs,
      backoff: { baseMs: 100, capMs: 5000 },
      // Under load every commit wakes the relay; a pause lets one claim carry many rows instead of one transaction
      // per event, and hands each consumer a batch of them instead of a few (OUTBOX_SETTLE_MS, ADR 0002 amendment).
      settleMs: config.outbox.settleMs,
      logger: this.logger,
      failureMessage: 'outbox relay failed; retrying',
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    // The producer owns its stream: it provisions it before publishing into it.
    const stream = streamOf((this.config.producer ?? this.config.service) as ProducerContext);
    await ensureStream(
      await this.js.jetstreamManager(),
      { name: this.ns.stream(stream.name), subjects: stream.subjects.map((s) => this.ns.subject(s)) },
      this.config.streamReplicas,
    );
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
    this.publisher.close();
  }

  /** Asks the relay to look at the outbox now rather than at its next poll. */
  wake(): void {
    this.loop.wake();
  }

  /** One claim: more to do at once when the claim was full. A failed publish makes the loop back off. */
  private async turn(): Promise<boolean> {
    const { more, error } = await this.relayBatch();
    if (error) throw error;
    return more;
  }

  /**
   * Claims rows holding up to `batchSize` events (at least one row), publishes their events with bounded
   * concurrency, and marks the rows whose every event JetStream acknowledged; a row with a failed event is
   * published again later (JetStream drops the repeats of the others by their message id).
   */
  private async relayBatch(): Promise<{ more: boolean; error?: Error }> {
    const budget = this.config.outbox.batchSize;
    const traceColumn = tracingEnabled() ? `, envelope->>'traceparent' AS traceparent` : '';
    // Its BEGIN leaves with the claim and its marks with the COMMIT (ADR 0028): two round trips a turn, not four.
    return runTransaction(this.dataSource, async (manager) => {
      // Every statement of a turn is named: the relay runs them a few times a second per service, each planned once
      // per connection instead of on every call. Their id arrays are read through `(SELECT $1)`, which hides their
      // length from the planner: otherwise a claim of 3 rows looks cheaper than the generic plan's guess of 10 and
      // PostgreSQL would go on planning every call.
      const locked = await queryNamed<OutboxRow[]>(
        manager,
        `SELECT id, subject, envelope::text AS envelope, envelope->>'correlationId' AS correlation_id${traceColumn}, event_count, created_at
           FROM ${this.table}
          WHERE published_at IS NULL
          ORDER BY created_at, id
          LIMIT $1
          FOR UPDATE SKIP LOCKED`,
        [budget],
      );
      if (locked.length === 0) return { more: false };
      const rows = takeWithinBudget(locked, budget, (row) => row.event_count);
      const unreadable: string[] = [];
      const outgoing = await this.outgoing(manager, rows, unreadable);
      const failedRows = new Set<string>();
      let publishError: Error | undefined;
      // Windows of publishes sent in one go, each window waiting for its acknowledgements together.
      for (let start = 0; start < outgoing.length; start += this.config.outbox.concurrency) {
        const window = outgoing.slice(start, start + this.config.outbox.concurrency);
        const results = await this.publisher.publishAll(window.map(toStreamMessage(this.ns)), 5000);
        results.forEach((result, i) => {
          const event = window[i];
          endSpan(event.span, result.status === 'rejected' ? result.reason : undefined);
          if (result.status === 'rejected') {
            failedRows.add(event.row.id);
            publishError ??= result.reason as Error;
            return;
          }
          this.metrics.eventsPublished.inc({ subject: event.subject });
          this.metrics.outboxPublishLag.observe((Date.now() - new Date(event.row.created_at).getTime()) / 1000);
        });
      }
      if (unreadable.length) {
        await queryAtCommit(
          manager,
          `UPDATE ${this.table} SET attempts = attempts + 1, last_error = 'unreadable envelopes' WHERE id = ANY((SELECT $1::uuid[])::uuid[])`,
          [unreadable],
        );
      }
      const published = rows.filter((row) => !failedRows.has(row.id) && !unreadable.includes(row.id)).map((row) => row.id);
      if (published.length) {
        await queryAtCommit(manager, `UPDATE ${this.table} SET published_at = now() WHERE id = ANY((SELECT $1::uuid[])::uuid[])`, [published]);
      }
      if (failedRows.size) {
        await queryAtCommit(
          manager,
          `UPDATE ${this.table} SET attempts = attempts + 1, last_error = $2 WHERE id = ANY((SELECT $1::uuid[])::uuid[])`,
          [[...failedRows], publishError?.message ?? 'publish failed'],
        );
      }
      return { more: rows.length < locked.length || locked.length === budget, error: publishError };
    });
  }

  /** The events of the rows: a single row is one, a batch row's envelopes are read and split. */
  private async outgoing(manager: EntityManager, rows: OutboxRow[], unreadable: string[]): Promise<Outgoing[]> {
    const batchIds = rows.filter((row) => row.envelope === null).map((row) => row.id);
    const batches = new Map<string, string>();
    if (batchIds.length) {
      const bodies = await queryNamed<Array<{ id: string; envelopes: string }>>(
        manager,
        `SELECT id, envelopes FROM ${this.table} WHERE id = ANY((SELECT $1::uuid[])::uuid[])`,
        [batchIds],
      );
      for (const body of bodies) batches.set(body.id, body.envelopes);
    }
    return rows.flatMap((row): Outgoing[] => {
      if (row.envelope !== null) {
        return [
          { row, eventId: row.id, subject: row.subject ?? '', body: row.envelope, correlationId: row.correlation_id ?? '', traceparent: row.traceparent },
        ];
      }
      try {
        return decodeBatch(batches.get(row.id) ?? '').map((event) => ({ row, ...event }));
      } catch (error) {
        // Only a row changed by hand can get here. It stays in the outbox, marked, for someone to look at; the
        // rows after it are published as usual.
        unreadable.push(row.id);
        this.logger.error({ msg: 'outbox row holds an unreadable envelope; left unpublished', outboxId: row.id, error: (error as Error).message });
        return [];
      }
    });
  }
}

function toStreamMessage(ns: Namespace): (event: Outgoing) => StreamMessage {
  return (event) => {
    const headers = natsHeaders();
    headers.set(CORRELATION_HEADER, event.correlationId);
    if (tracingEnabled()) {
      // The publish continues the trace of the outbox row; consumers continue the publish's (the header).
      event.span = startSpan(`publish ${event.subject}`, {
        kind: SpanKind.PRODUCER,
        parent: event.traceparent,
        attributes: { 'messaging.system': 'nats', 'messaging.destination.name': event.subject, 'messaging.message.id': event.eventId },
      });
      const traceparent = traceparentOf(event.span);
      if (traceparent) headers.set(TRACEPARENT_HEADER, traceparent);
    }
    return { subject: ns.subject(event.subject), body: event.body, msgId: event.eventId, headers };
  };
}
