import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { EventEnvelope, LeadConvertedV1, LeadCreatedV1, LeadSourceRowV1, LeadSourcesQueryV1, MarketingEventCreatedV1 } from '@saleswire/contracts';
import { MoneyTotals, round } from '../report/report.model';
import type { DataSource } from 'typeorm';
import { queryNamed, tableOf } from '@saleswire/database';
import { AggregateDelta, combined, LEAD_TABLES, lockLeads, type LeadRecord, type Query, type Statement } from '../deal-fact/deal-aggregates';
import type { EventTransaction } from '@saleswire/messaging';

/** The lead facts read model and the lead-sources report built on it. */
@Injectable()
export class LeadSourceProjection {
  private readonly table: string;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.table = tableOf(dataSource, 'lead_fact');
  }

  /**
   * Records created leads, however many, and the leads' counts with them (`lead_agg_created` and its rollups, ADR
   * 0012 fourth amendment); an event older than what the row holds changes nothing. Of one lead's events in the batch
   * only the highest version is written (on a tie the first, as one event at a time would). As the deal projection
   * does: the batch's leads locked in one order, their facts read, the contributions as they stood taken back and
   * those of the facts as they will stand added, all written by one statement. It writes to the consumer's target,
   * so a rebuild replays into its own tables.
   */
  async applyCreated(events: EventEnvelope<LeadCreatedV1>[], tx: Pick<EventTransaction, 'manager' | 'target'>): Promise<void> {
    const newest = new Map<string, EventEnvelope<LeadCreatedV1>>();
    for (const event of events) {
      const leadId = event.payload.leadId.toLowerCase();
      const held = newest.get(leadId);
      if (!held || held.aggregateVersion < event.aggregateVersion) newest.set(leadId, event);
    }
    const ids = [...newest.keys()].sort();
    const query: Query = (sql, params) => queryNamed(tx.manager, sql, params ?? []);
    const table = (name: string): string => tx.target.table(name);
    await lockLeads(query, ids);
    const held = await this.heldLeads(query, table('lead_fact'), ids);
    const leads = ids.map((id) => newest.get(id)!).filter((event) => (held.get(event.payload.leadId.toLowerCase())?.version ?? 0) < event.aggregateVersion);
    if (leads.length === 0) return;
    const delta = new AggregateDelta(LEAD_TABLES);
    for (const event of leads) {
      const before = held.get(event.payload.leadId.toLowerCase());
      if (before) delta.addLeads([before], -1);
      const p = event.payload;
      delta.addLeads(
        [{ assigneeId: p.assigneeId ?? null, partnerId: p.partnerId ?? null, direction: p.direction, source: p.source, isRepeat: p.isRepeat, createdAt: Date.parse(p.createdAt) }],
        1,
      );
    }
    const column = <T>(pick: (event: EventEnvelope<LeadCreatedV1>) => T): T[] => leads.map(pick);
    const facts: Statement = {
      sql: `INSERT INTO ${table('lead_fact')} AS held
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
       WHERE held.aggregate_version < EXCLUDED.aggregate_version`,
      params: [
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
    };
    // Named, as the other statements of every lead event: a few texts per target (which aggregate tables change).
    const { sql, params } = combined([facts, ...delta.statements(table)]);
    await query(sql, params);
  }

  /** The leads' facts as they stand (their version and what they count in), by lead id (lower case). */
  private async heldLeads(query: Query, facts: string, ids: readonly string[]): Promise<Map<string, LeadRecord & { version: number }>> {
    const rows: Array<{ lead_id: string; aggregate_version: number; assignee_id: string | null; partner_id: string | null; direction: string; source: string; is_repeat: boolean; created_at: Date }> =
      await query(
        `SELECT lead_id, aggregate_version, assignee_id, partner_id, direction, source, is_repeat, created_at FROM ${facts} WHERE lead_id = ANY($1::uuid[])`,
        [ids],
      );
    return new Map(
      rows.map((row) => [
        row.lead_id,
        {
          version: row.aggregate_version,
          assigneeId: row.assignee_id,
          partnerId: row.partner_id,
          direction: row.direction,
          source: row.source,
          isRepeat: row.is_repeat,
          createdAt: row.created_at.getTime(),
        },
      ]),
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
