import { Controller } from '@nestjs/common';
import { LEAD_CREATED_V1, type EventEnvelope, type LeadCreatedV1 } from '@saleswire/contracts';
import { OnEvent, type OutboxTransaction } from '@saleswire/messaging';
import { LeadSourceProjection } from './lead-source.projection';

@Controller()
export class LeadSourceEventsController {
  constructor(private readonly projection: LeadSourceProjection) {}

  @OnEvent(LEAD_CREATED_V1)
  async onLeadCreated(event: EventEnvelope<LeadCreatedV1>, tx: OutboxTransaction): Promise<void> {
    await this.projection.applyCreated(event, tx.manager);
  }
}
