import { Controller } from '@nestjs/common';
import {
  LEAD_CONVERTED_V1,
  LEAD_CREATED_V1,
  LEAD_IMPORT_LEADS_CREATED_V1,
  leadCreatedEvents,
  MARKETING_EVENT_CREATED_V1,
  type EventEnvelope,
  type LeadConvertedV1,
  type LeadCreatedV1,
  type LeadImportLeadsCreatedV1,
  type MarketingEventCreatedV1,
} from '@saleswire/contracts';
import { OnEvent, OnEventBatch, type EventTransaction } from '@saleswire/messaging';
import { LeadSourceProjection } from './lead-source.projection';

@Controller()
export class LeadSourceEventsController {
  constructor(private readonly projection: LeadSourceProjection) {}

  /** Every lead.created a fetch brought in, projected in one transaction (imports deliver thousands). */
  @OnEventBatch(LEAD_CREATED_V1)
  async onLeadsCreated(events: EventEnvelope<LeadCreatedV1>[], tx: EventTransaction): Promise<void> {
    await this.projection.applyCreated(events, tx);
  }

  /** An import's chunk of leads, each projected as the lead.created it stands for. */
  @OnEvent(LEAD_IMPORT_LEADS_CREATED_V1)
  onLeadsImported(event: EventEnvelope<LeadImportLeadsCreatedV1>, tx: EventTransaction): Promise<void> {
    return this.projection.applyCreated(leadCreatedEvents(event), tx);
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
