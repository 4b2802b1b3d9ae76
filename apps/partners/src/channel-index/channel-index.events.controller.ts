import { Controller } from '@nestjs/common';
import {
  CUSTOMER_CREATED_V1,
  type CustomerCreatedV1,
  DEAL_CREATED_V1,
  DEAL_LOST_V1,
  DEAL_UPDATED_V1,
  DEAL_WON_V1,
  type DealCreatedV1,
  type DealLostV1,
  type DealUpdatedV1,
  type DealWonV1,
  type EventEnvelope,
  LEAD_CONVERTED_V1,
  LEAD_CREATED_V1,
  LEAD_IMPORT_LEADS_CREATED_V1,
  createdLeadsOf,
  LEAD_STATUS_CHANGED_V1,
  LEAD_UPDATED_V1,
  type LeadConvertedV1,
  type LeadStatusChangedV1,
  type LeadUpdatedV1,
} from '@saleswire/contracts';
import { OnEvent, OnEventBatch, OnStreamBatch, type EventTransaction, type StreamEvent } from '@saleswire/messaging';
import { ChannelIndexService } from './channel-index.service';

/**
 * Feeds the channel index from the leads' and deals' streams; imports bring leads and customers in thousands, so those
 * come in batches, and so do the deals' events (one statement a batch, not one a deal: docs/benchmarks.md).
 */
@Controller()
export class ChannelIndexEventsController {
  constructor(private readonly index: ChannelIndexService) {}

  /** lead.created and an import's chunks of leads (each lead as the lead.created it stands for), a fetch's worth at once. */
  @OnStreamBatch(LEAD_CREATED_V1, LEAD_IMPORT_LEADS_CREATED_V1)
  async onLeadsCreated(events: StreamEvent[], tx: EventTransaction): Promise<void> {
    await this.index.leadsCreated(createdLeadsOf(events), tx);
  }

  @OnEvent(LEAD_UPDATED_V1)
  async onLeadUpdated(event: EventEnvelope<LeadUpdatedV1>, tx: EventTransaction): Promise<void> {
    await this.index.leadUpdated(event.payload.leadId, event.aggregateVersion, event.payload.contact, event.payload.company, event.payload.partnerId, tx);
  }

  @OnEvent(LEAD_STATUS_CHANGED_V1)
  async onLeadStatusChanged(event: EventEnvelope<LeadStatusChangedV1>, tx: EventTransaction): Promise<void> {
    await this.index.leadStatusChanged(event.payload.leadId, event.aggregateVersion, event.payload.to, tx);
  }

  @OnEvent(LEAD_CONVERTED_V1)
  async onLeadConverted(event: EventEnvelope<LeadConvertedV1>, tx: EventTransaction): Promise<void> {
    await this.index.leadStatusChanged(event.payload.leadId, event.aggregateVersion, 'converted', tx);
  }

  @OnEventBatch(CUSTOMER_CREATED_V1)
  async onCustomersCreated(events: EventEnvelope<CustomerCreatedV1>[], tx: EventTransaction): Promise<void> {
    await this.index.customersCreated(events, tx);
  }

  @OnEventBatch(DEAL_CREATED_V1)
  async onDealsCreated(events: EventEnvelope<DealCreatedV1>[], tx: EventTransaction): Promise<void> {
    await this.index.deals(events, false, tx);
  }

  @OnEventBatch(DEAL_UPDATED_V1)
  async onDealsUpdated(events: EventEnvelope<DealUpdatedV1>[], tx: EventTransaction): Promise<void> {
    await this.index.deals(events, false, tx);
  }

  @OnEventBatch(DEAL_WON_V1)
  async onDealsWon(events: EventEnvelope<DealWonV1>[], tx: EventTransaction): Promise<void> {
    await this.index.deals(events, true, tx);
  }

  @OnEventBatch(DEAL_LOST_V1)
  async onDealsLost(events: EventEnvelope<DealLostV1>[], tx: EventTransaction): Promise<void> {
    await this.index.deals(events, true, tx);
  }
}
