import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type ActorV1, REPEAT_SALE_DUE_V1, type RepeatSaleDueRowV1, SYSTEM_ACTOR } from '@saleswire/contracts';
import { schemaName, schemaOf, withNamedStatements } from '@saleswire/database';
import { Outbox, type OutboxTransaction, WorkerLoop } from '@saleswire/messaging';
import type { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { REPEAT_SALES_CONFIG } from '../common/deals-settings.module';
import { customerScope } from '../common/record-scope';
import type { RepeatSalesConfig } from '../config';
import { CustomerEntity } from '../customer/customer.entity';
import { DealEntity } from '../deal/deal.entity';
import { DealOpener } from '../deal/deal.opener';
import type { PurchaseListener } from '../deal/deal.ports';
import { CustomerRhythmStore, rhythmOfRow } from './customer-rhythm.store';
import { isDue, rhythmOf } from './repeat-rhythm.policy';

const DAY_MS = 86_400_000;

/**
 * The repeat-sales rhythm: learns when each customer buys again and opens a repeat deal for its owner
 * `leadDays` before the expected purchase — once per customer and expected purchase, however many replicas
 * check at the same time (an advisory lock per customer, and the `repeat_sale` primary key behind it). Checked
 * as soon as a purchase is made (it is the deals' purchase listener), and again on a schedule for what that missed.
 */
@Injectable()
export class RepeatSaleService implements PurchaseListener, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RepeatSaleService.name);
  private readonly sweep: WorkerLoop;
  private readonly rhythms = new CustomerRhythmStore();

  constructor(
    private readonly outbox: Outbox,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly opener: DealOpener,
    @Inject(REPEAT_SALES_CONFIG) private readonly config: RepeatSalesConfig,
  ) {
    this.sweep = WorkerLoop.every(this.config.checkIntervalMs, () => this.scan(), { logger: this.logger, failureMessage: 'repeat-sales scan failed; retrying' });
  }

  onApplicationBootstrap(): void {
    if (!this.config.enabled || this.config.checkIntervalMs === 0) return;
    this.sweep.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.sweep.stop();
  }

  /** Keeps the customer's rhythm with the win, in the winning transaction. */
  async recordPurchase(manager: EntityManager, customerId: string): Promise<void> {
    await this.rhythms.refresh(manager, customerId);
  }

  async purchased(customerId: string): Promise<void> {
    await this.checkCustomer(customerId);
  }

  /** Checks every customer whose next purchase is due; answers the ids of the repeat deals it opened. */
  async scan(now = new Date()): Promise<string[]> {
    const rows: Array<{ customer_id: string }> = await this.dataSource.query(
      `SELECT customer_id FROM ${this.schema}.customer_rhythm WHERE next_expected_at <= $1::timestamptz + make_interval(days => $2)`,
      [now, this.config.leadDays],
    );
    const opened: string[] = [];
    for (const { customer_id } of rows) {
      const dealId = await this.checkCustomer(customer_id, now);
      if (dealId) opened.push(dealId);
    }
    return opened;
  }

  /** Opens the customer's repeat deal if its next purchase is due and none was opened for it; answers its id. */
  async checkCustomer(customerId: string, now = new Date()): Promise<string | null> {
    if (!this.config.enabled) return null;
    return this.outbox.transaction((tx) => this.checkIn(tx, customerId, now));
  }

  /** `GET /repeat-sales/due?withinDays=`: customers in the caller's scope whose next purchase is that close. */
  async due(withinDays: number, actor: ActorV1, now = new Date()): Promise<RepeatSaleDueRowV1[]> {
    // One shape per scope, named: PostgreSQL keeps planning it for its day when a generic plan of the range looks dearer.
    const rows: Array<{ customer_id: string; owner_id: string | null } & Parameters<typeof rhythmOfRow>[0]> = await withNamedStatements(this.dataSource, (runner) =>
      this.dueQuery(withinDays, actor, now).setQueryRunner(runner).getRawMany(),
    );
    const due = rows
      .map((row) => ({ customerId: row.customer_id, ownerId: row.owner_id, rhythm: rhythmOfRow(row) }))
      .filter((entry) => isDue(entry.rhythm, now, withinDays));
    const opened = await this.openedFor(due.map((entry) => [entry.customerId, entry.rhythm.nextExpectedAt]));
    return due
      .sort((a, b) => a.rhythm.nextExpectedAt.getTime() - b.rhythm.nextExpectedAt.getTime() || a.customerId.localeCompare(b.customerId))
      .map(({ customerId, ownerId, rhythm }) => ({
        customerId,
        ownerId,
        lastPurchaseAt: rhythm.lastPurchaseAt.toISOString(),
        purchases: rhythm.purchases,
        medianIntervalDays: rhythm.medianIntervalDays,
        nextExpectedAt: rhythm.nextExpectedAt.toISOString(),
        dealId: opened.get(`${customerId}|${isoDay(rhythm.nextExpectedAt)}`) ?? null,
      }));
  }

  /** The rows `due` reads, in the caller's scope: what the plan test explains. */
  dueQuery(withinDays: number, actor: ActorV1, now: Date): SelectQueryBuilder<object> {
    const scope = customerScope(actor, 'c', this.schema);
    // The maintained rhythms (customer_rhythm), by the index on the expected day: no aggregation of won deals.
    const qb = this.dataSource
      .createQueryBuilder()
      .select(['r.customer_id AS customer_id', 'c.owner_id AS owner_id', 'r.purchases AS purchases', 'r.last_purchase_at AS last_purchase_at'])
      .addSelect(['r.median_interval_days AS median_interval_days', 'r.next_expected_at AS next_expected_at'])
      .from(`${schemaName(this.dataSource)}.customer_rhythm`, 'r')
      .innerJoin(CustomerEntity, 'c', 'c.id = r.customer_id')
      .where('r.next_expected_at <= :until', { until: new Date(now.getTime() + withinDays * DAY_MS) });
    if (scope) qb.andWhere(scope.sql, scope.params);
    return qb;
  }

  private async checkIn(tx: OutboxTransaction, customerId: string, now: Date): Promise<string | null> {
    const manager = tx.manager;
    // Replicas checking the same customer take turns; the second then finds the first one's repeat deal.
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`deals.repeat-sale.${customerId}`]);
    const won = await manager.find(DealEntity, { where: { customerId, status: 'won' }, order: { wonAt: 'ASC', id: 'ASC' } });
    const rhythm = rhythmOf(won.flatMap((deal) => (deal.wonAt ? [deal.wonAt] : [])));
    if (!rhythm || !isDue(rhythm, now, this.config.leadDays)) return null;
    const expectedDay = isoDay(rhythm.nextExpectedAt);
    const taken = await manager.query(`SELECT 1 FROM ${this.schema}.repeat_sale WHERE customer_id = $1 AND expected_at = $2`, [customerId, expectedDay]);
    if (taken.length) return null;

    const customer = await manager.findOneByOrFail(CustomerEntity, { id: customerId });
    const last = won[won.length - 1];
    const { deal } = await this.opener.open(
      tx,
      {
        title: `Repeat purchase: ${customer.name}`,
        customerId,
        amount: last.amount,
        currency: last.currency?.trim() ?? null,
        type: last.type,
        channel: 'direct',
        ownerId: customer.ownerId ?? last.ownerId,
        expectedCloseDate: expectedDay,
        isRepeat: true,
      },
      SYSTEM_ACTOR,
    );
    const [{ n }]: Array<{ n: number }> = await manager.query(
      `WITH inserted AS (INSERT INTO ${this.schema}.repeat_sale (customer_id, expected_at, deal_id) VALUES ($1, $2, $3) RETURNING 1)
       SELECT (SELECT count(*) FROM ${this.schema}.repeat_sale WHERE customer_id = $1)::int + 1 AS n FROM inserted`,
      [customerId, expectedDay, deal.id],
    );
    tx.emit(REPEAT_SALE_DUE_V1, {
      aggregateId: customerId,
      aggregateVersion: n, // the customer's n-th expected purchase: increasing per customer
      actor: SYSTEM_ACTOR,
      payload: {
        customerId,
        ownerId: deal.ownerId,
        dealId: deal.id,
        purchases: rhythm.purchases,
        lastPurchaseAt: rhythm.lastPurchaseAt.toISOString(),
        medianIntervalDays: rhythm.medianIntervalDays,
        nextExpectedAt: rhythm.nextExpectedAt.toISOString(),
      },
    });
    this.logger.log({ msg: 'repeat deal opened', customerId, dealId: deal.id, expectedAt: expectedDay });
    return deal.id;
  }

  private async openedFor(keys: Array<[string, Date]>): Promise<Map<string, string>> {
    if (keys.length === 0) return new Map();
    const rows: Array<{ customer_id: string; expected_at: string; deal_id: string }> = await this.dataSource.query(
      `SELECT customer_id, to_char(expected_at, 'YYYY-MM-DD') AS expected_at, deal_id FROM ${this.schema}.repeat_sale
        WHERE customer_id = ANY($1::uuid[])`,
      [keys.map(([customerId]) => customerId)],
    );
    return new Map(rows.map((row) => [`${row.customer_id}|${row.expected_at}`, row.deal_id]));
  }

  private get schema(): string {
    return schemaOf(this.dataSource);
  }
}

function isoDay(date: Date): string {
  return new Date(Math.floor(date.getTime() / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}
