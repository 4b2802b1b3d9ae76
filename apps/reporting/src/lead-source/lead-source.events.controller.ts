import { Controller } from '@nestjs/common';
import { LEAD_CREATED_V1, type EventEnvelope, type LeadCreatedV1 } from '@saleswire/contracts';
import { OnEventBatch, type EventTransaction } from '@saleswire/messaging';
import { LeadSourceProjection } from './lead-source.projection';

@Controller()
export class LeadSourceEventsController {
  constructor(private readonly projection: LeadSourceProjection) {}

  /** Every lead.created a fetch brought in, projected in one transaction (imports deliver thousands). */
  @OnEventBatch(LEAD_CREATED_V1)
  async onLeadsCreated(events: EventEnvelope<LeadCreatedV1>[], tx: EventTransaction): Promise<void> {
    await this.projection.applyCreated(events, tx);
  }
}
