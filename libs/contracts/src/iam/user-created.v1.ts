import type { EventEnvelope } from '../common/envelope';
import { defineEvent } from '../common/event-contract';
import { USER_FACTS_FIXTURE, UserFactsV1 } from './user-facts.v1';

/** `evt.iam.user.created.v1`: a user was added to the directory (aggregateVersion 1). */
export class UserCreatedV1 extends UserFactsV1 {}

export const USER_CREATED_V1 = defineEvent('iam.user.created', 1, UserCreatedV1);

export const userCreatedV1Fixture: EventEnvelope<UserCreatedV1> = {
  eventId: '01936f11-0000-7000-8000-0000000f0001',
  type: USER_CREATED_V1.type,
  version: USER_CREATED_V1.version,
  occurredAt: '2026-03-01T09:00:00.000Z',
  producer: 'gateway',
  aggregateId: USER_FACTS_FIXTURE.userId,
  aggregateVersion: 1,
  correlationId: 'c0ffee00-0000-4000-8000-0000000000f1',
  causationId: null,
  actor: { id: '01936f0e-8a4b-7c3d-9e2f-000000000001', role: 'admin', partnerId: null },
  payload: { ...USER_FACTS_FIXTURE },
};
