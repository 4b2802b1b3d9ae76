import { migrateSchema } from '@saleswire/database';
import { Metrics } from '@saleswire/observability';
import { DataSource } from 'typeorm';
import { messagingConfigFromEnv } from '../messaging.config';
import { MESSAGING_MIGRATIONS } from '../outbox/outbox-batches.migration';
import { MessagePruner } from './message-pruner';

// libs/testing depends on this lib, so this suite sets up its own schema.
const SCHEMA = `messaging_prune_${process.env.MESSAGING_NAMESPACE}`.toLowerCase();

describe('message pruner: the outbox and the inbox kept to their retention (real PostgreSQL)', () => {
  let dataSource: DataSource;
  const config = messagingConfigFromEnv(
    { OUTBOX_RETENTION_HOURS: '72', INBOX_RETENTION_HOURS: '168', PRUNE_BATCH_SIZE: '7', PRUNE_EVERY_MS: '0' },
    'prune-spec',
  );

  /** `count` outbox rows created and published `hoursAgo`, or never published when `published` is false. */
  async function outboxRows(count: number, hoursAgo: number, published = true): Promise<void> {
    await dataSource.query(
      `INSERT INTO "${SCHEMA}".outbox_event (id, subject, envelope, created_at, published_at)
       SELECT gen_random_uuid(), 'evt.test.thing.done.v1', '{}'::jsonb, now() - make_interval(hours => $2),
              CASE WHEN $3 THEN now() - make_interval(hours => $2) END
         FROM generate_series(1, $1)`,
      [count, hoursAgo, published],
    );
  }

  async function inboxRows(count: number, hoursAgo: number): Promise<void> {
    await dataSource.query(
      `INSERT INTO "${SCHEMA}".inbox_event (event_id, consumer, subject, received_at)
       SELECT gen_random_uuid(), 'spec__TEST_EVENTS', 'evt.test.thing.done.v1', now() - make_interval(hours => $2) FROM generate_series(1, $1)`,
      [count, hoursAgo],
    );
  }

  async function counts(): Promise<{ outbox: number; unpublished: number; inbox: number }> {
    const [row] = await dataSource.query(
      `SELECT (SELECT count(*)::int FROM "${SCHEMA}".outbox_event) AS outbox,
              (SELECT count(*)::int FROM "${SCHEMA}".outbox_event WHERE published_at IS NULL) AS unpublished,
              (SELECT count(*)::int FROM "${SCHEMA}".inbox_event) AS inbox`,
    );
    return row;
  }

  async function prunedMetric(metrics: Metrics, table: string): Promise<number> {
    const values = (await metrics.messagesPruned.get()).values;
    return values.find((value) => value.labels.table === table)?.value ?? 0;
  }

  beforeAll(async () => {
    dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, schema: SCHEMA, migrations: MESSAGING_MIGRATIONS });
    await dataSource.initialize();
    await migrateSchema(dataSource);
  });

  beforeEach(async () => {
    await dataSource.query(`TRUNCATE "${SCHEMA}".outbox_event, "${SCHEMA}".inbox_event`);
  });

  afterAll(async () => {
    await dataSource.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
    await dataSource.destroy();
  });

  it('should delete published outbox rows and inbox rows past their retention, in batches, and count them', async () => {
    await outboxRows(20, 100); // published 100 h ago: past 72 h
    await outboxRows(5, 10); // published 10 h ago: kept
    await outboxRows(3, 500, false); // never published: kept however old
    await inboxRows(16, 200); // past 168 h
    await inboxRows(4, 100); // kept: a redelivery may still come
    const metrics = new Metrics('prune-spec');
    const pruner = new MessagePruner(dataSource, config, metrics);

    const pruned = await pruner.prune();

    expect(pruned).toEqual({ outbox_event: 20, inbox_event: 16 });
    expect(await counts()).toEqual({ outbox: 8, unpublished: 3, inbox: 4 });
    expect(await prunedMetric(metrics, 'outbox_event')).toBe(20);
    expect(await prunedMetric(metrics, 'inbox_event')).toBe(16);
  });

  it('should leave the round to the replica pruning already when two prune the same schema at once, deleting each row once', async () => {
    await outboxRows(30, 100);
    await inboxRows(30, 200);
    const a = new MessagePruner(dataSource, config, new Metrics('prune-spec-a'));
    const b = new MessagePruner(dataSource, config, new Metrics('prune-spec-b'));

    const rounds = await Promise.all([a.prune(), b.prune(), a.prune()]);
    // Whatever the interleaving, a last round finds what the skipped ones left.
    rounds.push(await b.prune());

    const total = (table: 'outbox_event' | 'inbox_event'): number => rounds.reduce((sum, round) => sum + round[table], 0);
    expect({ outbox: total('outbox_event'), inbox: total('inbox_event') }).toEqual({ outbox: 30, inbox: 30 });
    expect(await counts()).toEqual({ outbox: 0, unpublished: 0, inbox: 0 });
  });

  it('should prune nothing of another replica while that replica holds the schema lock', async () => {
    await outboxRows(5, 100);
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`${SCHEMA}.message-pruner`]);
      const pruned = await new MessagePruner(dataSource, config, new Metrics('prune-spec-c')).prune();
      expect(pruned).toEqual({ outbox_event: 0, inbox_event: 0 });
      expect((await counts()).outbox).toBe(5);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    expect(await new MessagePruner(dataSource, config, new Metrics('prune-spec-d')).prune()).toEqual({ outbox_event: 5, inbox_event: 0 });
  });

  it('should remember applied events by default far longer than the streams drop re-published duplicates (2 minutes)', () => {
    const defaults = messagingConfigFromEnv({}, 'prune-spec');
    expect(defaults.inbox.retentionHours).toBe(168);
    expect(defaults.inbox.retentionHours * 3600).toBeGreaterThan(120);
    expect(defaults.prune).toEqual({ everyMs: 600_000, batchSize: 5000 });
  });
});
