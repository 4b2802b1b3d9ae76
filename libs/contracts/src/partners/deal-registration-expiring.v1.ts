import { IsInt, IsISO8601, Max, Min } from 'class-validator';
import type { EventEnvelope } from '../common/envelope';
import { SYSTEM_ACTOR } from '../common/envelope';
import { defineEvent } from '../common/event-contract';
import { DEAL_REGISTRATION_FACTS_FIXTURE, DealRegistrationFactsV1 } from './deal-registration-facts.v1';

/** How close to its end an approved registration's protection is announced as expiring, in days. */
export const EXPIRING_WITHIN_DAYS = 7;

/**
 * `evt.partners.deal-registration.expiring.v1`: an approved registration's protection ends within
 * `EXPIRING_WITHIN_DAYS` days (`protectedUntil`), so the partner can close its deal or ask for an extension.
 * Published once for each end of protection, whatever the replicas; an extension that moves the end into the
 * window again announces the new end.
 */
export class DealRegistrationExpiringV1 extends DealRegistrationFactsV1 {
  /** Whole days left until `protectedUntil`, rounded down (0: it ends within the day). */
  @IsInt()
  @Min(0)
  @Max(EXPIRING_WITHIN_DAYS)
  daysLeft!: number;

  @IsISO8601({ strict: true })
  noticedAt!: string;
}

export const DEAL_REGISTRATION_EXPIRING_V1 = defineEvent('partners.deal-registration.expiring', 1, DealRegistrationExpiringV1);

export const dealRegistrationExpiringV1Fixture: EventEnvelope<DealRegistrationExpiringV1> = {
  eventId: '01936f12-0000-7000-8000-0000000e0a08',
  type: DEAL_REGISTRATION_EXPIRING_V1.type,
  version: DEAL_REGISTRATION_EXPIRING_V1.version,
  occurredAt: '2026-05-29T15:31:00.000Z',
  producer: 'partners',
  aggregateId: DEAL_REGISTRATION_FACTS_FIXTURE.registrationId,
  aggregateVersion: 3,
  correlationId: 'c0ffee00-0000-4000-8000-000000000a08',
  causationId: null,
  actor: SYSTEM_ACTOR,
  payload: {
    ...DEAL_REGISTRATION_FACTS_FIXTURE,
    status: 'approved',
    protectedUntil: '2026-06-04T15:30:00.000Z',
    dealId: '01936f11-0000-7000-8000-0000000d0002',
    daysLeft: 5,
    noticedAt: '2026-05-29T15:31:00.000Z',
  },
};
