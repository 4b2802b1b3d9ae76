import {
  DEAL_CREATED_V1,
  DEAL_LOST_V1,
  DEAL_STAGE_CHANGED_V1,
  DEAL_UPDATED_V1,
  DEAL_WON_V1,
  dealCreatedV1Fixture,
  dealLostV1Fixture,
  dealStageChangedV1Fixture,
  dealUpdatedV1Fixture,
  dealWonV1Fixture,
  EVENT_CATALOGUE,
  LEAD_OFFER_ACCEPTED_V1,
  LEAD_OFFER_DECLINED_V1,
  LEAD_OFFER_LAPSED_V1,
  LEAD_OFFER_MADE_V1,
  leadOfferMadeV1Fixture,
  type LeadOfferStatus,
  PAYMENT_RECORDED_V1,
  paymentRecordedV1Fixture,
  type ActorV1,
  type DealFactsV1,
  type EventContract,
  type EventEnvelope,
} from '@saleswire/contracts';
import { discoverEventHandlers } from '@saleswire/messaging';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { eventually, seededRandom } from '@saleswire/testing';
import { DealFactEventsController } from '../src/deal-fact/deal-fact.events.controller';
import { LeadSourceEventsController } from '../src/lead-source/lead-source.events.controller';
import { PartnerFactEventsController } from '../src/partner-fact/partner-fact.events.controller';
import { ReportFactsReader } from '../src/report/report-facts.reader';
import { PROJECTED_TABLES } from '../src/rebuild/read-model-rebuild';
import { ReportQueryService } from '../src/report/report-query.service';
import type { ReportingSuite } from './support';

// What the reporting integration specs feed: every consumed fixture and a small hand-made scenario.

export const HEAD: ActorV1 = { id: '01936f0e-8a4b-7c3d-9e2f-0000000000dd', role: 'head_of_sales', partnerId: null };
export const M1 = '01936f0e-8a4b-7c3d-9e2f-0000000000a1';
export const M2 = '01936f0e-8a4b-7c3d-9e2f-0000000000a2';
export const PARTNER = '01936f0e-8a4b-7c3d-9e2f-00000000bb01';
export const AS_OF = '2026-12-31T00:00:00.000Z';

export interface Published {
  subject: string;
  event: EventEnvelope<object>;
}

/** A deal event like the producer's fixture, for another deal, version and moment. */
export function dealEvent<P extends DealFactsV1>(
  contract: EventContract<P>,
  fixture: EventEnvelope<P>,
  dealId: string,
  version: number,
  at: string,
  payload: Partial<P>,
): Published {
  return {
    subject: contract.subject,
    event: { ...fixture, eventId: randomUUID(), aggregateId: dealId, aggregateVersion: version, occurredAt: at, payload: { ...fixture.payload, dealId, ...payload } },
  };
}

/** An offer of a lead to PARTNER made on `day` of February 2026 and, unless still open, decided the next day. */
export function offerEvents(day: number, decision: Exclude<LeadOfferStatus, 'offered'> | null): Published[] {
  const offerId = randomUUID();
  const offeredAt = `2026-02-${String(day).padStart(2, '0')}T09:00:00.000Z`;
  const facts = { ...leadOfferMadeV1Fixture.payload, offerId, leadId: randomUUID(), partnerId: PARTNER, offeredAt };
  const made: Published = {
    subject: LEAD_OFFER_MADE_V1.subject,
    event: { ...leadOfferMadeV1Fixture, eventId: randomUUID(), aggregateId: offerId, aggregateVersion: 1, occurredAt: offeredAt, payload: facts },
  };
  if (!decision) return [made];
  const decidedAt = `2026-02-${String(day + 1).padStart(2, '0')}T09:00:00.000Z`;
  const contract = { accepted: LEAD_OFFER_ACCEPTED_V1, declined: LEAD_OFFER_DECLINED_V1, lapsed: LEAD_OFFER_LAPSED_V1 }[decision];
  return [
    made,
    {
      subject: contract.subject,
      event: { ...made.event, eventId: randomUUID(), type: contract.type, aggregateVersion: 2, occurredAt: decidedAt, payload: { ...facts, status: decision, decidedAt } },
    },
  ];
}

