import { Injectable } from '@nestjs/common';
import {
  type ActorV1,
  type ChangeLeadStatusInputV1,
  LEAD_STATUS_CHANGED_V1,
  LEAD_UPDATED_V1,
  type LeadDetailsV1,
  type UpdateLeadInputV1,
  normaliseRegion,
} from '@saleswire/contracts';
import { ForbiddenError, InvalidInputError, Outbox, StaleVersionError, UserDirectory } from '@saleswire/messaging';
import type { EntityManager } from 'typeorm';
import { AssignmentLedger } from '../assignment/assignment.ledger';
import { contactKeys } from '../duplicate/contact-identity';
import { LeadEntity } from './lead.entity';
import { LeadNotFoundError, LeadStatusMoveError } from './lead.errors';
import { LeadHistory } from './lead.history';
import { toLeadUpdated, toLeadView } from './lead.mapper';
import { inScope, leadScopeOf } from './lead-scope.policy';
import { checkStatusMove } from './lead-status.policy';

/** Loads a lead for change, locked until the transaction ends; 404 outside the actor's scope. */
export async function lockLeadInScope(manager: EntityManager, leadId: string, actor: ActorV1): Promise<LeadEntity> {
  const lead = await manager.findOne(LeadEntity, { where: { id: leadId }, lock: { mode: 'pessimistic_write' } });
  if (!lead || !inScope(leadScopeOf(actor), lead)) throw new LeadNotFoundError(leadId);
  return lead;
}

/** Changes to a lead after capture: its fields (with If-Match) and its status (with history). */
@Injectable()
export class LeadWorkflowService {
  constructor(
    private readonly outbox: Outbox,
    private readonly history: LeadHistory,
    private readonly ledger: AssignmentLedger,
    private readonly directory: UserDirectory,
  ) {}

  async update(leadId: string, expectedVersion: number, input: UpdateLeadInputV1, actor: ActorV1): Promise<LeadDetailsV1> {
    if (input.assigneeId) await this.directory.assertActive([{ field: 'assigneeId', userId: input.assigneeId }]);
    const lead = await this.outbox.transaction(async (tx) => {
      const current = await lockLeadInScope(tx.manager, leadId, actor);
      if (current.version !== expectedVersion) throw new StaleVersionError(current.version, expectedVersion, 'lead');
      const previousAssigneeId = current.assigneeId;
      const changed = applyChanges(current, input);
      if (changed.length === 0) return current;
      if (changed.includes('assigneeId') && actor.role === 'partner_user') {
        throw new ForbiddenError('A partner user cannot reassign leads.');
      }
      if (current.expectedAmount !== null && current.currency === null) {
        throw new InvalidInputError([{ field: 'currency', message: 'currency is required with expectedAmount' }]);
      }
      const saved = await tx.manager.save(current);
      tx.emit(LEAD_UPDATED_V1, { aggregateId: saved.id, aggregateVersion: saved.version, actor, payload: toLeadUpdated(saved, changed) });
      if (changed.includes('assigneeId') && saved.assigneeId) {
        await this.ledger.record(tx, actor, [
          { leadId: saved.id, leadVersion: saved.version, assigneeId: saved.assigneeId, previousAssigneeId, reason: 'manual', ruleVersion: null, detail: {} },
        ]);
      }
      return saved;
    });
    return toLeadView(lead);
  }

  /** A command: with an idempotency key, a retry answers the first move rather than refusing a move to where it is. */
  changeStatus(leadId: string, input: ChangeLeadStatusInputV1, actor: ActorV1): Promise<LeadDetailsV1> {
    return this.outbox.command(async (tx) => {
      const current = await lockLeadInScope(tx.manager, leadId, actor);
      const from = current.status;
      const verdict = checkStatusMove(from, input.status);
      if (!verdict.ok) throw new LeadStatusMoveError(verdict.reason);
      current.status = input.status;
      current.statusReason = input.reason?.trim() || null;
      const saved = await tx.manager.save(current);
      await this.history.record(tx.manager, [{ leadId, from, to: input.status, reason: saved.statusReason, actorId: actor.id }]);
      tx.emit(LEAD_STATUS_CHANGED_V1, {
        aggregateId: leadId,
        aggregateVersion: saved.version,
        actor,
        payload: { leadId, from, to: input.status, reason: saved.statusReason, changedAt: saved.updatedAt.toISOString(), partnerId: saved.partnerId },
      });
      return toLeadView(saved);
    });
  }
}

/** Copies the given fields onto the lead and answers the names of those that really changed. */
export function applyChanges(lead: LeadEntity, input: UpdateLeadInputV1): string[] {
  const changed: string[] = [];
  const set = <K extends keyof LeadEntity>(field: string, key: K, value: LeadEntity[K]): void => {
    if (lead[key] === value) return;
    lead[key] = value;
    if (!changed.includes(field)) changed.push(field);
  };
  if (input.contact !== undefined) {
    set('contact', 'contactName', input.contact.name.trim());
    set('contact', 'contactEmail', input.contact.email?.trim().toLowerCase() ?? null);
    set('contact', 'contactPhone', input.contact.phone?.trim() ?? null);
  }
  if (input.company !== undefined) {
    set('company', 'companyName', input.company?.name.trim() ?? null);
    set('company', 'companyTaxId', input.company?.taxId?.trim() ?? null);
  }
  if (input.segment !== undefined) set('segment', 'segment', input.segment);
  if (input.marketingEventId !== undefined) set('marketingEventId', 'marketingEventId', input.marketingEventId);
  if (input.title !== undefined) set('title', 'title', input.title);
  if (input.expectedAmount !== undefined) set('expectedAmount', 'expectedAmount', input.expectedAmount);
  if (input.currency !== undefined) set('currency', 'currency', input.currency);
  if (input.assigneeId !== undefined) set('assigneeId', 'assigneeId', input.assigneeId);
  if (input.comment !== undefined) set('comment', 'comment', input.comment);
  if (input.region !== undefined) set('region', 'region', input.region === null ? null : normaliseRegion(input.region));
  if (changed.includes('contact') || changed.includes('company')) {
    const keys = contactKeys({ email: lead.contactEmail, phone: lead.contactPhone, taxId: lead.companyTaxId });
    lead.emailNorm = keys.email;
    lead.phoneNorm = keys.phone;
    lead.taxIdNorm = keys.taxId;
  }
  return changed;
}
