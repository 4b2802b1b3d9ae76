import type { EventEnvelope } from '../common/envelope';
import { defineEvent } from '../common/event-contract';
import { USER_FACTS_FIXTURE, UserFactsV1 } from './user-facts.v1';

/**
 * `evt.iam.user.deactivated.v1`: a user may no longer act (`active: false`); services stop accepting them as an
 * assignee, owner or team member. Records they already hold keep them.
 */
export class UserDeactivatedV1 extends UserFactsV1 {}

export const USER_DEACTIVATED_V1 = defineEvent('iam.user.deactivated', 1, UserDeactivatedV1);

export const userDeactivatedV1Fixture: EventEnvelope<UserDeactivatedV1> = {
  eventId: '01936f11-0000-7000-8000-0000000f0003',
  type: USER_DEACTIVATED_V1.type,
  version: USER_DEACTIVATED_V1.version,
  occurredAt: '2026-03-03T09:00:00.000Z',
  producer: 'gateway',
  aggregateId: USER_FACTS_FIXTURE.userId,
  aggregateVersion: 3,
  correlationId: 'c0ffee00-0000-4000-8000-0000000000f3',
  causationId: null,
  actor: { id: '01936f0e-8a4b-7c3d-9e2f-000000000001', role: 'admin', partnerId: null },
  payload: { ...USER_FACTS_FIXTURE, name: 'Anna Smirnova-Petrova', role: 'head_of_sales', active: false },
};
