import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { ALL_PRODUCERS, durableName, streamOf } from '@saleswire/contracts';
import { analyseGrownTables, queryNamed, schemaName } from '@saleswire/database';
import { EventConsumerFactory, EventTarget, MESSAGING_CONFIG, NATS_CONNECTION, Namespace, sleep, type EventConsumer, type MessagingConfig } from '@saleswire/messaging';
import { Metrics } from '@saleswire/observability';
import type { DataSource } from 'typeorm';
import { AGGREGATE_TABLES } from '../deal-fact/deal-aggregates';
import { sumFromFacts } from './sums-from-facts';

/** The tables built only from events: what a rebuild replaces. Sales plans are reporting's own data and stay. */
export const PROJECTED_TABLES = [
  'lead_fact',
  'lead_conversion',
  'marketing_event_fact',
  'deal_fact',
  'deal_stage_entry',
  'deal_fact_history',
  'pipeline_stage',
  'registration_fact',
  'commission_fact',
  'lead_offer_fact',
  // The newest event each kind of facts has projected (`dataAsOf`).
  'fact_freshness',
  // The pre-aggregated rows of the deals and their rollups (ADR 0012, amended), kept by the deal projection beside the facts.
  ...AGGREGATE_TABLES.map((table) => table.table),
];

const NEXT = 'next_';
const OLD = 'old_';
/**
 * Only one rebuild of a schema's read models at a time, whatever the number of replicas or operators; read models
 * in other schemas of the server (another deployment's, another suite's) rebuild on their own.
 */
const rebuildLock = (schema: string): string => `saleswire.reporting.rebuild:${schema}`;

export interface RebuildOptions {
  /** Identity of the replay's durables and inbox rows; a fresh one each run, so that it replays from the start. */
  name?: string;
  /** How often to look whether the replay has caught up (and whether a new table has grown enough to analyse). */
  pollMs?: number;
  /** The pages (8 kB) a new table has before it is first analysed (8); then again each time it has doubled. */
  analyseFromPages?: number;
  /**
   * Starts the other replayers of the first pass (`REBUILD_WORKERS`; rebuild.ts forks them), each a consumer of the
   * replay's durables (`replayFacts`) that pulls from them as a replica does and writes facts with no lock, so the
   * pass uses as many cores as there are replayers. Each is stopped once the replay has caught up, before the sums.
   */
  replayers?: (name: string) => Promise<Replayer[]>;
}

/** Another consumer replaying a rebuild's facts beside the rebuild's own (`ReadModelRebuild.replayFacts`): rebuild.ts forks a process for each. */
export interface Replayer {
  /** Resolves, with how many events it applied, once it has applied and acknowledged those in its hands and stopped pulling. */
  stop(): Promise<number>;
}

/**
 * Starts a consumer and resolves once it has attached to every stream (its first pulls waiting), so that a replayer
 * started before the rebuild's own consumer takes its share from the first events on.
 */
export async function startAttached(consumer: EventConsumer, pollMs = 20): Promise<void> {
  await consumer.start();
  while (!Number.isFinite(await consumer.pending())) await sleep(pollMs);
}

/** The name a rebuild's own counts go by (`Metrics`), apart from the service's. */
export const REBUILD_METRICS = 'reporting-rebuild';

/** The events a consumer counting into `metrics` applied (each event once a delivery). */
export async function appliedIn(metrics: Metrics): Promise<number> {
  const { values } = await metrics.eventsConsumed.get();
  return values.filter(({ labels }) => labels.outcome === 'applied').reduce((sum, { value }) => sum + value, 0);
}

/**
 * Rebuilds the read models without stopping them (ADR 0012): replays every stream from its start into `next_*`
 * tables while the live ones keep answering and consuming — the facts first, their sums computed once, then what
 * arrived meanwhile as the live consumers apply it —; swaps the tables in one transaction; then lets the
 * replay's durable catch up on the now-live tables (facts are idempotent, so an event both consumers apply counts
 * once) before it drops the old tables and forgets the replay's durables and inbox rows.
 */
