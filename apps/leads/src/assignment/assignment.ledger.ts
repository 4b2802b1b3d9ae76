import { Injectable } from '@nestjs/common';
import { uuidv7 } from '@saleswire/database';
import { Outbox, type OutboxTransaction } from '@saleswire/messaging';
import { type ActorV1, type AssignmentReason, LEAD_ASSIGNED_V1 } from '@saleswire/contracts';

export interface AssignmentDecision {
  leadId: string;
  leadVersion: number;
  assigneeId: string;
  previousAssigneeId: string | null;
  reason: AssignmentReason;
  ruleVersion: number | null;
  detail: Record<string, unknown>;
}

/** Writes every assignment decision to the ledger and publishes it, in the caller's transaction. */
@Injectable()
export class AssignmentLedger {
  private readonly table: string;

  constructor(outbox: Outbox) {
    this.table = `"${outbox.schema}".assignment_ledger`;
  }

  /** Records decisions with one multi-row insert and emits one `lead.assigned` event for each. */
  async record(tx: OutboxTransaction, actor: ActorV1, decisions: AssignmentDecision[]): Promise<void> {
    if (decisions.length === 0) return;
    const assignedAt = new Date().toISOString();
    // 8 parameters a row, well under PostgreSQL's 65535 per statement in chunks of 5,000.
    for (let start = 0; start < decisions.length; start += 5000) {
      const chunk = decisions.slice(start, start + 5000);
      const values = chunk.map((_, i) => `($${i * 8 + 1}, $${i * 8 + 2}, $${i * 8 + 3}, $${i * 8 + 4}, $${i * 8 + 5}, $${i * 8 + 6}, $${i * 8 + 7}::jsonb, $${i * 8 + 8}, '${assignedAt}')`);
      const params = chunk.flatMap((d) => [uuidv7(), d.leadId, d.assigneeId, d.previousAssigneeId, d.reason, d.ruleVersion, JSON.stringify(d.detail), actor.id]);
      await tx.manager.query(
        `INSERT INTO ${this.table} (id, lead_id, assignee_id, previous_assignee_id, reason, rule_version, detail, actor_id, assigned_at)
         VALUES ${values.join(', ')}`,
        params,
      );
    }
    for (const decision of decisions) {
      tx.emit(LEAD_ASSIGNED_V1, {
        aggregateId: decision.leadId,
        aggregateVersion: decision.leadVersion,
        actor,
        payload: {
          leadId: decision.leadId,
          assigneeId: decision.assigneeId,
          previousAssigneeId: decision.previousAssigneeId,
          reason: decision.reason,
          ruleVersion: decision.ruleVersion,
          assignedAt,
        },
      });
    }
  }
}
