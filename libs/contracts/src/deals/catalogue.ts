import type { EventEnvelope } from '../common/envelope';
import type { EventContract } from '../common/event-contract';
import { CUSTOMER_CREATED_V1, customerCreatedV1Fixture } from './customer-created.v1';
import { DEAL_CREATED_V1, dealCreatedV1Fixture } from './deal-created.v1';
import { DEAL_LOST_V1, dealLostV1Fixture } from './deal-lost.v1';
import { DEAL_STAGE_CHANGED_V1, dealStageChangedV1Fixture } from './deal-stage-changed.v1';
import { DEAL_UPDATED_V1, dealUpdatedV1Fixture } from './deal-updated.v1';
import { DEAL_WON_V1, dealWonV1Fixture } from './deal-won.v1';
import { PIPELINE_CREATED_V1, pipelineCreatedV1Fixture } from './pipeline-created.v1';
import { PAYMENT_RECORDED_V1, paymentRecordedV1Fixture } from './payment-recorded.v1';
import { REPEAT_SALE_DUE_V1, repeatSaleDueV1Fixture } from './repeat-sale-due.v1';

/** Every event the deals service publishes, with its fixture; `registry.ts` spreads them into EVENT_CATALOGUE. */
export const DEALS_EVENT_CATALOGUE: ReadonlyArray<{ contract: EventContract; fixture: EventEnvelope<object> }> = [
  { contract: CUSTOMER_CREATED_V1, fixture: customerCreatedV1Fixture },
  { contract: DEAL_CREATED_V1, fixture: dealCreatedV1Fixture },
  { contract: DEAL_STAGE_CHANGED_V1, fixture: dealStageChangedV1Fixture },
  { contract: DEAL_UPDATED_V1, fixture: dealUpdatedV1Fixture },
  { contract: DEAL_WON_V1, fixture: dealWonV1Fixture },
  { contract: DEAL_LOST_V1, fixture: dealLostV1Fixture },
  { contract: PAYMENT_RECORDED_V1, fixture: paymentRecordedV1Fixture },
  { contract: REPEAT_SALE_DUE_V1, fixture: repeatSaleDueV1Fixture },
  { contract: PIPELINE_CREATED_V1, fixture: pipelineCreatedV1Fixture },
];
