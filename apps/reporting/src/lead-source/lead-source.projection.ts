import { Injectable } from '@nestjs/common';
import type { EventEnvelope, LeadConvertedV1, LeadCreatedV1, MarketingEventCreatedV1 } from '@saleswire/contracts';
import { queryNamed } from '@saleswire/database';
import { AggregateDelta, combined, LEAD_TABLES, leadRecordOf, lockLeads, readLeads, type Query, type Statement } from '../deal-fact/deal-aggregates';
import type { EventTransaction } from '@saleswire/messaging';

/** Runs a transaction's statements named (fixed texts: each planned once per connection). */
const namedQuery =
  (tx: Pick<EventTransaction, 'manager'>): Query =>
  (sql, params) =>
    queryNamed(tx.manager, sql, params ?? []);

/** The lead facts read model: leads, their conversions, marketing events' costs, and the leads' counts (ADR 0012). */
@Injectable()
export class LeadSourceProjection {
  /**
   * Records created leads, however many, and the leads' counts with them (`lead_agg_created` and its rollups, ADR
   * 0012 fourth amendment); an event older than what the row holds changes nothing. Of one lead's events in the batch
   * only the highest version is written (on a tie the first, as one event at a time would). As the deal projection
   * does: the batch's leads locked in one order, their facts read (with their conversion and won deals), the
   * contributions as they stood taken back and those of the facts as they will stand added, all written by one
   * statement. It writes to the consumer's target, so a rebuild replays into its own tables.
   */
  async applyCreated(events: readonly EventEnvelope<LeadCreatedV1>[], tx: Pick<EventTransaction, 'manager' | 'target'>): Promise<void> {
    const newest = new Map<string, EventEnvelope<LeadCreatedV1>>();
    for (const event of events) {
      const leadId = event.payload.leadId.toLowerCase();
      const held = newest.get(leadId);
      if (!held || held.aggregateVersion < event.aggregateVersion) newest.set(leadId, event);
    }
    const ids = [...newest.keys()].sort();
    const query = namedQuery(tx);
    const table = (name: string): string => tx.target.table(name);
    if (tx.target.sumsDeferred) {
      // A rebuild's first pass: the facts alone, with no lock (the upsert keeps the highest version); the counts are
      // computed from the facts once the replay has caught up (sums-from-facts.ts).
      const { sql, params } = leadFacts(ids.map((id) => newest.get(id)!), table);
      await query(sql, params);
      return;
    }
    await lockLeads(query, ids);
    const held = await readLeads(query, table, ids);
    const leads = ids.map((id) => newest.get(id)!).filter((event) => (held.get(event.payload.leadId.toLowerCase())?.fact?.version ?? 0) < event.aggregateVersion);
    if (leads.length === 0) return;
    const delta = new AggregateDelta(LEAD_TABLES);
    for (const event of leads) {
      const p = event.payload;
      const state = held.get(p.leadId.toLowerCase())!;
      // The conversion and the won deals (which may have come first) stay as they are: only the lead's own attributes change.
      const facts = { assigneeId: p.assigneeId ?? null, partnerId: p.partnerId ?? null, direction: p.direction, source: p.source, isRepeat: p.isRepeat, createdAt: Date.parse(p.createdAt), marketingEventId: p.marketingEventId ?? null };
      delta.changeLead(leadRecordOf(state), { ...facts, converted: state.converted, wonDeals: state.wonDeals });
    }
    // Named, as the other statements of every lead event: a few texts per target (which aggregate tables change).
    const { sql, params } = combined([leadFacts(leads, table), ...delta.statements(table)]);
    await query(sql, params);
  }

  /**
   * A lead's conversion, written once: its deal and when (a copy or a replay changes nothing). The lead, if its
   * fact is here, now counts as converted: locked and read as the lead projection does, its count moved.
   */
  async applyConverted(event: EventEnvelope<LeadConvertedV1>, tx: Pick<EventTransaction, 'manager' | 'target'>): Promise<void> {
    const p = event.payload;
    const query = namedQuery(tx);
    const table = (name: string): string => tx.target.table(name);
    const leadId = p.leadId.toLowerCase();
    const conversion: Statement = {
      sql: `INSERT INTO ${table('lead_conversion')} (lead_id, deal_id, converted_at) VALUES ($1, $2, $3) ON CONFLICT (lead_id) DO NOTHING`,
      params: [p.leadId, p.dealId, p.convertedAt],
    };
    if (tx.target.sumsDeferred) {
      await query(conversion.sql, conversion.params);
      return;
    }
    await lockLeads(query, [leadId]);
    const lead = leadRecordOf((await readLeads(query, table, [leadId])).get(leadId));
    if (!lead || lead.converted) {
      await query(conversion.sql, conversion.params);
      return;
    }
    const delta = new AggregateDelta(LEAD_TABLES).changeLead(lead, { ...lead, converted: true });
    const { sql, params } = combined([conversion, ...delta.statements(table)]);
    await query(sql, params);
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
}

/** The leads' facts upserted, a row a lead (its newest event of the batch); an event older than the row changes nothing. */
function leadFacts(leads: ReadonlyArray<EventEnvelope<LeadCreatedV1>>, table: (name: string) => string): Statement {
  const column = <T>(pick: (event: EventEnvelope<LeadCreatedV1>) => T): T[] => leads.map(pick);
  return {
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
}
