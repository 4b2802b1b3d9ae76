import { Inject, Injectable } from '@nestjs/common';
import {
  type ActorV1,
  CreateLeadInputV1,
  type ImportRowErrorV1,
  LEAD_CREATED_V1,
  validateContract,
} from '@saleswire/contracts';
import { uuidv7 } from '@saleswire/database';
import type { OutboxTransaction } from '@saleswire/messaging';
import { AssignmentLedger, type AssignmentDecision } from '../assignment/assignment.ledger';
import { AssignmentService } from '../assignment/assignment.service';
import { LEADS_SETTINGS, type LeadsSettings } from '../config';
import { contactKeys, type ContactKeys } from '../duplicate/contact-identity';
import { LeadEntity } from '../lead/lead.entity';
import { newLeadFields } from '../lead/lead.factory';
import { toLeadCreated } from '../lead/lead.mapper';
import { OPEN_STATUSES } from '../lead/lead-status.policy';

export interface StagedRow {
  rowNo: number;
  data: unknown;
}

export interface ChunkOutcome {
  accepted: number;
  rejected: number;
  errors: ImportRowErrorV1[];
}

type KeyKind = keyof ContactKeys;
const KEY_KINDS: KeyKind[] = ['taxId', 'email', 'phone'];

/**
 * Turns a chunk of staged rows into leads with the same rules as one lead (validation, duplicates, repeat
 * clients, assignment, ledger and events), with a handful of set-based statements for the whole chunk.
 */
@Injectable()
export class LeadImportProcessor {
  constructor(
    private readonly assignment: AssignmentService,
    private readonly ledger: AssignmentLedger,
    @Inject(LEADS_SETTINGS) private readonly settings: LeadsSettings,
  ) {}

