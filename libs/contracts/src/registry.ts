import type { EventEnvelope } from './common/envelope';
import type { EventContract } from './common/event-contract';
import { LEAD_CREATED_V1, leadCreatedV1Fixture } from './leads/lead-created.v1';

/** Every event contract with its fixture: producers' tests and consumers' tests both feed these. */
export const EVENT_CATALOGUE: ReadonlyArray<{ contract: EventContract; fixture: EventEnvelope<object> }> = [
  { contract: LEAD_CREATED_V1, fixture: leadCreatedV1Fixture },
];
