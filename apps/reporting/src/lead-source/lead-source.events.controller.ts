import { Controller } from '@nestjs/common';
import {
  LEAD_CONVERTED_V1,
  LEAD_CREATED_V1,
  LEAD_IMPORT_LEADS_CREATED_V1,
  createdLeadsOf,
  MARKETING_EVENT_CREATED_V1,
  type EventEnvelope,
  type LeadConvertedV1,
  type MarketingEventCreatedV1,
} from '@saleswire/contracts';
import { OnEvent, OnStreamBatch, type EventTransaction, type StreamEvent } from '@saleswire/messaging';
import { LeadSourceProjection } from './lead-source.projection';

@Controller()
export class LeadSourceEventsController {
  constructor(private readonly projection: LeadSourceProjection) {}

  /**
   * Every lead.created a fetch brought in, and every lead of an import's chunks (each as the lead.created it stands
   * for), projected in one transaction.
   */
  @OnStreamBatch(LEAD_CREATED_V1, LEAD_IMPORT_LEADS_CREATED_V1)
  async onLeadsCreated(events: StreamEvent[], tx: EventTransaction): Promise<void> {
    await this.projection.applyCreated(createdLeadsOf(events), tx);
  }

  @OnEvent(LEAD_CONVERTED_V1)
  onConverted(event: EventEnvelope<LeadConvertedV1>, tx: EventTransaction): Promise<void> {
    return this.projection.applyConverted(event, tx);
  }

  @OnEvent(MARKETING_EVENT_CREATED_V1)
  onMarketingEvent(event: EventEnvelope<MarketingEventCreatedV1>, tx: EventTransaction): Promise<void> {
    return this.projection.applyMarketingEvent(event, tx);
  }
}
