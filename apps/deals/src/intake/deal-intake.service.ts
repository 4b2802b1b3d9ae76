import { Injectable } from '@nestjs/common';
import type { DealRegistrationApprovedV1, EventEnvelope, LeadConvertedV1 } from '@saleswire/contracts';
import type { OutboxTransaction } from '@saleswire/messaging';
import { CustomerEntity } from '../customer/customer.entity';
import { CustomerService } from '../customer/customer.service';
import { DealEntity } from '../deal/deal.entity';
import { DealOpener } from '../deal/deal.opener';
import { PipelineEntity } from '../pipeline/pipeline.entity';

/** Deals opened by other services' facts: a converted lead, a partner's approved registration. */
@Injectable()
export class DealIntakeService {
  constructor(
    private readonly opener: DealOpener,
    private readonly customers: CustomerService,
  ) {}

  /**
   * Opens the deal a lead conversion named, for the customer it resolved, carrying the lead's direction and
   * source. A deal with that id already open means the conversion was re-published: nothing to do.
   */
  async openFromLead(event: EventEnvelope<LeadConvertedV1>, tx: OutboxTransaction): Promise<void> {
    const lead = event.payload;
    if (await tx.manager.existsBy(DealEntity, { id: lead.dealId })) return;
    const customer = await tx.manager.findOneBy(CustomerEntity, { id: lead.customerId });
    // resolve-customer committed before the conversion did, so this only happens for a foreign or broken event:
    // failing sends it through the bounded retries to the dead letters, where an operator sees it.
    if (!customer) throw new Error(`customer ${lead.customerId} of converted lead ${lead.leadId} does not exist`);
    const pipelineKnown = lead.pipelineId ? await tx.manager.existsBy(PipelineEntity, { id: lead.pipelineId }) : false;
    await this.opener.open(
      tx,
      {
        id: lead.dealId,
        title: lead.title,
        customerId: customer.id,
        amount: lead.amount ?? null,
        currency: lead.currency ?? null,
        pipelineId: pipelineKnown ? lead.pipelineId : null,
        type: lead.type,
        channel: lead.partnerId ? 'indirect' : 'direct',
        partnerId: lead.partnerId ?? null,
        ownerId: lead.ownerId ?? customer.ownerId,
        direction: lead.direction,
        source: lead.source,
        marketingEventId: lead.marketingEventId ?? null,
        leadId: lead.leadId,
      },
      event.actor,
    );
  }

  /**
   * Opens the indirect deal of an approved registration, with the customer resolved by identity (tax id or
   * email), created when the client base has none.
   */
  async openFromRegistration(event: EventEnvelope<DealRegistrationApprovedV1>, tx: OutboxTransaction): Promise<void> {
    const registration = event.payload;
    if (await tx.manager.existsBy(DealEntity, { id: registration.dealId })) return;
    const { customer } = await this.customers.resolveIn(
      tx,
      {
        kind: 'company',
        name: registration.customer.name,
        taxId: registration.customer.taxId ?? undefined,
        email: registration.customer.email ?? undefined,
        ownerId: registration.ownerId ?? undefined,
      },
      event.actor,
    );
    await this.opener.open(
      tx,
      {
        id: registration.dealId,
        title: registration.title,
        customerId: customer.id,
        amount: registration.expectedAmount,
        currency: registration.currency,
        type: 'consultative',
        channel: 'indirect',
        partnerId: registration.partnerId,
        ownerId: registration.ownerId ?? customer.ownerId,
        expectedCloseDate: registration.expectedCloseDate,
        source: 'partner',
        registrationId: registration.registrationId,
      },
      event.actor,
    );
  }
}