/**
 * Three deals besides the fixtures': won after a skipped stage, lost, and moved back then re-assigned from M1 to M2
 * with a new amount (300 → 350 EUR on 2026-02-13); and four lead offers to PARTNER (accepted, declined, lapsed, open).
 */
export function scenario(): Published[] {
  const [won, lost, back] = [randomUUID(), randomUUID(), randomUUID()];
  const d1 = { ownerId: M1, amount: 1000, currency: 'EUR' };
  const d2 = { ownerId: M2, amount: 500, currency: 'USD', channel: 'indirect' as const, partnerId: PARTNER };
  const d3 = { ownerId: M1, amount: 300, currency: 'EUR', isRepeat: true };
  return [
    dealEvent(DEAL_CREATED_V1, dealCreatedV1Fixture, won, 1, '2026-02-01T00:00:00.000Z', { ...d1, stage: 'new', leadId: null, createdAt: '2026-02-01T00:00:00.000Z', expectedCloseDate: '2026-03-01' }),
    dealEvent(DEAL_STAGE_CHANGED_V1, dealStageChangedV1Fixture, won, 2, '2026-02-03T00:00:00.000Z', { ...d1, stage: 'proposal', probability: 40, changedAt: '2026-02-03T00:00:00.000Z' }),
    dealEvent(DEAL_STAGE_CHANGED_V1, dealStageChangedV1Fixture, won, 3, '2026-02-05T00:00:00.000Z', { ...d1, stage: 'payment', fromStage: 'proposal', probability: 90, changedAt: '2026-02-05T00:00:00.000Z' }),
    dealEvent(PAYMENT_RECORDED_V1, paymentRecordedV1Fixture, won, 4, '2026-02-08T00:00:00.000Z', { ...d1, stage: 'payment', paymentAmount: 1000, paidAmount: 1000, paidAt: '2026-02-08T00:00:00.000Z' }),
    dealEvent(DEAL_WON_V1, dealWonV1Fixture, won, 5, '2026-02-08T00:00:00.000Z', { ...d1, stage: 'won', paidAmount: 1000, wonAt: '2026-02-08T00:00:00.000Z' }),
    dealEvent(DEAL_CREATED_V1, dealCreatedV1Fixture, lost, 1, '2026-02-02T00:00:00.000Z', { ...d2, stage: 'new', leadId: null, createdAt: '2026-02-02T00:00:00.000Z' }),
    dealEvent(DEAL_STAGE_CHANGED_V1, dealStageChangedV1Fixture, lost, 2, '2026-02-04T00:00:00.000Z', { ...d2, stage: 'qualification', probability: 20, changedAt: '2026-02-04T00:00:00.000Z' }),
    dealEvent(DEAL_LOST_V1, dealLostV1Fixture, lost, 3, '2026-02-06T00:00:00.000Z', { ...d2, stage: 'lost', fromStage: 'qualification', lostAt: '2026-02-06T00:00:00.000Z' }),
    dealEvent(DEAL_CREATED_V1, dealCreatedV1Fixture, back, 1, '2026-02-10T00:00:00.000Z', { ...d3, stage: 'new', leadId: null, createdAt: '2026-02-10T00:00:00.000Z', expectedCloseDate: '2027-01-20' }),
    dealEvent(DEAL_STAGE_CHANGED_V1, dealStageChangedV1Fixture, back, 2, '2026-02-11T00:00:00.000Z', { ...d3, stage: 'contract', probability: 80, changedAt: '2026-02-11T00:00:00.000Z' }),
    dealEvent(DEAL_STAGE_CHANGED_V1, dealStageChangedV1Fixture, back, 3, '2026-02-12T00:00:00.000Z', { ...d3, stage: 'proposal', fromStage: 'contract', probability: 40, changedAt: '2026-02-12T00:00:00.000Z' }),
    dealEvent(DEAL_UPDATED_V1, dealUpdatedV1Fixture, back, 4, '2026-02-13T00:00:00.000Z', { ...d3, ownerId: M2, stage: 'proposal', amount: 350, expectedCloseDate: '2027-01-25', updatedAt: '2026-02-13T00:00:00.000Z' }),
    ...offerEvents(3, 'accepted'),
    ...offerEvents(5, 'declined'),
    ...offerEvents(7, 'lapsed'),
    ...offerEvents(9, null),
  ];
}

