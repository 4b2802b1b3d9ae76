import { Controller } from '@nestjs/common';
import { type EventEnvelope, LEAD_CREATED_V1, type LeadCreatedV1 } from '@saleswire/contracts';
import { OnEvent, type EventTransaction } from '@saleswire/messaging';
import { LeadOfferIntakeService } from './lead-offer-intake.service';

/** lead.created, beside the channel index's batch handler: called once per fresh event inside the batch's transaction (ADR 0007). */
@Controller()
export class LeadOfferEventsController {
  constructor(private readonly intake: LeadOfferIntakeService) {}

  @OnEvent(LEAD_CREATED_V1)
  async onLeadCreated(event: EventEnvelope<LeadCreatedV1>, tx: EventTransaction): Promise<void> {
    await this.intake.leadCreated(event, tx);
  }
}
