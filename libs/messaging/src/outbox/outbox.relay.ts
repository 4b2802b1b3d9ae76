import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { streamOf, type ProducerContext } from '@saleswire/contracts';
import { CORRELATION_HEADER, Metrics } from '@saleswire/observability';
import { DataSource } from 'typeorm';
import { backoffMs, forEachConcurrent, sleep } from '../concurrency';
import { ensureStream } from '../jetstream/streams';
import { Namespace, type MessagingConfig } from '../messaging.config';
import { MESSAGING_CONFIG, NATS_CONNECTION } from '../messaging.tokens';

/** How long the relay lets events gather after a wake-up: a few ms of lag for far fewer round trips. */
const COALESCE_MS = 5;

interface OutboxRow {
  id: string;
  subject: string;
  envelope: string;
  correlation_id: string;
  created_at: Date;
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
  private readonly ns: Namespace;
  private readonly table: string;
  private running = false;
  private loop?: Promise<void>;
  private wakeRequested = false;
  private wakeUp?: () => void;
  private lastPurge = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) nc: NatsConnection,
    @Inject(MESSAGING_CONFIG) private readonly config: MessagingConfig,
    private readonly metrics: Metrics,
  ) {
    this.js = jetstream(nc, { timeout: 5000 });
    this.ns = new Namespace(config.namespace);
    this.table = `"${(dataSource.options as { schema: string }).schema}".outbox_event`;
  }

  async onApplicationBootstrap(): Promise<void> {
    // The producer owns its stream: it provisions it before publishing into it.
    const stream = streamOf(this.config.service as ProducerContext);
    await ensureStream(
      await this.js.jetstreamManager(),
      { name: this.ns.stream(stream.name), subjects: stream.subjects.map((s) => this.ns.subject(s)) },
      this.config.streamReplicas,
    );
    this.running = true;
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  /** Asks the relay to look at the outbox now rather than at its next poll. */
  wake(): void {
    this.wakeRequested = true;
    this.wakeUp?.();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      this.wakeRequested = false;
      try {
        const { claimed, error } = await this.relayBatch();
        if (error) throw error;
        failures = 0;
        await this.purgeOccasionally();
        if (claimed === this.config.outbox.batchSize) continue; // more is waiting
      } catch (error) {
        failures++;
        const delay = backoffMs(failures, 100, 5000);
        this.logger.warn({ msg: 'outbox relay failed; retrying', error: (error as Error).message, retryInMs: delay });
        await sleep(delay);
        continue;
      }
      if (!this.wakeRequested) await this.waitForWake(this.config.outbox.pollMs);
      // Under load every commit wakes the relay; a short pause lets one claim carry many rows instead of one
      // transaction per event (the relay's four statements would otherwise double the service's database work).
      await sleep(COALESCE_MS);
    }
  }

  private waitForWake(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = undefined;
        done();
      };
    });
  }

  /** Claims one batch, publishes it with bounded concurrency, and marks what JetStream acknowledged. */
  async relayBatch(): Promise<{ claimed: number; error?: Error }> {
    let publishError: Error | undefined;
    const claimed = await this.dataSource.transaction(async (manager) => {
      const rows: OutboxRow[] = await manager.query(
        `SELECT id, subject, envelope::text AS envelope, envelope->>'correlationId' AS correlation_id, created_at
           FROM ${this.table}
          WHERE published_at IS NULL
          ORDER BY created_at, id
          LIMIT $1
          FOR UPDATE SKIP LOCKED`,
        [this.config.outbox.batchSize],
      );
      if (rows.length === 0) return 0;
      const published: string[] = [];
      const failed: string[] = [];
      await forEachConcurrent(rows, this.config.outbox.concurrency, async (row) => {
        const headers = natsHeaders();
        headers.set(CORRELATION_HEADER, row.correlation_id);
        try {
          await this.js.publish(this.ns.subject(row.subject), row.envelope, { msgID: row.id, headers, timeout: 5000 });
          published.push(row.id);
          this.metrics.eventsPublished.inc({ subject: row.subject });
          this.metrics.outboxPublishLag.observe((Date.now() - new Date(row.created_at).getTime()) / 1000);
        } catch (error) {
          failed.push(row.id);
          publishError ??= error as Error;
        }
      });
      if (published.length) {
        await manager.query(`UPDATE ${this.table} SET published_at = now() WHERE id = ANY($1::uuid[])`, [published]);
      }
      if (failed.length) {
        await manager.query(
          `UPDATE ${this.table} SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::uuid[])`,
          [failed, publishError?.message ?? 'publish failed'],
        );
      }
      return rows.length;
    });
    return { claimed, error: publishError };
  }

  /** Deletes published rows older than the retention, at most once a minute. */
  private async purgeOccasionally(): Promise<void> {
    if (Date.now() - this.lastPurge < 60_000) return;
    this.lastPurge = Date.now();
    await this.dataSource.query(
      `DELETE FROM ${this.table} WHERE published_at < now() - make_interval(hours => $1)`,
      [this.config.outbox.retentionHours],
    );
  }
}