/** The same order every run: a seeded shuffle. */
export function shuffled<T>(items: readonly T[], seed = 42): T[] {
  const copy = [...items];
  const next = seededRandom(seed);
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(next() * (index + 1));
    [copy[index], copy[other]] = [copy[other], copy[index]];
  }
  return copy;
}


/** Every event the reporting handlers take: the catalogue's fixtures of those subjects, and a fresh scenario. */
export function consumedEvents(app: NestFastifyApplication): Published[] {
  const controllers = [DealFactEventsController, PartnerFactEventsController, LeadSourceEventsController].map((type) => app.get(type));
  const subjects = new Set(discoverEventHandlers(controllers).routes().map((route) => route.contract.subject));
  const fixtures = EVENT_CATALOGUE.map(({ contract, fixture }) => ({ subject: contract.subject, event: fixture }));
  return [...fixtures, ...scenario()].filter(({ subject }) => subjects.has(subject));
}

/** Every report as the head of sales sees it, as of one moment. */
export async function everyReport(app: NestFastifyApplication, asOf = AS_OF): Promise<Record<string, unknown>> {
  const reports = app.get(ReportQueryService);
  const query = { asOf };
  return {
    funnel: await reports.funnel(HEAD, query),
    summary: await reports.summary(HEAD, query),
    managers: await reports.managers(HEAD, { ...query, from: '2026-01-01', to: '2027-01-01' }),
    partners: await reports.partners(HEAD, query),
    forecast: await reports.forecast(HEAD, { asOf: '2026-02-15T00:00:00.000Z', months: 12 }),
    leadSources: await app.get(ReportFactsReader).leadSources({ asOf }),
  };
}

/** Every table built from events (the rebuild's list, the pre-aggregated rows included): what `fresh` empties. */
export const PROJECTED: readonly string[] = PROJECTED_TABLES;

/**
 * Publishes the events (each copy under its own message id, past JetStream's de-duplication) and waits until the
 * inbox of `consumer` holds every distinct one; `fresh` empties the read models and the inbox first.
 */
export async function feed(
  { pg, producer, schema }: Pick<ReportingSuite, 'pg' | 'producer' | 'schema'>,
  events: Published[],
  run: string,
  options: { fresh?: boolean; consumer?: string } = {},
): Promise<void> {
  if (options.fresh ?? true) await pg.query(`TRUNCATE ${[...PROJECTED, 'inbox_event'].map((t) => `"${schema}".${t}`).join(', ')}`);
  const copies = new Map<string, number>();
  for (const { subject, event } of events) {
    const copy = (copies.get(event.eventId) ?? 0) + 1;
    copies.set(event.eventId, copy);
    await producer.publish(subject, event, `${event.eventId}-${run}-${copy}`);
  }
  const ids = [...new Set(events.map(({ event }) => event.eventId))];
  await eventually(
    async () => (await pg.query(`SELECT count(*)::int AS n FROM "${schema}".inbox_event WHERE consumer = $1 AND event_id = ANY($2::uuid[])`, [options.consumer ?? 'reporting', ids])).rows[0].n as number,
    (n) => n === ids.length,
    { timeoutMs: 30_000 },
  );
}
