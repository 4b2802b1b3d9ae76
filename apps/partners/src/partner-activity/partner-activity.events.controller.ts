import { Controller } from '@nestjs/common';
import {
  DEAL_CREATED_V1,
  DEAL_LOST_V1,
  DEAL_STAGE_CHANGED_V1,
  DEAL_UPDATED_V1,
  DEAL_WON_V1,
  type DealCreatedV1,
  type DealLostV1,
  type DealStageChangedV1,
  type DealUpdatedV1,
  type DealWonV1,
  type EventEnvelope,
  LEAD_CONVERTED_V1,
  LEAD_CREATED_V1,
  LEAD_IMPORT_LEADS_CREATED_V1,
  leadCreatedEvents,
  LEAD_STATUS_CHANGED_V1,
  LEAD_UPDATED_V1,
  type LeadConvertedV1,
  type LeadCreatedV1,
  type LeadImportLeadsCreatedV1,
  type LeadStatusChangedV1,
  type LeadUpdatedV1,
  PAYMENT_RECORDED_V1,
  type PaymentRecordedV1,
} from '@saleswire/contracts';
import { causedBy, OnEvent, OnEventBatch, type EventTransaction } from '@saleswire/messaging';
import { PartnerActivityService } from './partner-activity.service';

/** The leads' and deals' events a partner's feed tells of (ADR 0023); each handler runs in the event's transaction. */
@Controller()
export class PartnerActivityEventsController {
  constructor(private readonly activity: PartnerActivityService) {}

  @OnEvent(LEAD_CREATED_V1)
  onLeadCreated(event: EventEnvelope<LeadCreatedV1>, tx: EventTransaction): Promise<void> {
    return this.activity.leadChanged({ change: 'created', event }, tx);
  }

  /** An import's chunk: each lead as the lead.created it stands for. */
  @OnEvent(LEAD_IMPORT_LEADS_CREATED_V1)
  async onLeadsImported(event: EventEnvelope<LeadImportLeadsCreatedV1>, tx: EventTransaction): Promise<void> {
    for (const created of leadCreatedEvents(event)) await causedBy(created, () => this.activity.leadChanged({ change: 'created', event: created }, tx));
  }

  @OnEvent(LEAD_UPDATED_V1)
  onLeadUpdated(event: EventEnvelope<LeadUpdatedV1>, tx: EventTransaction): Promise<void> {
    return this.activity.leadChanged({ change: 'updated', event }, tx);
  }

  @OnEvent(LEAD_STATUS_CHANGED_V1)
  onLeadStatusChanged(event: EventEnvelope<LeadStatusChangedV1>, tx: EventTransaction): Promise<void> {
    return this.activity.leadChanged({ change: 'status-changed', event }, tx);
  }

  @OnEvent(LEAD_CONVERTED_V1)
  onLeadConverted(event: EventEnvelope<LeadConvertedV1>, tx: EventTransaction): Promise<void> {
    return this.activity.leadChanged({ change: 'converted', event }, tx);
  }

  @OnEvent(DEAL_CREATED_V1)
  onDealCreated(event: EventEnvelope<DealCreatedV1>, tx: EventTransaction): Promise<void> {
    return this.activity.dealChanged({ change: 'created', event }, tx);
  }

  @OnEvent(DEAL_UPDATED_V1)
  onDealUpdated(event: EventEnvelope<DealUpdatedV1>, tx: EventTransaction): Promise<void> {
    return this.activity.dealChanged({ change: 'updated', event }, tx);
  }

  @OnEvent(DEAL_STAGE_CHANGED_V1)
  onDealStageChanged(event: EventEnvelope<DealStageChangedV1>, tx: EventTransaction): Promise<void> {
    return this.activity.dealChanged({ change: 'stage-changed', event }, tx);
  }

  /**
   * Payments come in bursts (a deal paid in parts, an import of payments) and no other handler here takes them: a
   * batch is one transaction and one inbox statement, not one of each a payment (docs/benchmarks.md).
   */
  @OnEventBatch(PAYMENT_RECORDED_V1)
  async onPaymentsRecorded(events: EventEnvelope<PaymentRecordedV1>[], tx: EventTransaction): Promise<void> {
    for (const event of events) await causedBy(event, () => this.activity.dealChanged({ change: 'payment-recorded', event }, tx));
  }

  @OnEvent(DEAL_WON_V1)
  onDealWon(event: EventEnvelope<DealWonV1>, tx: EventTransaction): Promise<void> {
    return this.activity.dealChanged({ change: 'won', event }, tx);
  }

  @OnEvent(DEAL_LOST_V1)
  onDealLost(event: EventEnvelope<DealLostV1>, tx: EventTransaction): Promise<void> {
    return this.activity.dealChanged({ change: 'lost', event }, tx);
  }
}
