import type { EventEnvelope } from '../common/envelope';
import type { EventContract } from '../common/event-contract';
import { DEAL_REGISTRATION_APPROVED_V1, dealRegistrationApprovedV1Fixture } from './deal-registration-approved.v1';

/** Every event the partners service publishes, with its fixture; `registry.ts` spreads them into EVENT_CATALOGUE. */
export const PARTNERS_EVENT_CATALOGUE: ReadonlyArray<{ contract: EventContract; fixture: EventEnvelope<object> }> = [
  { contract: DEAL_REGISTRATION_APPROVED_V1, fixture: dealRegistrationApprovedV1Fixture },
];
