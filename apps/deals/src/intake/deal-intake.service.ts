import { Injectable } from '@nestjs/common';
import type { DealRegistrationApprovedV1, EventEnvelope, LeadConvertedV1 } from '@saleswire/contracts';
import type { OutboxTransaction } from '@saleswire/messaging';
import { CustomerService } from '../customer/customer.service';
import { DealOpener } from '../deal/deal.opener';
import { PipelineService } from '../pipeline/pipeline.service';
import { dealFromLead, dealFromRegistration } from './deal-intake.factory';

/** Deals opened by other services' facts: a converted lead, a partner's approved registration. */
@Injectable()
export class DealIntakeService {
  constructor(
    private readonly opener: DealOpener,
    private readonly customers: CustomerService,
    private readonly pipelines: PipelineService,
  ) {}

  /**
   * Opens the deal a lead conversion named, for the customer it resolved. A deal with that id already open means
   * the conversion was re-published: nothing to do.
   */
  async openFromLead(event: EventEnvelope<LeadConvertedV1>, tx: OutboxTransaction): Promise<void> {
    const lead = event.payload;
    if (await this.opener.wasOpened(tx.manager, lead.dealId)) return;
    const customer = await this.customers.findById(tx.manager, lead.customerId);
    // resolve-customer committed before the conversion did, so this only happens for a foreign or broken event:
    // failing sends it through the bounded retries to the dead letters, where an operator sees it.
    if (!customer) throw new Error(`customer ${lead.customerId} of converted lead ${lead.leadId} does not exist`);
    const pipelineKnown = lead.pipelineId ? await this.pipelines.exists(tx.manager, lead.pipelineId) : false;
    await this.opener.open(tx, dealFromLead(lead, customer, pipelineKnown), event.actor);
  }

  /**
   * Opens the indirect deal of an approved registration, with the customer resolved by identity (tax id or
   * email), created when the client base has none.
   */
  async openFromRegistration(event: EventEnvelope<DealRegistrationApprovedV1>, tx: OutboxTransaction): Promise<void> {
    const registration = event.payload;
    if (await this.opener.wasOpened(tx.manager, registration.dealId)) return;
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
    await this.opener.open(tx, dealFromRegistration(registration, customer), event.actor);
  }
}
