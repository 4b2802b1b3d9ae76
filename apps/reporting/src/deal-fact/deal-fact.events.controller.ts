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
import { OnEvent, type EventTransaction } from '@saleswire/messaging';
import { DealFactProjection } from './deal-fact.projection';

/** The deals events every deal report is built from. */
@Controller()
export class DealFactEventsController {
  constructor(private readonly projection: DealFactProjection) {}

  @OnEvent(DEAL_CREATED_V1)
  onCreated(event: EventEnvelope<DealCreatedV1>, tx: EventTransaction): Promise<void> {
    return this.projection.created(event, tx);
  }

  @OnEvent(DEAL_STAGE_CHANGED_V1)
  onStageChanged(event: EventEnvelope<DealStageChangedV1>, tx: EventTransaction): Promise<void> {
    return this.projection.stageChanged(event, tx);
  }

  @OnEvent(DEAL_UPDATED_V1)
  onUpdated(event: EventEnvelope<DealUpdatedV1>, tx: EventTransaction): Promise<void> {
    return this.projection.updated(event, tx);
  }

  @OnEvent(DEAL_WON_V1)
  onWon(event: EventEnvelope<DealWonV1>, tx: EventTransaction): Promise<void> {
    return this.projection.won(event, tx);
  }

  @OnEvent(DEAL_LOST_V1)
  onLost(event: EventEnvelope<DealLostV1>, tx: EventTransaction): Promise<void> {
    return this.projection.lost(event, tx);
  }

  @OnEvent(PAYMENT_RECORDED_V1)
  onPaymentRecorded(event: EventEnvelope<PaymentRecordedV1>, tx: EventTransaction): Promise<void> {
    return this.projection.paymentRecorded(event, tx);
  }

  @OnEvent(PIPELINE_CREATED_V1)
  onPipelineCreated(event: EventEnvelope<PipelineCreatedV1>, tx: EventTransaction): Promise<void> {
    return this.projection.pipelineCreated(event, tx);
  }
}
