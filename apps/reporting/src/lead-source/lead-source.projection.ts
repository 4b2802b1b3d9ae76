import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { EventEnvelope, LeadCreatedV1, LeadSourceRowV1, LeadSourcesQueryV1 } from '@saleswire/contracts';
import type { DataSource, EntityManager } from 'typeorm';

/** The lead facts read model and the lead-sources report built on it. */
@Injectable()
export class LeadSourceProjection {
  private readonly table: string;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.table = `"${(dataSource.options as { schema: string }).schema}".lead_fact`;
  }

  /** Records a created lead; an event older than what the row holds changes nothing. */
  async applyCreated(event: EventEnvelope<LeadCreatedV1>, manager: EntityManager): Promise<void> {
    const lead = event.payload;
    await manager.query(
      `INSERT INTO ${this.table}
         (lead_id, aggregate_version, source, direction, segment, marketing_event_id, assignee_id, partner_id,
          status, is_repeat, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'new', $9, $10)
       ON CONFLICT (lead_id) DO UPDATE SET
         aggregate_version = EXCLUDED.aggregate_version, source = EXCLUDED.source, direction = EXCLUDED.direction,
         segment = EXCLUDED.segment, marketing_event_id = EXCLUDED.marketing_event_id,
         assignee_id = EXCLUDED.assignee_id, partner_id = EXCLUDED.partner_id, is_repeat = EXCLUDED.is_repeat,
         created_at = EXCLUDED.created_at
       WHERE ${this.table}.aggregate_version < EXCLUDED.aggregate_version`,
      [
        lead.leadId,
        event.aggregateVersion,
        lead.source,
        lead.direction,
        lead.segment,
        lead.marketingEventId,
        lead.assigneeId,
        lead.partnerId,
        lead.isRepeat,
        lead.createdAt,
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