@Injectable()
export class ReadModelRebuild {
  private readonly logger = new Logger('ReadModelRebuild');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly consumers: EventConsumerFactory,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(MESSAGING_CONFIG) private readonly config: MessagingConfig,
  ) {}

  async run(options: RebuildOptions = {}): Promise<{ events: number; seconds: number }> {
    const name = options.name ?? `reporting_rebuild_${Date.now()}`;
    const schema = schemaName(this.dataSource);
    const lock = this.dataSource.createQueryRunner();
    await lock.connect();
    try {
      const [{ locked }] = await lock.query(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [rebuildLock(schema)]);
      if (!locked) throw new Error('another rebuild of the read models is running');
      const started = Date.now();
      await this.createNextTables(schema);
      this.logger.log(`replaying every stream into ${schema}.${NEXT}* as ${name}`);
      // The new tables analysed as they grow: the replay's named statements would otherwise keep the plans they made
      // for empty tables, a scan of every row for each key, until autovacuum came by (never, on a server without it).
      const nextTables = PROJECTED_TABLES.map((table) => `${NEXT}${table}`);
      const analyse = (): Promise<unknown> =>
        analyseGrownTables(this.dataSource, schema, nextTables, options.analyseFromPages).catch((error: unknown) =>
          // Statistics are an optimisation: the replay goes on without them, and the next look tries again.
          this.logger.warn({ msg: 'ANALYZE of the rebuilt tables failed; retrying at the next look', error: (error as Error).message }),
        );
      // First the facts alone (ADR 0012, twentieth amendment): a deal's sums would otherwise move at each of its
      // events, some twenty rows each; summed once from the facts, each deal is counted once.
      const next = new EventTarget(schema, NEXT);
      // The rebuild's own count of what it applied: its first pass records no inbox rows to count.
      const counted = new Metrics(REBUILD_METRICS);
      const byReplayers = await this.untilCaughtUp(this.replayFacts(name, counted), options.pollMs, analyse, options.replayers);
      const summing = Date.now();
      this.logger.log(`facts replayed in ${((summing - started) / 1000).toFixed(1)} s; summing them`);
      const summed = await sumFromFacts(
        (sql, params) => queryNamed(this.dataSource, sql, params ?? []),
        (table) => next.table(table),
      );
      this.logger.log(
        `summed ${summed.deals} deals, ${summed.leads} leads and ${summed.partnerRecords} partner records from the facts in ${((Date.now() - summing) / 1000).toFixed(1)} s`,
      );
      await analyse();
      // Then, as the live consumers apply them, the events that arrived while the sums were being computed.
      await this.untilCaughtUp(this.consumers.create({ name, target: next, metrics: counted }), options.pollMs, analyse);
      await this.swap(schema);
      this.logger.log('switched to the rebuilt tables; catching up on what arrived meanwhile');
      await this.untilCaughtUp(this.consumers.create({ name, target: new EventTarget(schema), metrics: counted }), options.pollMs);
      const events = (await appliedIn(counted)) + byReplayers;
      await this.forget(schema, name);
      const seconds = (Date.now() - started) / 1000;
      this.logger.log(`rebuilt from ${events} events in ${seconds.toFixed(1)} s`);
      return { events, seconds };
    } finally {
      await lock.query(`SELECT pg_advisory_unlock(hashtext($1))`, [rebuildLock(schema)]).catch(() => undefined);
      await lock.release();
    }
  }

  /**
   * A consumer of a rebuild's first pass: every stream from its start, the facts alone into the `next_*` tables. Any
   * number share the rebuild's durables (`name`); their statements take no lock, so they do not wait for one another.
   * Its outcomes are counted in `metrics` (the service's by default).
   */
  replayFacts(name: string, metrics?: Metrics): EventConsumer {
    return this.consumers.create({ name, target: new EventTarget(schemaName(this.dataSource), NEXT, true), metrics });
  }

  /**
   * Empty copies of the live tables (columns, defaults, generated columns, keys and indexes) with their storage
   * parameters, which `LIKE` leaves behind: deal_fact's fill factor keeps its updates HOT (migration 1766700000000).
   */
  private async createNextTables(schema: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      for (const table of PROJECTED_TABLES) {
        const [{ options }]: Array<{ options: string[] | null }> = await manager.query(
          `SELECT c.reloptions AS options FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2`,
          [schema, table],
        );
        const storage = options?.length ? ` WITH (${options.join(', ')})` : '';
        await manager.query(`DROP TABLE IF EXISTS "${schema}".${NEXT}${table}`);
        await manager.query(`CREATE TABLE "${schema}".${NEXT}${table} (LIKE "${schema}".${table} INCLUDING ALL)${storage}`);
      }
    });
  }

  /**
   * Runs the consumer (and the `replayers` beside it on its durables, started first so that each takes a share)
   * until nothing is pending for them, doing `meanwhile` at each look and once more at the end; resolves once every
   * one of them has stopped. Answers how many events the replayers applied.
   */
  private async untilCaughtUp(
    consumer: EventConsumer,
    pollMs = 200,
    meanwhile?: () => Promise<unknown>,
    replayers?: (name: string) => Promise<Replayer[]>,
  ): Promise<number> {
    const others = (await replayers?.(consumer.identity.name)) ?? [];
    let applied = 0;
    try {
      await consumer.start();
      while ((await consumer.pending()) > 0) {
        await new Promise((resolve) => setTimeout(resolve, pollMs));
        await meanwhile?.();
      }
    } finally {
      const [, ...shares] = await Promise.all([consumer.stop(), ...others.map((other) => other.stop())]);
      applied = shares.reduce((sum, share) => sum + share, 0);
    }
    // A replay quicker than a look (or the tables' last doubling) still leaves statistics for the tables' full size.
    await meanwhile?.();
    return applied;
  }

  /**
   * The switch: renames under an exclusive lock in one transaction, so a report reads either every old table or
   * every new one; a live write in flight finishes first (into the old table, and the catch-up applies it again).
   */
  private async swap(schema: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`LOCK TABLE ${PROJECTED_TABLES.map((table) => `"${schema}".${table}`).join(', ')} IN ACCESS EXCLUSIVE MODE`);
      for (const table of PROJECTED_TABLES) {
        await manager.query(`DROP TABLE IF EXISTS "${schema}".${OLD}${table}`);
        await manager.query(`ALTER TABLE "${schema}".${table} RENAME TO ${OLD}${table}`);
        await manager.query(`ALTER TABLE "${schema}".${NEXT}${table} RENAME TO ${table}`);
      }
    });
  }

  private async forget(schema: string, name: string): Promise<void> {
    for (const table of PROJECTED_TABLES) await this.dataSource.query(`DROP TABLE IF EXISTS "${schema}".${OLD}${table}`);
    await this.dataSource.query(`DELETE FROM "${schema}".inbox_event WHERE consumer = $1`, [name]);
    const jsm = await jetstreamManager(this.nc);
    const ns = new Namespace(this.config.namespace);
    for (const producer of ALL_PRODUCERS) {
      await jsm.consumers.delete(ns.stream(streamOf(producer).name), durableName(name, producer)).catch(() => false);
    }
  }
}
