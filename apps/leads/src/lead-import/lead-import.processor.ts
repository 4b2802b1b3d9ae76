import { Inject, Injectable } from '@nestjs/common';
import {
  type ActorV1,
  CreateLeadInputV1,
  type ImportRowErrorV1,
  LEAD_CREATED_V1,
} from '@saleswire/contracts';
import { insertEntities, uuidv7 } from '@saleswire/database';
import { type OutboxTransaction, UserDirectory, validateContract } from '@saleswire/messaging';
import { AssignmentLedger, type AssignmentDecision } from '../assignment/assignment.ledger';
import { AssignmentService } from '../assignment/assignment.service';
import { LEADS_SETTINGS, type LeadsSettings } from '../config';
import { contactKeys, customerOf, duplicateOf, KEY_KINDS, keyOf, type ContactKeys } from '../duplicate/contact-identity';
import { DuplicateFinder } from '../duplicate/duplicate.finder';
import { LeadEntity } from '../lead/lead.entity';
import { fixedAssignment, newLeadFields } from '../lead/lead.factory';
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
 * Turns a chunk of staged rows into leads with the same rules as one lead (validation, duplicates, repeat
 * clients, assignment, ledger and events), with a handful of set-based statements for the whole chunk.
 */
@Injectable()
export class LeadImportProcessor {
  constructor(
    private readonly assignment: AssignmentService,
    private readonly ledger: AssignmentLedger,
    private readonly duplicates: DuplicateFinder,
    @Inject(LEADS_SETTINGS) private readonly settings: LeadsSettings,
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

    const found = await this.duplicates.lookup(tx.manager, valid.map((v) => v.keys), { repeatDetection: this.settings.repeatDetection });
    const now = new Date();
    const leads: LeadEntity[] = [];
    const decisions: Array<Omit<AssignmentDecision, 'leadVersion'>> = [];
    const needRule: number[] = [];
    for (const { input, keys } of valid) {
      const id = uuidv7();
      const customer = customerOf(keys, found.customers);
      const duplicateOfId = duplicateOf(keys, found.leads);
      // This row is the first open lead under its keys that had none yet, so later rows of the import match it.
      for (const kind of KEY_KINDS) {
        const key = keys[kind] ? keyOf(kind, keys[kind]) : undefined;
        if (key && !found.leads.has(key)) found.leads.set(key, { id, original: duplicateOfId ?? id });
      }
      const fixed = fixedAssignment(input.assigneeId, customer);
      const assigneeId = fixed?.assigneeId ?? null;
      // An imported manual assignment says so in the ledger; a repeat customer's names the customer.
      if (fixed) decisions.push({ ...fixed, leadId: id, previousAssigneeId: null, ruleVersion: null, detail: fixed.reason === 'manual' ? { import: true } : fixed.detail });
      else needRule.push(leads.length);
      leads.push(
        Object.assign(new LeadEntity(), {
          id,
          version: 1,
          ...newLeadFields(input, keys, actor, { assigneeId, customer, duplicateOfId }),
          createdAt: now,
          updatedAt: now,
        }),
      );
    }
    if (needRule.length) {
      const { strategy, ruleVersion, picks } = await this.assignment.pick(tx.manager, needRule.length);
      needRule.forEach((index, i) => {
        const pick = picks[i];
        if (!pick) return;
        leads[index].assigneeId = pick.userId;
        decisions.push({ leadId: leads[index].id, assigneeId: pick.userId, previousAssigneeId: null, reason: strategy, ruleVersion, detail: { ...pick.detail, import: true } });
      });
    }
    await insertEntities(tx.manager, LeadEntity, leads);
    leads.forEach((lead, i) =>
      tx.emit(LEAD_CREATED_V1, { aggregateId: lead.id, aggregateVersion: 1, actor, payload: toLeadCreated(lead, Boolean(valid[i].input.assigneeId)) }),
    );
    await this.ledger.record(tx, actor, decisions.map((d) => ({ ...d, leadVersion: 1 })));
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
