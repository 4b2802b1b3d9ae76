import { Inject, Injectable, Logger, Optional, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { tableOf } from '@saleswire/database';
import { Metrics } from '@saleswire/observability';
import { Gauge } from 'prom-client';
import type { DataSource } from 'typeorm';
import { EventConsumerFactory } from './inbox/event-consumer.factory';
import type { ConsumerBacklog } from './inbox/stream.puller';
import { Outbox } from './outbox/outbox';

/** pg's pool, as TypeORM's PostgreSQL driver holds it. */
interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** Where the consumers' backlogs come from: the app's EventConsumerFactory. */
export interface BacklogSource {
  backlogs(): Promise<ConsumerBacklog[]>;
}

/**
 * How long one read of the backlogs and of the outbox answers the scrapes that follow it. A read costs a JetStream
 * request per durable consumer and a SQL statement; Prometheus scrapes every few seconds, but several scrapers
 * (an HA pair, the autoscaler) or a benchmark's 50 scrapes a second each paid it again (13% of reporting's CPU in
 * the write bench, docs/benchmarks.md).
 */
export const BACKLOG_READ_FRESH_MS = 1000;
/** Overrides BACKLOG_READ_FRESH_MS (the tests' 0: every scrape reads). */
export const BACKLOG_READ_FRESH = Symbol('BACKLOG_READ_FRESH');

/**
 * The gauges an operator alerts on, read when `/metrics` is scraped (nothing runs between scrapes; a read serves
 * the scrapes of the next `freshMs`): each durable consumer's backlog and the age of the oldest event it owes, the
 * outbox's unpublished events and the age of the oldest, and the database pool's connections and waiting queries.
 * A source that cannot be read (NATS or the database away) leaves its gauges empty for that scrape rather than
 * failing `/metrics`; readiness says why.
 */
@Injectable()
export class BacklogMetrics implements OnModuleInit {
  private readonly logger = new Logger(BacklogMetrics.name);

  constructor(
    private readonly metrics: Metrics,
    @Optional() @InjectDataSource() private readonly dataSource?: DataSource,
    @Optional() @Inject(EventConsumerFactory) private readonly consumers?: BacklogSource,
    @Optional() private readonly outbox?: Outbox,
    @Optional() @Inject(BACKLOG_READ_FRESH) private readonly freshMs: number = BACKLOG_READ_FRESH_MS,
  ) {}

  onModuleInit(): void {
    const registers = [this.metrics.registry];
    const consumers = this.consumers;
    if (consumers) {
      const backlogs = sharedRead(() => consumers.backlogs().catch((): ConsumerBacklog[] => []), this.freshMs);
      const gauge = (name: string, help: string, value: (backlog: ConsumerBacklog) => number): Gauge =>
        new Gauge({
          name,
          help,
          labelNames: ['consumer', 'stream'],
          registers,
          async collect() {
            const found = await backlogs();
            this.reset();
            for (const backlog of found) this.set({ consumer: backlog.durable, stream: backlog.stream }, value(backlog));
          },
        });
      gauge('saleswire_consumer_pending_events', "Events of a durable consumer's subjects not delivered to it yet", (b) => b.pending);
      gauge('saleswire_consumer_unacked_events', 'Events delivered to a durable consumer and not acknowledged yet', (b) => b.unacked);
      gauge(
        'saleswire_consumer_oldest_unacked_age_seconds',
        'Age of the oldest event a durable consumer has not acknowledged (delivered or not); 0 when it has caught up',
        (b) => b.oldestAgeSeconds,
      );
    }
    const dataSource = this.dataSource;
    if (dataSource && this.outbox) {
      const table = tableOf(dataSource, 'outbox_event');
      const outbox = sharedRead(async (): Promise<{ events: number; age: number } | undefined> => {
        try {
          const [row] = (await dataSource.query(
            `SELECT coalesce(sum(event_count), 0)::bigint AS events, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS age
               FROM ${table} WHERE published_at IS NULL`,
          )) as Array<{ events: string; age: number }>;
          return { events: Number(row.events), age: row.age };
        } catch {
          return undefined; // the database is away: no figure this scrape
        }
      }, this.freshMs);
      const gauge = (name: string, help: string, value: (found: { events: number; age: number }) => number): Gauge =>
        new Gauge({
          name,
          help,
          registers,
          async collect() {
            const found = await outbox();
            this.reset();
            if (found) this.set(value(found));
          },
        });
      gauge('saleswire_outbox_unpublished_events', 'Events written to the outbox and not yet published to JetStream', (found) => found.events);
      gauge('saleswire_outbox_oldest_unpublished_age_seconds', 'Age of the oldest event in the outbox not yet published; 0 when the relay has caught up', (found) => found.age);
    }
    if (dataSource) {
      new Gauge({
        name: 'saleswire_db_pool_connections',
        help: 'The database pool: connections open (total) and idle, and queries waiting for a connection (waiting)',
        labelNames: ['state'],
        registers,
        collect: function (this: Gauge) {
          const pool = (dataSource.driver as unknown as { master?: PgPool }).master;
          if (!pool) return;
          this.set({ state: 'total' }, pool.totalCount);
          this.set({ state: 'idle' }, pool.idleCount);
          this.set({ state: 'waiting' }, pool.waitingCount);
        },
      });
    }
    this.logger.debug({ msg: 'backlog metrics registered', consumers: !!consumers, outbox: !!this.outbox });
  }
}

/**
 * One read shared by the gauges of a scrape: prom-client collects every metric of a registry at once, so the
 * gauges that show parts of one read wait on the same promise; it answers the scrapes of the next `freshMs` too,
 * then the next scrape reads again.
 */
function sharedRead<T>(read: () => Promise<T>, freshMs: number): () => Promise<T> {
  let last: { answer: Promise<T>; until: number } | undefined;
  return () => {
    if (last && (last.until === Infinity || Date.now() < last.until)) return last.answer;
    const entry = { answer: read(), until: Infinity };
    last = entry;
    const settled = (): void => {
      entry.until = Date.now() + freshMs;
    };
    entry.answer.then(settled, settled);
    return entry.answer;
  };
}
