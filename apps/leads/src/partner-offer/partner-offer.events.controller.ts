import { Controller } from '@nestjs/common';
import { type EventEnvelope, LEAD_OFFER_ACCEPTED_V1, type LeadOfferAcceptedV1 } from '@saleswire/contracts';
import { OnEvent, type OutboxTransaction } from '@saleswire/messaging';
import { PartnerOfferService } from './partner-offer.service';

@Controller()
export class PartnerOfferEventsController {
  constructor(private readonly offers: PartnerOfferService) {}

  @OnEvent(LEAD_OFFER_ACCEPTED_V1)
  async onAccepted(event: EventEnvelope<LeadOfferAcceptedV1>, tx: OutboxTransaction): Promise<void> {
    await this.offers.accepted(event, tx);
  }
}
