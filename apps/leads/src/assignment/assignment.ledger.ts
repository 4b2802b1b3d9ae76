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

/** A decision with who made it, and the context its event is emitted in when it is not the caller's. */
export interface LedgerEntry {
  decision: AssignmentDecision;
  actor: ActorV1;
  /** A grouped command's `within`: the event carries that request's correlation id (issue 14). */
  within?: <T>(fn: () => T) => T;
}

const inline = <T>(fn: () => T): T => fn();

/** Writes every assignment decision to the ledger and publishes it, in the caller's transaction. */
@Injectable()
export class AssignmentLedger {
  /** Records decisions with one statement (one JSON parameter) and emits one `lead.assigned` event for each. */
  record(tx: OutboxTransaction, actor: ActorV1, decisions: AssignmentDecision[]): Promise<void> {
    return this.recordEach(tx, decisions.map((decision) => ({ decision, actor })));
  }

  /** The same for decisions of several actors and requests (a group of commands), still with one statement. */
  async recordEach(tx: OutboxTransaction, entries: LedgerEntry[]): Promise<void> {
    this.announce(tx, entries, await this.write(tx, entries));
  }

  /**
   * Writes the entries to the ledger with one statement and answers their time, telling no one: an import's chunk
   * tells its leads' assignments in its own events (`lead-import.leads-created`).
   */
  async write(tx: OutboxTransaction, entries: LedgerEntry[]): Promise<string> {
    const assignedAt = new Date().toISOString();
    if (entries.length === 0) return assignedAt;
    await insertJsonRows(
      tx.manager,
      'assignment_ledger',
      entries.map(({ decision: d, actor }) => ({
        id: uuidv7(), lead_id: d.leadId, assignee_id: d.assigneeId, previous_assignee_id: d.previousAssigneeId, reason: d.reason,
        rule_version: d.ruleVersion, detail: d.detail, actor_id: actor.id, assigned_at: assignedAt,
      })),
    );
    return assignedAt;
  }

  /** Emits one `lead.assigned` for each entry written at `assignedAt`, in its own request's context. */
  announce(tx: OutboxTransaction, entries: LedgerEntry[], assignedAt: string): void {
    for (const { decision, actor, within = inline } of entries) {
      within(() =>
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
        }),
      );
    }
  }
}
