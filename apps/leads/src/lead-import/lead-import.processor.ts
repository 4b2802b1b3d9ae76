import { Injectable } from '@nestjs/common';
import { type ActorV1, CreateLeadInputV1, type ImportRowErrorV1 } from '@saleswire/contracts';
import { type OutboxTransaction, UserDirectory, validateContract } from '@saleswire/messaging';
import { contactKeys, type ContactKeys } from '../duplicate/contact-identity';
import { LeadCreation } from '../lead/lead-creation';

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
 * repeat clients, assignment, ledger and events), with a handful of set-based statements for the whole chunk.
 */
@Injectable()
export class LeadImportProcessor {
  constructor(
    private readonly creation: LeadCreation,
    private readonly directory: UserDirectory,
  ) {}

  async process(tx: OutboxTransaction, actor: ActorV1, rows: StagedRow[]): Promise<ChunkOutcome> {
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

    const leads = await this.creation.createMany(
      tx,
      valid.map(({ input, keys }) => ({ input, keys, actor })),
      // The ledger tells an imported manual or rule assignment from a request's.
      { ledgerDetail: { import: true } },
    );
    return { accepted: leads.length, rejected, errors };
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
