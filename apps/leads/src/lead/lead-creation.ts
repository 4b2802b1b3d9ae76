import { Inject, Injectable } from '@nestjs/common';
import { type ActorV1, type CreateLeadInputV1, LEAD_CREATED_V1 } from '@saleswire/contracts';
import { insertAggregates, uuidv7 } from '@saleswire/database';
import type { OutboxTransaction } from '@saleswire/messaging';
import { AssignmentLedger, type LedgerEntry } from '../assignment/assignment.ledger';
import { AssignmentService } from '../assignment/assignment.service';
import { LEADS_SETTINGS, type LeadsSettings } from '../config';
import { customerOf, duplicateOf, KEY_KINDS, keyOf, type ContactKeys } from '../duplicate/contact-identity';
import { DuplicateFinder } from '../duplicate/duplicate.finder';
import { LeadEntity } from './lead.entity';
import { fixedAssignment, newLeadFields } from './lead.factory';
import { toLeadCreated } from './lead.mapper';

/** A lead to be made: what was asked, its contact's keys, who asks. */
export interface LeadDraft {
  input: CreateLeadInputV1;
  keys: ContactKeys;
  actor: ActorV1;
  /**
   * Runs `fn` in the context of the request this lead comes from (a grouped command's `within`), so that its
   * events carry that request's correlation id; without it they carry the caller's.
   */
  within?: <T>(fn: () => T) => T;
}

/** How the leads were asked for, as the ledger tells it. */
export interface CreationOptions {
  /** Added to the ledger detail of a manual or rule assignment (an import's `{ import: true }`). */
  ledgerDetail?: Record<string, unknown>;
}

/**
 * The leads a creation stored, in the drafts' order, with each one's ledger entry when it was assigned (entries
 * aligned with the leads) and the time the ledger gives them. Nothing of it has been told yet.
 */
export interface StoredLeads {
  leads: LeadEntity[];
  entries: Array<LedgerEntry | undefined>;
  assignedAt: string;
}

const inline = <T>(fn: () => T): T => fn();

/**
 * How new leads are made, one or thousands alike (issue 14): a POST's group of concurrent requests and an
 * import's chunk go through the same statements. One look-up of every key for duplicates and repeat clients;
 * a later lead of the batch under a key an earlier one took is that lead's duplicate, as it would be had the
 * earlier one committed first; a repeat client's lead goes to the client's owner and a named assignee is kept;
 * the rest take the rule's turns in their order, with one draw for all; then one multi-row insert of the leads,
 * one of their ledger entries, and `lead.created` and `lead.assigned` for each, in its own request's context (an
 * import's chunk tells its leads in its own events: `store`, then `lead-import.leads-created`).
 */
@Injectable()
export class LeadCreation {
  constructor(
    private readonly assignment: AssignmentService,
    private readonly ledger: AssignmentLedger,
    private readonly duplicates: DuplicateFinder,
    @Inject(LEADS_SETTINGS) private readonly settings: LeadsSettings,
  ) {}

  /** Stores the drafts' leads in `tx`, tells each, and answers them in the drafts' order, as stored (version 1, dates set). */
  async createMany(tx: OutboxTransaction, drafts: readonly LeadDraft[], options: CreationOptions = {}): Promise<LeadEntity[]> {
    const { leads, entries, assignedAt } = await this.store(tx, drafts, options);
    drafts.forEach(({ input, actor, within = inline }, index) => {
      const lead = leads[index];
      within(() => tx.emit(LEAD_CREATED_V1, { aggregateId: lead.id, aggregateVersion: lead.version, actor, payload: toLeadCreated(lead, Boolean(input.assigneeId)) }));
    });
    this.ledger.announce(tx, entries.filter((entry): entry is LedgerEntry => entry !== undefined), assignedAt);
    return leads;
  }

  /** Stores the drafts' leads and their ledger entries in `tx`, telling no one; the caller tells them. */
  async store(tx: OutboxTransaction, drafts: readonly LeadDraft[], options: CreationOptions = {}): Promise<StoredLeads> {
    if (drafts.length === 0) return { leads: [], entries: [], assignedAt: new Date().toISOString() };
    const found = await this.duplicates.lookup(tx.manager, drafts.map((d) => d.keys), { repeatDetection: this.settings.repeatDetection });
    const leads: LeadEntity[] = [];
    const entries: Array<LedgerEntry | undefined> = [];
    const needRule: number[] = [];
    drafts.forEach(({ input, keys, actor, within }, index) => {
      const id = uuidv7();
      const customer = customerOf(keys, found.customers);
      const duplicateOfId = duplicateOf(keys, found.leads);
      // This lead is the first open lead under its keys that had none yet, so later leads of the batch match it.
      for (const kind of KEY_KINDS) {
        const key = keys[kind] ? keyOf(kind, keys[kind]) : undefined;
        if (key && !found.leads.has(key)) found.leads.set(key, { id, original: duplicateOfId ?? id });
      }
      const fixed = fixedAssignment(input.assigneeId, customer);
      if (fixed) {
        // A repeat customer's assignment names the customer; a manual one says how it was asked for.
        const detail = fixed.reason === 'manual' ? { ...fixed.detail, ...options.ledgerDetail } : fixed.detail;
        entries[index] = { actor, within, decision: { leadId: id, leadVersion: 1, assigneeId: fixed.assigneeId, previousAssigneeId: null, reason: fixed.reason, ruleVersion: null, detail } };
      } else {
        needRule.push(index);
      }
      // Version 1; the dates are the transaction's, set by the insert below (as save() would).
      leads.push(Object.assign(new LeadEntity(), { id, version: 1, ...newLeadFields(input, keys, actor, { assigneeId: fixed?.assigneeId ?? null, customer, duplicateOfId }) }));
    });
    if (needRule.length > 0) {
      const { strategy, ruleVersion, picks } = await this.assignment.pick(tx.manager, needRule.length);
      needRule.forEach((index, i) => {
        const pick = picks[i];
        if (!pick) return;
        const lead = leads[index];
        lead.assigneeId = pick.userId;
        entries[index] = {
          actor: drafts[index].actor,
          within: drafts[index].within,
          decision: { leadId: lead.id, leadVersion: 1, assigneeId: pick.userId, previousAssigneeId: null, reason: strategy, ruleVersion, detail: { ...pick.detail, ...options.ledgerDetail } },
        };
      });
    }
    await insertAggregates(tx.manager, LeadEntity, leads);
    const assignedAt = await this.ledger.write(tx, entries.filter((entry): entry is LedgerEntry => entry !== undefined));
    return { leads, entries, assignedAt };
  }
}
