import type { EventEnvelope } from '../common/envelope';
import type { EventContract } from '../common/event-contract';
import { USER_CREATED_V1, userCreatedV1Fixture } from './user-created.v1';
import { USER_DEACTIVATED_V1, userDeactivatedV1Fixture } from './user-deactivated.v1';
import { USER_UPDATED_V1, userUpdatedV1Fixture } from './user-updated.v1';

/** Every event the gateway publishes about its users; `registry.ts` spreads them into EVENT_CATALOGUE. */
export const IAM_EVENT_CATALOGUE: ReadonlyArray<{ contract: EventContract; fixture: EventEnvelope<object> }> = [
  { contract: USER_CREATED_V1, fixture: userCreatedV1Fixture },
  { contract: USER_UPDATED_V1, fixture: userUpdatedV1Fixture },
  { contract: USER_DEACTIVATED_V1, fixture: userDeactivatedV1Fixture },
];

/** The user events as one list, for a consumer that keeps a directory of users. */
export const USER_EVENTS = [USER_CREATED_V1, USER_UPDATED_V1, USER_DEACTIVATED_V1] as const;
