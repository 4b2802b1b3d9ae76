import type { EventEnvelope } from './common/envelope';
import type { EventContract } from './common/event-contract';
import { DEALS_EVENT_CATALOGUE } from './deals/catalogue';
import { LEADS_EVENT_CATALOGUE } from './leads/catalogue';
import { CUSTOMER_CREATED_V1, customerCreatedV1Fixture } from './deals/customer-created.v1';
import { LEAD_CONVERTED_V1, leadConvertedV1Fixture } from './leads/lead-converted.v1';
import { LEAD_CREATED_V1, leadCreatedV1Fixture } from './leads/lead-created.v1';
import {
  DEAL_REGISTRATION_APPROVED_V1,
  dealRegistrationApprovedV1Fixture,
} from './partners/deal-registration-approved.v1';

/** Every event contract with its fixture: producers' tests and consumers' tests both feed these. */
export const EVENT_CATALOGUE: ReadonlyArray<{ contract: EventContract; fixture: EventEnvelope<object> }> = [
  { contract: LEAD_CREATED_V1, fixture: leadCreatedV1Fixture },
  { contract: LEAD_CONVERTED_V1, fixture: leadConvertedV1Fixture },
  { contract: CUSTOMER_CREATED_V1, fixture: customerCreatedV1Fixture },
  { contract: DEAL_REGISTRATION_APPROVED_V1, fixture: dealRegistrationApprovedV1Fixture },
  ...DEALS_EVENT_CATALOGUE,
  ...LEADS_EVENT_CATALOGUE,
];
