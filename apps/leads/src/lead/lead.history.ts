import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { LeadStatus, LeadStatusHistoryEntryV1 } from '@saleswire/contracts';
import { insertJsonRows, tableOf, uuidv7 } from '@saleswire/database';
import { DataSource, type EntityManager } from 'typeorm';

/** A move from one status to another; a lead's creation is not one (its first history entry is the lead itself). */
export interface StatusChange {
  leadId: string;
  from: LeadStatus;
  to: LeadStatus;
  reason: string | null;
  actorId: string;
}

/** Every status a lead went through, who moved it and why. */
@Injectable()
export class LeadHistory {
  private readonly table: string;
  private readonly leads: string;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.table = tableOf(dataSource, 'lead_status_history');
    this.leads = tableOf(dataSource, 'lead');
  }

  /** Inserts the changes with one statement, whatever their number. */
  async record(manager: EntityManager, changes: StatusChange[]): Promise<void> {
    await insertJsonRows(
      manager,
      'lead_status_history',
      changes.map((c) => ({ id: uuidv7(), lead_id: c.leadId, from_status: c.from, to_status: c.to, reason: c.reason, actor_id: c.actorId })),
    );
  }

  /** A lead's history, oldest first: its creation (read from the lead itself), then every change. */
  async of(leadId: string): Promise<LeadStatusHistoryEntryV1[]> {
    const rows: Array<{ from_status: string | null; to_status: string; reason: string | null; actor_id: string; changed_at: Date }> =
      await this.dataSource.query(
        `SELECT from_status, to_status, reason, actor_id, changed_at FROM (
           SELECT NULL::text AS from_status, 'new' AS to_status, NULL::text AS reason, created_by::text AS actor_id,
                  created_at AS changed_at, 0 AS step, id FROM ${this.leads} WHERE id = $1
           UNION ALL
           SELECT from_status, to_status, reason, actor_id, changed_at, 1 AS step, id FROM ${this.table} WHERE lead_id = $1
         ) history
         ORDER BY step, changed_at, id`,
        [leadId],
      );
    return rows.map((r) => ({ from: r.from_status, to: r.to_status, reason: r.reason, actorId: r.actor_id, changedAt: new Date(r.changed_at).toISOString() }));
  }
}
