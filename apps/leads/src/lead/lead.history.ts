import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { LeadStatus, LeadStatusHistoryEntryV1 } from '@saleswire/contracts';
import { uuidv7 } from '@saleswire/database';
import { DataSource, type EntityManager } from 'typeorm';

export interface StatusChange {
  leadId: string;
  from: LeadStatus | null;
  to: LeadStatus;
  reason: string | null;
  actorId: string;
}

/** Every status a lead went through, who moved it and why. */
@Injectable()
export class LeadHistory {
  private readonly table: string;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.table = `"${(dataSource.options as { schema: string }).schema}".lead_status_history`;
  }

  /** Inserts the changes with one multi-row statement (6 parameters a row). */
  async record(manager: EntityManager, changes: StatusChange[]): Promise<void> {
    for (let start = 0; start < changes.length; start += 5000) {
      const chunk = changes.slice(start, start + 5000);
      const values = chunk.map((_, i) => `($${i * 6 + 1}, $${i * 6 + 2}, $${i * 6 + 3}, $${i * 6 + 4}, $${i * 6 + 5}, $${i * 6 + 6})`);
      const params = chunk.flatMap((c) => [uuidv7(), c.leadId, c.from, c.to, c.reason, c.actorId]);
      await manager.query(
        `INSERT INTO ${this.table} (id, lead_id, from_status, to_status, reason, actor_id) VALUES ${values.join(', ')}`,
        params,
      );
    }
  }

  /** A lead's history, oldest first. */
  async of(leadId: string): Promise<LeadStatusHistoryEntryV1[]> {
    const rows: Array<{ from_status: string | null; to_status: string; reason: string | null; actor_id: string; changed_at: Date }> =
      await this.dataSource.query(
        `SELECT from_status, to_status, reason, actor_id, changed_at FROM ${this.table} WHERE lead_id = $1 ORDER BY changed_at, id`,
        [leadId],
      );
    return rows.map((r) => ({ from: r.from_status, to: r.to_status, reason: r.reason, actorId: r.actor_id, changedAt: new Date(r.changed_at).toISOString() }));
  }
}
