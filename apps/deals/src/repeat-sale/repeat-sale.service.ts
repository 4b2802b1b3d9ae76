import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type ActorV1, REPEAT_SALE_DUE_V1, type RepeatSaleDueRowV1, SYSTEM_ACTOR } from '@saleswire/contracts';
import { schemaOf } from '@saleswire/database';
import { Outbox, type OutboxTransaction } from '@saleswire/messaging';
import type { DataSource } from 'typeorm';
import { REPEAT_SALES_CONFIG } from '../common/deals-settings.module';
import { customerScope } from '../common/record-scope';
import type { RepeatSalesConfig } from '../config';
import { CustomerEntity } from '../customer/customer.entity';
import { DealEntity } from '../deal/deal.entity';
import { DealOpener } from '../deal/deal.opener';
import type { PurchaseListener } from '../deal/deal.ports';
import { isDue, rhythmOf, type Rhythm } from './repeat-rhythm.policy';

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
  private timer?: NodeJS.Timeout;
  private scanning?: Promise<void>;

  constructor(
    private readonly outbox: Outbox,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly opener: DealOpener,
    @Inject(REPEAT_SALES_CONFIG) private readonly config: RepeatSalesConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.enabled || this.config.checkIntervalMs === 0) return;
    this.timer = setInterval(() => {
      this.scanning ??= this.scan()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.warn({ msg: 'repeat-sales scan failed', error: (error as Error).message }))
        .finally(() => (this.scanning = undefined));
    }, this.config.checkIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.scanning;
  }

  async purchased(customerId: string): Promise<void> {
    await this.checkCustomer(customerId);
  }

  /** Checks every customer with a rhythm; answers the ids of the repeat deals it opened. */
  async scan(now = new Date()): Promise<string[]> {
    const rows: Array<{ customer_id: string }> = await this.dataSource.query(
      `SELECT customer_id FROM ${this.schema}.deal WHERE status = 'won' AND won_at IS NOT NULL
        GROUP BY customer_id HAVING count(DISTINCT (won_at AT TIME ZONE 'UTC')::date) >= 2`,
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
    const scope = customerScope(actor, 'c', this.schema);
    const qb = this.dataSource
      .createQueryBuilder()
      .select('d.customer_id', 'customer_id')
      .addSelect('c.owner_id', 'owner_id')
      .addSelect('array_agg(d.won_at ORDER BY d.won_at)', 'won_at')
      .from(DealEntity, 'd')
      .innerJoin(CustomerEntity, 'c', 'c.id = d.customer_id')
      .where(`d.status = 'won' AND d.won_at IS NOT NULL`)
      .groupBy('d.customer_id')
      .addGroupBy('c.owner_id');
    if (scope) qb.andWhere(scope.sql, scope.params);
    const rows: Array<{ customer_id: string; owner_id: string | null; won_at: Date[] | string }> = await qb.getRawMany();
    const due: Array<{ customerId: string; ownerId: string | null; rhythm: Rhythm }> = [];
    for (const row of rows) {
      const rhythm = rhythmOf(parseDates(row.won_at));
      if (rhythm && isDue(rhythm, now, withinDays)) due.push({ customerId: row.customer_id, ownerId: row.owner_id, rhythm });
    }
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

/** pg returns a timestamptz[] as Date[]; through some drivers it comes as the text form `{"...","..."}`. */
function parseDates(value: Date[] | string): Date[] {
  if (Array.isArray(value)) return value.map((item) => new Date(item));
  return value
    .replace(/^\{|\}$/g, '')
    .split(',')
    .filter(Boolean)
    .map((item) => new Date(item.replace(/"/g, '')));
}
