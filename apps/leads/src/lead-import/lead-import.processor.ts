import { Injectable } from '@nestjs/common';
import { uuidv7 } from '@saleswire/database';
import {
  type ActorV1,
  CreateLeadInputV1,
  type ImportedLeadV1,
  type ImportRowErrorV1,
  LEAD_IMPORT_LEADS_CREATED_V1,
  LEADS_PER_IMPORT_EVENT,
} from '@saleswire/contracts';
import { type OutboxTransaction, UserDirectory, validateContract } from '@saleswire/messaging';
import { contactKeys, type ContactKeys } from '../duplicate/contact-identity';
import { LeadCreation, type StoredLeads } from '../lead/lead-creation';
import { toLeadCreated } from '../lead/lead.mapper';

export interface StagedRow {
  rowNo: number;
  data: unknown;
}

export interface ChunkOutcome {
  accepted: number;
  rejected: number;
  errors: ImportRowErrorV1[];
}

/**
 * Turns a chunk of staged rows into leads with the same rules as one lead: each row validated, a row naming an
 * inactive assignee rejected, and the rest made by LeadCreation, the one code that makes leads (duplicates,
 * repeat clients, assignment and ledger), with a handful of set-based statements for the whole chunk. The chunk's
 * leads are told by `lead-import.leads-created` events of up to LEADS_PER_IMPORT_EVENT leads each, not by a
 * `lead.created` and a `lead.assigned` a lead (issue 14: those were half of an import's CPU, across NATS and the
 * consumers).
 */
@Injectable()
export class LeadImportProcessor {
  constructor(
    private readonly creation: LeadCreation,
    private readonly directory: UserDirectory,
  ) {}

  async process(tx: OutboxTransaction, jobId: string, actor: ActorV1, rows: StagedRow[]): Promise<ChunkOutcome> {
    const errors: ImportRowErrorV1[] = [];
    const valid: Array<{ rowNo: number; input: CreateLeadInputV1; keys: ContactKeys }> = [];
    for (const row of rows) {
      const result = validateContract(CreateLeadInputV1, row.data);
      if (!result.ok) {
        errors.push(...result.errors.map((e) => ({ row: row.rowNo, field: e.field, message: e.message })));
        continue;
      }
      const input = result.value;
      valid.push({ rowNo: row.rowNo, input, keys: contactKeys({ email: input.contact.email, phone: input.contact.phone, taxId: input.company?.taxId }) });
    }
    await this.refuseInactiveAssignees(tx, valid, errors);
    const rejected = new Set(errors.map((e) => e.row)).size;
    if (valid.length === 0) return { accepted: 0, rejected, errors };

    const stored = await this.creation.store(
      tx,
      valid.map(({ input, keys }) => ({ input, keys, actor })),
      // The ledger tells an imported manual or rule assignment from a request's.
      { ledgerDetail: { import: true } },
    );
    this.tell(tx, jobId, actor, valid, stored);
    return { accepted: stored.leads.length, rejected, errors };
  }

  /** The chunk's leads in events of up to LEADS_PER_IMPORT_EVENT, each numbered by the row of its first lead. */
  private tell(tx: OutboxTransaction, jobId: string, actor: ActorV1, rows: ReadonlyArray<{ rowNo: number; input: CreateLeadInputV1 }>, stored: StoredLeads): void {
    for (let first = 0; first < stored.leads.length; first += LEADS_PER_IMPORT_EVENT) {
      const leads: ImportedLeadV1[] = stored.leads.slice(first, first + LEADS_PER_IMPORT_EVENT).map((lead, i) => {
        const entry = stored.entries[first + i];
        return {
          eventId: uuidv7(),
          lead: toLeadCreated(lead, Boolean(rows[first + i].input.assigneeId)),
          assignment: entry ? { eventId: uuidv7(), reason: entry.decision.reason, ruleVersion: entry.decision.ruleVersion, assignedAt: stored.assignedAt } : null,
        };
      });
      tx.emit(LEAD_IMPORT_LEADS_CREATED_V1, { aggregateId: jobId, aggregateVersion: rows[first].rowNo, actor, payload: { jobId, leads } });
    }
  }

  /**
   * Rows naming an assignee who is no active user are rejected rows (ADR 0016), as the directory stands when the
   * chunk is worked: an import is not answering a request, so nothing is waited for.
   */
  private async refuseInactiveAssignees(tx: OutboxTransaction, valid: Array<{ rowNo: number; input: CreateLeadInputV1 }>, errors: ImportRowErrorV1[]): Promise<void> {
    const assignees = valid.flatMap((row) => (row.input.assigneeId ? [row.input.assigneeId] : []));
    const refused = await this.directory.notActiveAmong(assignees, tx.manager);
    if (refused.size === 0) return;
    for (let i = valid.length - 1; i >= 0; i--) {
      const message = valid[i].input.assigneeId ? refused.get(valid[i].input.assigneeId!) : undefined;
      if (!message) continue;
      errors.push({ row: valid[i].rowNo, field: 'assigneeId', message });
      valid.splice(i, 1);
    }
    errors.sort((a, b) => a.row - b.row);
  }
}
