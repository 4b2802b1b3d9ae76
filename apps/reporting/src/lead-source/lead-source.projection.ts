import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { EventEnvelope, LeadCreatedV1, LeadSourceRowV1, LeadSourcesQueryV1 } from '@saleswire/contracts';
import type { DataSource } from 'typeorm';
import { tableOf } from '@saleswire/database';
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
    await tx.manager.query(
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

  /** Leads per source and marketing event, optionally within [from, to). */
  async leadSources(query: LeadSourcesQueryV1): Promise<LeadSourceRowV1[]> {
    const rows: Array<{ source: LeadSourceRowV1['source']; marketing_event_id: string | null; leads: string }> =
      await this.dataSource.query(
        `SELECT source, marketing_event_id, count(*) AS leads
           FROM ${this.table}
          WHERE ($1::timestamptz IS NULL OR created_at >= $1) AND ($2::timestamptz IS NULL OR created_at < $2)
          GROUP BY source, marketing_event_id
          ORDER BY count(*) DESC, source, marketing_event_id NULLS FIRST`,
        [query.from ?? null, query.to ?? null],
      );
    return rows.map((row) => ({ source: row.source, marketingEventId: row.marketing_event_id, leads: Number(row.leads) }));
  }
}
