import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { EventEnvelope, LeadConvertedV1, LeadCreatedV1, LeadSourceRowV1, LeadSourcesQueryV1, MarketingEventCreatedV1 } from '@saleswire/contracts';
import { MoneyTotals, round } from '../report/report.model';
import type { DataSource } from 'typeorm';
import { queryNamed, tableOf } from '@saleswire/database';
import type { EventTransaction } from '@saleswire/messaging';

/** The lead facts read model and the lead-sources report built on it. */
@Injectable()
export class LeadSourceProjection {
  private readonly table: string;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.table = tableOf(dataSource, 'lead_fact');
  }

  /**
   * Records created leads with one statement, however many; an event older than what the row holds changes
   * nothing. Of one lead's events in the batch only the highest version is written (one statement may not
   * update a row twice). It writes to the consumer's target, so a rebuild replays into its own `lead_fact`.
   */
  async applyCreated(events: EventEnvelope<LeadCreatedV1>[], tx: Pick<EventTransaction, 'manager' | 'target'>): Promise<void> {
    const table = tx.target.table('lead_fact');
    const newest = new Map<string, EventEnvelope<LeadCreatedV1>>();
    for (const event of events) {
      const leadId = event.payload.leadId.toLowerCase();
      const held = newest.get(leadId);
      // On a tie the first wins, as it would one event at a time (the row changes only for a newer version).
      if (!held || held.aggregateVersion < event.aggregateVersion) newest.set(leadId, event);
    }
    const leads = [...newest.values()];
    const column = <T>(pick: (event: EventEnvelope<LeadCreatedV1>) => T): T[] => leads.map(pick);
    // Named, as the other statements of every lead event: one text per target table, planned once per connection.
    await queryNamed(
      tx.manager,
      `INSERT INTO ${table}
         (lead_id, aggregate_version, source, direction, segment, marketing_event_id, assignee_id, partner_id,
          status, is_repeat, created_at)
       SELECT lead_id, aggregate_version, source, direction, segment, marketing_event_id, assignee_id, partner_id,
              'new', is_repeat, created_at
         FROM unnest($1::uuid[], $2::integer[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::uuid[],
                     $8::uuid[], $9::boolean[], $10::timestamptz[])
           AS lead (lead_id, aggregate_version, source, direction, segment, marketing_event_id, assignee_id,
                    partner_id, is_repeat, created_at)
       ON CONFLICT (lead_id) DO UPDATE SET
         aggregate_version = EXCLUDED.aggregate_version, source = EXCLUDED.source, direction = EXCLUDED.direction,
         segment = EXCLUDED.segment, marketing_event_id = EXCLUDED.marketing_event_id,
         assignee_id = EXCLUDED.assignee_id, partner_id = EXCLUDED.partner_id, is_repeat = EXCLUDED.is_repeat,
         created_at = EXCLUDED.created_at
       WHERE ${table}.aggregate_version < EXCLUDED.aggregate_version`,
      [
        column((event) => event.payload.leadId),
        column((event) => event.aggregateVersion),
        column((event) => event.payload.source),
        column((event) => event.payload.direction),
        column((event) => event.payload.segment),
        column((event) => event.payload.marketingEventId ?? null),
        column((event) => event.payload.assigneeId ?? null),
        column((event) => event.payload.partnerId ?? null),
        column((event) => event.payload.isRepeat),
        column((event) => event.payload.createdAt),
      ],
    );
  }

  /** A lead's conversion, written once: its deal and when (a copy or a replay changes nothing). */
  async applyConverted(event: EventEnvelope<LeadConvertedV1>, tx: Pick<EventTransaction, 'manager' | 'target'>): Promise<void> {
    const p = event.payload;
    await queryNamed(
      tx.manager,
      `INSERT INTO ${tx.target.table('lead_conversion')} (lead_id, deal_id, converted_at) VALUES ($1, $2, $3) ON CONFLICT (lead_id) DO NOTHING`,
      [p.leadId, p.dealId, p.convertedAt],
    );
  }

  /** A marketing event's cost, by version. */
  async applyMarketingEvent(event: EventEnvelope<MarketingEventCreatedV1>, tx: Pick<EventTransaction, 'manager' | 'target'>): Promise<void> {
    const p = event.payload;
    await queryNamed(
      tx.manager,
      `INSERT INTO ${tx.target.table('marketing_event_fact')} AS held (marketing_event_id, aggregate_version, event_id, cost, currency, last_event_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (marketing_event_id) DO UPDATE SET
         cost = CASE WHEN (EXCLUDED.aggregate_version, EXCLUDED.event_id) > (held.aggregate_version, held.event_id) THEN EXCLUDED.cost ELSE held.cost END,
         currency = CASE WHEN (EXCLUDED.aggregate_version, EXCLUDED.event_id) > (held.aggregate_version, held.event_id) THEN EXCLUDED.currency ELSE held.currency END,
         event_id = CASE WHEN (EXCLUDED.aggregate_version, EXCLUDED.event_id) > (held.aggregate_version, held.event_id) THEN EXCLUDED.event_id ELSE held.event_id END,
         aggregate_version = GREATEST(held.aggregate_version, EXCLUDED.aggregate_version),
         last_event_at = GREATEST(held.last_event_at, EXCLUDED.last_event_at)`,
      [p.marketingEventId, event.aggregateVersion, event.eventId, p.cost, p.currency, event.occurredAt],
    );
  }

  /**
   * Per source and marketing event, the leads created within [from, to) (and by `asOf`): how many, how many were
   * converted, the deals opened from them that were won and their amounts, the event's cost and the return on it.
   */
  async leadSources(query: LeadSourcesQueryV1): Promise<LeadSourceRowV1[]> {
    const at = query.asOf ? new Date(Math.min(Date.parse(query.asOf), Date.now())) : new Date();
    const leads = `SELECT lead_id, source, marketing_event_id FROM ${this.table}
                    WHERE created_at <= $3 AND ($1::timestamptz IS NULL OR created_at >= $1) AND ($2::timestamptz IS NULL OR created_at < $2)`;
    const params = [query.from ?? null, query.to ?? null, at];
    const [counts, wins, costs]: [
      Array<{ source: LeadSourceRowV1['source']; marketing_event_id: string | null; leads: number; converted: number }>,
      Array<{ source: string; marketing_event_id: string | null; currency: string | null; won: number; revenue: string | null }>,
      Array<{ marketing_event_id: string; cost: string | null; currency: string | null }>,
    ] = await Promise.all([
      this.dataSource.query(
        `WITH leads AS (${leads})
         SELECT l.source, l.marketing_event_id, count(*)::int AS leads, count(c.lead_id)::int AS converted
           FROM leads l LEFT JOIN ${tableOf(this.dataSource, 'lead_conversion')} c ON c.lead_id = l.lead_id AND c.converted_at <= $3
          GROUP BY l.source, l.marketing_event_id
          ORDER BY count(*) DESC, l.source, l.marketing_event_id NULLS FIRST`,
        params,
      ),
      this.dataSource.query(
        `WITH leads AS (${leads})
         SELECT l.source, l.marketing_event_id, d.currency, count(*)::int AS won, sum(d.amount)::text AS revenue
           FROM leads l JOIN ${tableOf(this.dataSource, 'deal_fact')} d ON d.lead_id = l.lead_id
          WHERE d.won_at <= $3
          GROUP BY l.source, l.marketing_event_id, d.currency`,
        params,
      ),
      this.dataSource.query(`SELECT marketing_event_id, cost::text AS cost, currency FROM ${tableOf(this.dataSource, 'marketing_event_fact')}`),
    ]);
    const key = (source: string, event: string | null): string => `${source}|${event ?? ''}`;
    const won = new Map<string, { count: number; revenue: MoneyTotals }>();
    for (const row of wins) {
      const held = won.get(key(row.source, row.marketing_event_id)) ?? { count: 0, revenue: new MoneyTotals() };
      held.count += row.won;
      held.revenue.add(row.currency, row.revenue === null ? null : Number(row.revenue));
      won.set(key(row.source, row.marketing_event_id), held);
    }
    const costOf = new Map(costs.map((row) => [row.marketing_event_id, row]));
    return counts.map((row) => {
      const returns = won.get(key(row.source, row.marketing_event_id)) ?? { count: 0, revenue: new MoneyTotals() };
      const spent = row.marketing_event_id ? costOf.get(row.marketing_event_id) : undefined;
      const cost = spent?.cost != null && spent.currency ? { currency: spent.currency, value: Number(spent.cost) } : null;
      return {
        source: row.source,
        marketingEventId: row.marketing_event_id,
        leads: row.leads,
        converted: row.converted,
        won: returns.count,
        revenue: returns.revenue.toList(),
        cost,
        roi: cost && cost.value > 0 ? round((returns.revenue.get(cost.currency) - cost.value) / cost.value, 4) : null,
      };
    });
  }
}
