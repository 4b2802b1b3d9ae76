import { Controller } from '@nestjs/common';
import {
  type EventEnvelope,
  LEAD_CREATED_V1,
  LEAD_IMPORT_LEADS_CREATED_V1,
  leadCreatedEvents,
  type LeadCreatedV1,
  type LeadImportLeadsCreatedV1,
} from '@saleswire/contracts';
import { causedBy, OnEvent, type EventTransaction } from '@saleswire/messaging';
import { LeadOfferIntakeService } from './lead-offer-intake.service';

/**
 * lead.created, beside the channel index's batch handler: called once per fresh event inside the batch's transaction
 * (ADR 0007); an import's chunk, once per lead it carries, after the channel index took them all.
 */
@Controller()
export class LeadOfferEventsController {
  constructor(private readonly intake: LeadOfferIntakeService) {}

  @OnEvent(LEAD_CREATED_V1)
  async onLeadCreated(event: EventEnvelope<LeadCreatedV1>, tx: EventTransaction): Promise<void> {
    await this.intake.leadCreated(event, tx);
  }

  @OnEvent(LEAD_IMPORT_LEADS_CREATED_V1)
  async onLeadsImported(event: EventEnvelope<LeadImportLeadsCreatedV1>, tx: EventTransaction): Promise<void> {
    for (const created of leadCreatedEvents(event)) await causedBy(created, () => this.intake.leadCreated(created, tx));
  }
}
