import { IsIn, IsISO8601 } from 'class-validator';
import type { EventEnvelope } from '../common/envelope';
import { SYSTEM_ACTOR } from '../common/envelope';
import { defineEvent } from '../common/event-contract';
import { DEAL_REGISTRATION_FACTS_FIXTURE, DealRegistrationFactsV1 } from './deal-registration-facts.v1';
import { REGISTRATION_OUTCOMES, type RegistrationOutcome } from './deal-registration.values';

/** `evt.partners.deal-registration.closed.v1`: the deal an approved registration opened was won or lost. */
export class DealRegistrationClosedV1 extends DealRegistrationFactsV1 {
  @IsIn(REGISTRATION_OUTCOMES)
  outcome!: RegistrationOutcome;

  @IsISO8601({ strict: true })
  closedAt!: string;
}

export const DEAL_REGISTRATION_CLOSED_V1 = defineEvent('partners.deal-registration.closed', 1, DealRegistrationClosedV1);

export const dealRegistrationClosedV1Fixture: EventEnvelope<DealRegistrationClosedV1> = {
  eventId: '01936f12-0000-7000-8000-0000000e0a06',
  type: DEAL_REGISTRATION_CLOSED_V1.type,
  version: DEAL_REGISTRATION_CLOSED_V1.version,
  occurredAt: '2026-05-02T14:00:01.000Z',
  producer: 'partners',
  aggregateId: DEAL_REGISTRATION_FACTS_FIXTURE.registrationId,
  aggregateVersion: 3,
  correlationId: 'c0ffee00-0000-4000-8000-000000000a06',
  causationId: '01936f11-0000-7000-8000-0000000e0003',
  actor: SYSTEM_ACTOR,
  payload: {
    ...DEAL_REGISTRATION_FACTS_FIXTURE,
    status: 'closed',
    protectedUntil: '2026-06-04T15:30:00.000Z',
    dealId: '01936f11-0000-7000-8000-0000000d0002',
    outcome: 'won',
    closedAt: '2026-05-02T14:00:00.000Z',
  },
};
