import { Controller } from '@nestjs/common';
import {
  DEAL_REGISTRATION_APPROVED_V1,
  LEAD_CONVERTED_V1,
  type DealRegistrationApprovedV1,
  type EventEnvelope,
  type LeadConvertedV1,
} from '@saleswire/contracts';
import { OnEvent, type OutboxTransaction } from '@saleswire/messaging';
import { DealIntakeService } from './deal-intake.service';

@Controller()
export class DealIntakeEventsController {
  constructor(private readonly intake: DealIntakeService) {}

  @OnEvent(LEAD_CONVERTED_V1)
  async onLeadConverted(event: EventEnvelope<LeadConvertedV1>, tx: OutboxTransaction): Promise<void> {
    await this.intake.openFromLead(event, tx);
  }

  @OnEvent(DEAL_REGISTRATION_APPROVED_V1)
  async onRegistrationApproved(event: EventEnvelope<DealRegistrationApprovedV1>, tx: OutboxTransaction): Promise<void> {
    await this.intake.openFromRegistration(event, tx);
  }
}
