import { Controller } from '@nestjs/common';
import { PIPELINE_CREATED_V1, type EventEnvelope, type PipelineCreatedV1 } from '@saleswire/contracts';
import { OnEvent, OnStreamBatch, type EventTransaction, type StreamEvent } from '@saleswire/messaging';
import { DEAL_FACT_EVENTS, DealFactProjection } from './deal-fact.projection';

/**
 * The deals events every deal report is built from, a fetch's worth of every subject in one transaction
 * (`@OnStreamBatch`, ADR 0025 option 3): a deal created, moved and won in one fetch is locked, read and written once.
 */
@Controller()
export class DealFactEventsController {
  constructor(private readonly projection: DealFactProjection) {}

  @OnStreamBatch(...DEAL_FACT_EVENTS)
  onDealEvents(events: StreamEvent[], tx: EventTransaction): Promise<void> {
    return this.projection.applyEvents(events, tx);
  }

  @OnEvent(PIPELINE_CREATED_V1)
  onPipelineCreated(event: EventEnvelope<PipelineCreatedV1>, tx: EventTransaction): Promise<void> {
    return this.projection.pipelineCreated(event, tx);
  }
}
