import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type ActorV1,
  type ConvertLeadInputV1,
  type CustomerIdentityV1,
  LEAD_CONVERTED_V1,
  type LeadConversionV1,
  RESOLVE_CUSTOMER_V1,
  type ResolvedCustomerV1,
} from '@saleswire/contracts';
import { uuidv7 } from '@saleswire/database';
import { Outbox, RpcClient } from '@saleswire/messaging';
import { DataSource } from 'typeorm';
import { LeadEntity } from '../lead/lead.entity';
import { LeadAlreadyConvertedError, LeadNotFoundError, LeadStatusMoveError } from '../lead/lead.errors';
import { LeadHistory } from '../lead/lead.history';
import { inScope, leadScopeOf } from '../lead/lead-scope.policy';
import { checkConvertible } from '../lead/lead-status.policy';
import { lockLeadInScope } from '../lead/lead-workflow.service';

/** The customer the deals service should find or create for a lead. */
export function customerIdentityOf(lead: LeadEntity): CustomerIdentityV1 {
  const company = lead.companyName !== null;
  return {
    kind: company ? 'company' : 'person',
    name: company ? lead.companyName! : lead.contactName,
    ...(company && lead.companyTaxId ? { taxId: lead.companyTaxId } : {}),
    ...(lead.contactEmail ? { email: lead.contactEmail } : {}),
    ...(lead.contactPhone ? { phone: lead.contactPhone } : {}),
    ...(lead.assigneeId ? { ownerId: lead.assigneeId } : {}),
  };
}

/**
 * Converts a lead: asks the deals service for the customer (found or created there), then in one transaction
 * marks the lead converted and emits `lead.converted` with the id of the deal the deals service will open
 * (docs/adr/0004-lead-conversion-ids.md).
 */
@Injectable()
export class ConversionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly rpc: RpcClient,
    private readonly history: LeadHistory,
  ) {}

  /**
   * A command: with an idempotency key, a retry after a lost answer gets that answer (the same deal id), not the
   * 409 a second conversion is; the key is looked up before anything else, the checks and deals' customer included.
   */
  convert(leadId: string, input: ConvertLeadInputV1, actor: ActorV1): Promise<LeadConversionV1> {
    return this.outbox.command(() => this.resolveCustomer(leadId, actor), async (tx, customer) => {
      const lead = await lockLeadInScope(tx.manager, leadId, actor);
      assertConvertible(lead); // a concurrent conversion may have won meanwhile
      const from = lead.status;
      const dealId = uuidv7();
      lead.status = 'converted';
      lead.statusReason = null;
      lead.customerId = customer.customerId;
      lead.dealId = dealId;
      lead.convertedAt = new Date();
      const saved = await tx.manager.save(lead);
      await this.history.record(tx.manager, [{ leadId, from, to: 'converted', reason: null, actorId: actor.id }]);
      const amountGiven = input.amount !== undefined;
      tx.emit(LEAD_CONVERTED_V1, {
        aggregateId: leadId,
        aggregateVersion: saved.version,
        actor,
        payload: {
          leadId,
          customerId: customer.customerId,
          dealId,
          title: input.title ?? saved.title ?? `${saved.companyName ?? saved.contactName}: ${saved.source}`,
          amount: amountGiven ? input.amount! : saved.expectedAmount,
          currency: amountGiven ? (input.currency ?? null) : saved.currency,
          pipelineId: input.pipelineId ?? null,
          type: input.type ?? (saved.segment === 'b2c' ? 'transactional' : 'consultative'),
          ownerId: saved.assigneeId,
          direction: saved.direction,
          source: saved.source,
          marketingEventId: saved.marketingEventId,
          partnerId: saved.partnerId,
          convertedAt: saved.convertedAt!.toISOString(),
        },
      });
      return { leadId, customerId: customer.customerId, dealId };
    });
  }

  /** The lead's customer, found or created by deals; checked first, so that a refused conversion creates none. */
  private async resolveCustomer(leadId: string, actor: ActorV1): Promise<ResolvedCustomerV1> {
    const seen = await this.dataSource.manager.findOneBy(LeadEntity, { id: leadId });
    if (!seen || !inScope(leadScopeOf(actor), seen)) throw new LeadNotFoundError(leadId);
    assertConvertible(seen);
    return this.rpc.send(RESOLVE_CUSTOMER_V1, { actor, customer: customerIdentityOf(seen) });
  }
}

function assertConvertible(lead: LeadEntity): void {
  if (lead.status === 'converted') throw new LeadAlreadyConvertedError(lead.id);
  const verdict = checkConvertible(lead.status);
  if (!verdict.ok) throw new LeadStatusMoveError(verdict.reason);
}
