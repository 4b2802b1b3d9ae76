import { Inject, Injectable } from '@nestjs/common';
import { type ActorV1, type CreateLeadInputV1, LEAD_CREATED_V1, type LeadDetailsV1 } from '@saleswire/contracts';
import { Outbox, UserDirectory, type OutboxTransaction } from '@saleswire/messaging';
import { AssignmentLedger, type AssignmentDecision } from '../assignment/assignment.ledger';
import { AssignmentService } from '../assignment/assignment.service';
import { LEADS_SETTINGS, type LeadsSettings } from '../config';
import { contactKeys, customerOf, duplicateOf } from '../duplicate/contact-identity';
import { DuplicateFinder } from '../duplicate/duplicate.finder';
import { LeadEntity } from './lead.entity';
import { fixedAssignment, newLeadFields } from './lead.factory';
import { toLeadCreated, toLeadView } from './lead.mapper';

@Injectable()
export class LeadService {
  constructor(
    private readonly outbox: Outbox,
    private readonly assignment: AssignmentService,
    private readonly ledger: AssignmentLedger,
    private readonly duplicates: DuplicateFinder,
    @Inject(LEADS_SETTINGS) private readonly settings: LeadsSettings,
    private readonly directory: UserDirectory,
  ) {}

  /**
   * Stores a new lead with its duplicate and repeat-client marks and its assignee (the lead itself is its status
   * history's first entry), the ledger entry and the `lead.created` and `lead.assigned` events, in one transaction
   * with the request's idempotency key: a retry answers this lead, never a second one. An assignee named by the
   * request must be an active user (422), checked before the transaction: the check may wait for the directory.
   */
  create(input: CreateLeadInputV1, actor: ActorV1): Promise<LeadDetailsV1> {
    return this.outbox.command(
      () => this.directory.assertActive(input.assigneeId ? [{ field: 'assigneeId', userId: input.assigneeId }] : []),
      async (tx) => toLeadView(await this.createIn(tx, input, actor)),
    );
  }

  private async createIn(tx: OutboxTransaction, input: CreateLeadInputV1, actor: ActorV1): Promise<LeadEntity> {
    const keys = contactKeys({ email: input.contact.email, phone: input.contact.phone, taxId: input.company?.taxId });
    const found = await this.duplicates.lookup(tx.manager, [keys], { repeatDetection: this.settings.repeatDetection });
    const customer = customerOf(keys, found.customers);
    const duplicateOfId = duplicateOf(keys, found.leads);
    const fixed = fixedAssignment(input.assigneeId, customer);
    let assigneeId = fixed?.assigneeId ?? null;
    let decision: Omit<AssignmentDecision, 'leadId' | 'leadVersion'> | null = fixed && { ...fixed, previousAssigneeId: null, ruleVersion: null };
    if (!fixed) {
      const { strategy, ruleVersion, picks } = await this.assignment.pick(tx.manager, 1);
      const [pick] = picks;
      if (pick) {
        assigneeId = pick.userId;
        decision = { assigneeId, previousAssigneeId: null, reason: strategy, ruleVersion, detail: pick.detail };
      }
    }
    // No id here: the entity assigns its UUID v7 on insert, and an id set beforehand makes TypeORM's save()
    // look the row up first (one more round trip per lead).
    const entity = tx.manager.create(LeadEntity, newLeadFields(input, keys, actor, { assigneeId, customer, duplicateOfId }));
    const saved = await tx.manager.save(entity);
    tx.emit(LEAD_CREATED_V1, { aggregateId: saved.id, aggregateVersion: saved.version, actor, payload: toLeadCreated(saved, Boolean(input.assigneeId)) });
    if (decision) await this.ledger.record(tx, actor, [{ ...decision, leadId: saved.id, leadVersion: saved.version }]);
    return saved;
  }
}
