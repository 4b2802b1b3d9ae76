import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { runTransaction, schemaName, tableOf } from '@saleswire/database';
import { Metrics } from '@saleswire/observability';
import type { DataSource } from 'typeorm';
import type { MessagingConfig } from '../messaging.config';
import { MESSAGING_CONFIG } from '../messaging.tokens';
import { WorkerLoop } from '../worker-loop';

/** A table the pruner keeps short: its rows older than the retention go, a batch per transaction. */
interface PrunedTable {
  table: 'outbox_event' | 'inbox_event';
  /** Selects the keys of at most `$2` rows older than `$1` hours, locked for the delete. */
  batch: (table: string) => string;
  /** Deletes the rows the batch selected (`batch` is its CTE). */
  delete: (table: string) => string;
  retentionHours: (config: MessagingConfig) => number;
}

const TABLES: readonly PrunedTable[] = [
  {
    // Only published rows: an unpublished event is never pruned, however old.
    table: 'outbox_event',
    batch: (t) => `SELECT id FROM ${t} WHERE published_at < now() - make_interval(hours => $1) LIMIT $2 FOR UPDATE SKIP LOCKED`,
    delete: (t) => `DELETE FROM ${t} o USING batch WHERE o.id = batch.id`,
    retentionHours: (config) => config.outbox.retentionHours,
  },
  {
    table: 'inbox_event',
    batch: (t) =>
      `SELECT event_id, consumer FROM ${t} WHERE received_at < now() - make_interval(hours => $1) LIMIT $2 FOR UPDATE SKIP LOCKED`,
    delete: (t) => `DELETE FROM ${t} i USING batch WHERE i.event_id = batch.event_id AND i.consumer = batch.consumer`,
    retentionHours: (config) => config.inbox.retentionHours,
  },
];

/**
 * Keeps the outbox and the inbox from growing without end (issue 16): on a schedule, deletes published outbox
 * rows older than OUTBOX_RETENTION_HOURS and inbox rows older than INBOX_RETENTION_HOURS, in batches of
 * PRUNE_BATCH_SIZE rows, one short transaction each, so no long lock or giant WAL burst. With several
 * replicas one prunes at a time: each batch first takes a transaction-level advisory lock named after the
 * schema, and a replica that does not get it leaves the round to the one that has (the deletes would be
 * idempotent anyway; the lock only saves the duplicate work).
 */
@Injectable()
export class MessagePruner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MessagePruner.name);
  private readonly loop: WorkerLoop;
  private readonly lockKey: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(MESSAGING_CONFIG) private readonly config: MessagingConfig,
    private readonly metrics: Metrics,
  ) {
    this.lockKey = `${schemaName(dataSource)}.message-pruner`;
    this.loop = new WorkerLoop(
      async () => {
        await this.prune();
        return false;
      },
      { pollMs: config.prune.everyMs, backoff: { baseMs: 1000, capMs: 60_000 }, logger: this.logger, failureMessage: 'pruning the outbox and inbox failed; retrying' },
    );
  }

  onApplicationBootstrap(): void {
    if (this.config.prune.everyMs > 0) this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /**
   * One round: every table pruned down to its retention, or until another replica holds the lock or the app
   * stops. Answers the rows deleted per table.
   */
  async prune(): Promise<Record<PrunedTable['table'], number>> {
    const pruned = { outbox_event: 0, inbox_event: 0 };
    for (const spec of TABLES) {
      for (;;) {
        const deleted = await this.pruneBatch(spec);
        if (deleted === null) return pruned;
        pruned[spec.table] += deleted;
        if (deleted > 0) this.metrics.messagesPruned.inc({ table: spec.table }, deleted);
        if (deleted < this.config.prune.batchSize) break;
      }
    }
    if (pruned.outbox_event + pruned.inbox_event > 0) this.logger.log({ msg: 'outbox and inbox pruned', ...pruned });
    return pruned;
  }

  /** Deletes one batch; null when another replica is pruning this schema now. */
  private pruneBatch(spec: PrunedTable): Promise<number | null> {
    const table = tableOf(this.dataSource, spec.table);
    return runTransaction(this.dataSource, async (manager) => {
      const [{ locked }] = await manager.query(`SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked`, [this.lockKey]);
      if (!locked) return null;
      const rows: Array<{ n: number }> = await manager.query(
        `WITH batch AS (${spec.batch(table)}), gone AS (${spec.delete(table)} RETURNING 1) SELECT count(*)::int AS n FROM gone`,
        [spec.retentionHours(this.config), this.config.prune.batchSize],
      );
      return rows[0].n;
    });
  }
}
