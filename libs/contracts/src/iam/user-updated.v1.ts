import type { EventEnvelope } from '../common/envelope';
import { defineEvent } from '../common/event-contract';
import { USER_FACTS_FIXTURE, UserFactsV1 } from './user-facts.v1';

/**
 * `evt.iam.user.updated.v1`: a user's name or role changed, or a deactivated user was made active again; the
 * payload is the whole user after the change.
 */
export class UserUpdatedV1 extends UserFactsV1 {}

export const USER_UPDATED_V1 = defineEvent('iam.user.updated', 1, UserUpdatedV1);

export const userUpdatedV1Fixture: EventEnvelope<UserUpdatedV1> = {
  eventId: '01936f11-0000-7000-8000-0000000f0002',
  type: USER_UPDATED_V1.type,
  version: USER_UPDATED_V1.version,
  occurredAt: '2026-03-02T09:00:00.000Z',
  producer: 'gateway',
  aggregateId: USER_FACTS_FIXTURE.userId,
  aggregateVersion: 2,
  correlationId: 'c0ffee00-0000-4000-8000-0000000000f2',
  causationId: null,
  actor: { id: '01936f0e-8a4b-7c3d-9e2f-000000000001', role: 'admin', partnerId: null },
  payload: { ...USER_FACTS_FIXTURE, name: 'Anna Smirnova-Petrova', role: 'head_of_sales' },
};
