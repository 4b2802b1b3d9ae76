import { Injectable } from '@nestjs/common';
import { insertJsonRows, uuidv7 } from '@saleswire/database';
import type { OutboxTransaction } from '@saleswire/messaging';
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
  /** Records decisions with one statement (one JSON parameter) and emits one `lead.assigned` event for each. */
  async record(tx: OutboxTransaction, actor: ActorV1, decisions: AssignmentDecision[]): Promise<void> {
    if (decisions.length === 0) return;
    const assignedAt = new Date().toISOString();
    await insertJsonRows(
      tx.manager,
      'assignment_ledger',
      decisions.map((d) => ({
        id: uuidv7(), lead_id: d.leadId, assignee_id: d.assigneeId, previous_assignee_id: d.previousAssigneeId, reason: d.reason,
        rule_version: d.ruleVersion, detail: d.detail, actor_id: actor.id, assigned_at: assignedAt,
      })),
    );
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