  async process(tx: OutboxTransaction, schema: string, actor: ActorV1, rows: StagedRow[]): Promise<ChunkOutcome> {
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
    const rejected = new Set(errors.map((e) => e.row)).size;
    if (valid.length === 0) return { accepted: 0, rejected, errors };

    const originals = await this.openLeadsByKey(tx, schema, valid.map((v) => v.keys));
    const customers = this.settings.repeatDetection ? await this.customersByKey(tx, schema, valid.map((v) => v.keys)) : new Map<string, { customerId: string; ownerId: string | null }>();
    const now = new Date();
    const leads: LeadEntity[] = [];
    const decisions: Array<Omit<AssignmentDecision, 'leadVersion'>> = [];
    const needRule: number[] = [];
    for (const { input, keys } of valid) {
      const id = uuidv7();
      const customer = KEY_KINDS.map((kind) => (keys[kind] ? customers.get(`${kind}:${keys[kind]}`) : undefined)).find(Boolean) ?? null;
      const duplicateOfId = KEY_KINDS.map((kind) => (keys[kind] ? originals.get(`${kind}:${keys[kind]}`) : undefined)).find(Boolean) ?? null;
      // This row is the original for its keys that no open lead had yet, so later rows of the import match it.
      for (const kind of KEY_KINDS) if (keys[kind] && !originals.has(`${kind}:${keys[kind]}`)) originals.set(`${kind}:${keys[kind]}`, duplicateOfId ?? id);
      let assigneeId = input.assigneeId ?? null;
      if (assigneeId) decisions.push({ leadId: id, assigneeId, previousAssigneeId: null, reason: 'manual', ruleVersion: null, detail: { import: true } });
      else if (customer?.ownerId) {
        assigneeId = customer.ownerId;
        decisions.push({ leadId: id, assigneeId, previousAssigneeId: null, reason: 'repeat_customer', ruleVersion: null, detail: { customerId: customer.customerId } });
      } else needRule.push(leads.length);
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
    await this.insertLeads(tx, schema, actor, leads, now);
    for (const lead of leads) tx.emit(LEAD_CREATED_V1, { aggregateId: lead.id, aggregateVersion: 1, actor, payload: toLeadCreated(lead) });
    await this.ledger.record(tx, actor, decisions.map((d) => ({ ...d, leadVersion: 1 })));
    return { accepted: leads.length, rejected, errors };
  }

  /** All the chunk's leads with one statement: PostgreSQL reads them from one JSON parameter. */
  private async insertLeads(tx: OutboxTransaction, schema: string, actor: ActorV1, leads: LeadEntity[], now: Date): Promise<void> {
    const records = leads.map((l) => ({
      id: l.id, contact_name: l.contactName, contact_email: l.contactEmail, contact_phone: l.contactPhone, company_name: l.companyName,
      company_tax_id: l.companyTaxId, source: l.source, direction: l.direction, segment: l.segment, marketing_event_id: l.marketingEventId,
      title: l.title, expected_amount: l.expectedAmount === null ? null : l.expectedAmount.toFixed(2), currency: l.currency,
      assignee_id: l.assigneeId, partner_id: l.partnerId, comment: l.comment, is_repeat: l.isRepeat, customer_id: l.customerId,
      duplicate_of_id: l.duplicateOfId, email_norm: l.emailNorm, phone_norm: l.phoneNorm, tax_id_norm: l.taxIdNorm,
    }));
    const columns = Object.keys(records[0]).join(', ');
    await tx.manager.query(
      `INSERT INTO "${schema}".lead (${columns}, version, status, created_by, created_at, updated_at)
       SELECT ${columns}, 1, 'new', $2, $3, $3 FROM json_populate_recordset(NULL::"${schema}".lead, $1::json)`,
      [JSON.stringify(records), actor.id, now],
    );
  }

  /** `kind:key` → the original of the oldest open lead with that key. */
  private async openLeadsByKey(tx: OutboxTransaction, schema: string, keys: ContactKeys[]): Promise<Map<string, string>> {
    const rows: Array<{ original: string; email_norm: string | null; phone_norm: string | null; tax_id_norm: string | null }> = await tx.manager.query(
      `SELECT coalesce(duplicate_of_id, id) AS original, email_norm, phone_norm, tax_id_norm FROM "${schema}".lead
        WHERE status = ANY($4::text[]) AND (email_norm = ANY($1::text[]) OR phone_norm = ANY($2::text[]) OR tax_id_norm = ANY($3::text[]))
        ORDER BY id DESC`,
      [...collect(keys), OPEN_STATUSES],
    );
    // Newest first, so the oldest overwrites: each key ends on its oldest open lead, as a single creation finds it.
    const map = new Map<string, string>();
    for (const r of rows) {
      if (r.email_norm) map.set(`email:${r.email_norm}`, r.original);
      if (r.phone_norm) map.set(`phone:${r.phone_norm}`, r.original);
      if (r.tax_id_norm) map.set(`taxId:${r.tax_id_norm}`, r.original);
    }
    return map;
  }

  private async customersByKey(tx: OutboxTransaction, schema: string, keys: ContactKeys[]): Promise<Map<string, { customerId: string; ownerId: string | null }>> {
    const rows: Array<{ customer_id: string; owner_id: string | null; email_norm: string | null; phone_norm: string | null; tax_id_norm: string | null }> = await tx.manager.query(
      `SELECT customer_id, owner_id, email_norm, phone_norm, tax_id_norm FROM "${schema}".customer_index
        WHERE email_norm = ANY($1::text[]) OR phone_norm = ANY($2::text[]) OR tax_id_norm = ANY($3::text[])
        ORDER BY created_at DESC, customer_id DESC`,
      collect(keys),
    );
    const map = new Map<string, { customerId: string; ownerId: string | null }>();
    for (const r of rows) {
      const customer = { customerId: r.customer_id, ownerId: r.owner_id };
      if (r.email_norm) map.set(`email:${r.email_norm}`, customer);
      if (r.phone_norm) map.set(`phone:${r.phone_norm}`, customer);
      if (r.tax_id_norm) map.set(`taxId:${r.tax_id_norm}`, customer);
    }
    return map;
  }
}

function collect(keys: ContactKeys[]): [string[], string[], string[]] {
  const pick = (kind: KeyKind): string[] => [...new Set(keys.map((k) => k[kind]).filter((v): v is string => v !== null))];
  return [pick('email'), pick('phone'), pick('taxId')];
}
