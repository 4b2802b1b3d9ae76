import { Controller } from '@nestjs/common';
import {
  DEAL_CREATED_V1,
  DEAL_LOST_V1,
  DEAL_STAGE_CHANGED_V1,
  DEAL_UPDATED_V1,
  DEAL_WON_V1,
  PAYMENT_RECORDED_V1,
  PIPELINE_CREATED_V1,
  type DealCreatedV1,
  type DealLostV1,
  type DealStageChangedV1,
  type DealUpdatedV1,
  type DealWonV1,
  type EventEnvelope,
  type PaymentRecordedV1,
  type PipelineCreatedV1,
} from '@saleswire/contracts';
import { OnEvent, OnEventBatch, type EventTransaction } from '@saleswire/messaging';
import { DealFactProjection } from './deal-fact.projection';

/**
 * The deals events every deal report is built from, a fetch's worth in one transaction each (`@OnEventBatch`):
 * one commit and two statements per batch instead of per event.
 */
@Controller()
export class DealFactEventsController {
  constructor(private readonly projection: DealFactProjection) {}

  @OnEventBatch(DEAL_CREATED_V1)
  async onCreated(events: EventEnvelope<DealCreatedV1>[], tx: EventTransaction): Promise<void> {
    await this.projection.created(events, tx);
  }

  @OnEventBatch(DEAL_STAGE_CHANGED_V1)
  async onStageChanged(events: EventEnvelope<DealStageChangedV1>[], tx: EventTransaction): Promise<void> {
    await this.projection.stageChanged(events, tx);
  }

  @OnEventBatch(DEAL_UPDATED_V1)
  async onUpdated(events: EventEnvelope<DealUpdatedV1>[], tx: EventTransaction): Promise<void> {
    await this.projection.updated(events, tx);
  }

  @OnEventBatch(DEAL_WON_V1)
  async onWon(events: EventEnvelope<DealWonV1>[], tx: EventTransaction): Promise<void> {
    await this.projection.won(events, tx);
  }

  @OnEventBatch(DEAL_LOST_V1)
  async onLost(events: EventEnvelope<DealLostV1>[], tx: EventTransaction): Promise<void> {
    await this.projection.lost(events, tx);
  }

  @OnEventBatch(PAYMENT_RECORDED_V1)
  async onPaymentRecorded(events: EventEnvelope<PaymentRecordedV1>[], tx: EventTransaction): Promise<void> {
    await this.projection.paymentRecorded(events, tx);
  }

  @OnEvent(PIPELINE_CREATED_V1)
  onPipelineCreated(event: EventEnvelope<PipelineCreatedV1>, tx: EventTransaction): Promise<void> {
    return this.projection.pipelineCreated(event, tx);
  }
}
