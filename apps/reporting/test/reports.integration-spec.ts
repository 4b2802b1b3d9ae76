import type { NestFastifyApplication } from '@nestjs/platform-fastify';
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
  PAYMENT_RECORDED_V1,
  paymentRecordedV1Fixture,
  type ActorV1,
  type DealFactsV1,
  type EventContract,
  type EventEnvelope,
} from '@saleswire/contracts';
import { discoverEventHandlers } from '@saleswire/messaging';
import { bootInProcess, cleanupSuite, eventually, suiteEnv, suiteSchema, TestProducer } from '@saleswire/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { AppModule } from '../src/app.module';
import { loadConfig } from '../src/config';
import { DealFactEventsController } from '../src/deal-fact/deal-fact.events.controller';
import { LeadSourceEventsController } from '../src/lead-source/lead-source.events.controller';
import { PartnerFactEventsController } from '../src/partner-fact/partner-fact.events.controller';
import { ReportQueryService } from '../src/report/report-query.service';
import { SalesPlanService } from '../src/sales-plan/sales-plan.service';

const HEAD: ActorV1 = { id: '01936f0e-8a4b-7c3d-9e2f-0000000000dd', role: 'head_of_sales', partnerId: null };
const M1 = '01936f0e-8a4b-7c3d-9e2f-0000000000a1';
const M2 = '01936f0e-8a4b-7c3d-9e2f-0000000000a2';
const PARTNER = '01936f0e-8a4b-7c3d-9e2f-00000000bb01';
const AS_OF = '2026-12-31T00:00:00.000Z';

interface Published {
  subject: string;
  event: EventEnvelope<object>;
}

/** A deal event like the producer's fixture, for another deal, version and moment. */
function dealEvent<P extends DealFactsV1>(
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

/** Three deals besides the fixtures': won after a skipped stage, lost, and moved back then changed. */
function scenario(): Published[] {
  const [won, lost, back] = [randomUUID(), randomUUID(), randomUUID()];
  const d1 = { ownerId: M1, amount: 1000, currency: 'EUR' };
  const d2 = { ownerId: M2, amount: 500, currency: 'USD', channel: 'indirect' as const, partnerId: PARTNER };
  const d3 = { ownerId: M1, amount: 300, currency: 'EUR', isRepeat: true };
  return [
    dealEvent(DEAL_CREATED_V1, dealCreatedV1Fixture, won, 1, '2026-02-01T00:00:00.000Z', { ...d1, stage: 'new', createdAt: '2026-02-01T00:00:00.000Z', expectedCloseDate: '2026-03-01' }),
    dealEvent(DEAL_STAGE_CHANGED_V1, dealStageChangedV1Fixture, won, 2, '2026-02-03T00:00:00.000Z', { ...d1, stage: 'proposal', probability: 40, changedAt: '2026-02-03T00:00:00.000Z' }),
    dealEvent(DEAL_STAGE_CHANGED_V1, dealStageChangedV1Fixture, won, 3, '2026-02-05T00:00:00.000Z', { ...d1, stage: 'payment', fromStage: 'proposal', probability: 90, changedAt: '2026-02-05T00:00:00.000Z' }),
    dealEvent(PAYMENT_RECORDED_V1, paymentRecordedV1Fixture, won, 4, '2026-02-08T00:00:00.000Z', { ...d1, stage: 'payment', paymentAmount: 1000, paidAmount: 1000, paidAt: '2026-02-08T00:00:00.000Z' }),
    dealEvent(DEAL_WON_V1, dealWonV1Fixture, won, 5, '2026-02-08T00:00:00.000Z', { ...d1, stage: 'won', paidAmount: 1000, wonAt: '2026-02-08T00:00:00.000Z' }),
    dealEvent(DEAL_CREATED_V1, dealCreatedV1Fixture, lost, 1, '2026-02-02T00:00:00.000Z', { ...d2, stage: 'new', createdAt: '2026-02-02T00:00:00.000Z' }),
    dealEvent(DEAL_STAGE_CHANGED_V1, dealStageChangedV1Fixture, lost, 2, '2026-02-04T00:00:00.000Z', { ...d2, stage: 'qualification', probability: 20, changedAt: '2026-02-04T00:00:00.000Z' }),
    dealEvent(DEAL_LOST_V1, dealLostV1Fixture, lost, 3, '2026-02-06T00:00:00.000Z', { ...d2, stage: 'lost', fromStage: 'qualification', lostAt: '2026-02-06T00:00:00.000Z' }),
    dealEvent(DEAL_CREATED_V1, dealCreatedV1Fixture, back, 1, '2026-02-10T00:00:00.000Z', { ...d3, stage: 'new', createdAt: '2026-02-10T00:00:00.000Z', expectedCloseDate: '2027-01-20' }),
    dealEvent(DEAL_STAGE_CHANGED_V1, dealStageChangedV1Fixture, back, 2, '2026-02-11T00:00:00.000Z', { ...d3, stage: 'contract', probability: 80, changedAt: '2026-02-11T00:00:00.000Z' }),
    dealEvent(DEAL_STAGE_CHANGED_V1, dealStageChangedV1Fixture, back, 3, '2026-02-12T00:00:00.000Z', { ...d3, stage: 'proposal', fromStage: 'contract', probability: 40, changedAt: '2026-02-12T00:00:00.000Z' }),
    dealEvent(DEAL_UPDATED_V1, dealUpdatedV1Fixture, back, 4, '2026-02-13T00:00:00.000Z', { ...d3, stage: 'proposal', amount: 350, expectedCloseDate: '2027-01-25', updatedAt: '2026-02-13T00:00:00.000Z' }),
  ];
}

/** The same order every run: a seeded shuffle. */
function shuffled<T>(items: readonly T[], seed = 42): T[] {
  const copy = [...items];
  let state = seed;
  for (let index = copy.length - 1; index > 0; index -= 1) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const other = state % (index + 1);
    [copy[index], copy[other]] = [copy[other], copy[index]];
  }
  return copy;
}

describe('reporting: reports from every consumed event, whatever the order (real PostgreSQL and JetStream)', () => {
  let producer: TestProducer;
  let pg: Client;
  let app: NestFastifyApplication;
  const schema = suiteSchema('reporting');
  let handled: Published[];

  async function everyReport(asOf = AS_OF): Promise<Record<string, unknown>> {
    const reports = app.get(ReportQueryService);
    const query = { asOf };
    return {
      funnel: await reports.funnel(HEAD, query),
      summary: await reports.summary(HEAD, query),
      managers: await reports.managers(HEAD, { ...query, from: '2026-01-01', to: '2027-01-01' }),
      partners: await reports.partners(HEAD, query),
      forecast: await reports.forecast(HEAD, { asOf: '2026-02-15T00:00:00.000Z', months: 12 }),
    };
  }

  async function feed(events: Published[], run: string): Promise<void> {
    await pg.query(
      `TRUNCATE ${['deal_fact', 'deal_stage_entry', 'pipeline_stage', 'registration_fact', 'commission_fact', 'lead_fact', 'inbox_event'].map((t) => `"${schema}".${t}`).join(', ')}`,
    );
    const copies = new Map<string, number>();
    for (const { subject, event } of events) {
      const copy = (copies.get(event.eventId) ?? 0) + 1;
      copies.set(event.eventId, copy);
      await producer.publish(subject, event, `${event.eventId}-${run}-${copy}`); // past JetStream's de-duplication
    }
    const distinct = new Set(events.map(({ event }) => event.eventId)).size;
    await eventually(
      async () => (await pg.query(`SELECT count(*)::int AS n FROM "${schema}".inbox_event`)).rows[0].n as number,
      (n) => n === distinct,
      { timeoutMs: 20_000 },
    );
  }

  beforeAll(async () => {
    producer = await TestProducer.connect();
    for (const service of ['leads', 'deals', 'partners'] as const) await producer.provision(service);
    pg = new Client({ connectionString: process.env.DATABASE_URL });
    await pg.connect();
    const config = loadConfig(suiteEnv('reporting'));
    app = await bootInProcess(AppModule.forRoot(config), config);
    const controllers = [DealFactEventsController, PartnerFactEventsController, LeadSourceEventsController].map((type) => app.get(type));
    const subjects = new Set(discoverEventHandlers(controllers).routes().map((route) => route.contract.subject));
    const fixtures = EVENT_CATALOGUE.map(({ contract, fixture }) => ({ subject: contract.subject, event: fixture }));
    handled = [...fixtures, ...scenario()].filter(({ subject }) => subjects.has(subject));
  });

  afterAll(async () => {
    await app?.close();
    await producer.close();
    await pg.end();
    await cleanupSuite();
  });

  it('should give the same figures for the events shuffled and delivered twice as for them in order', async () => {
    expect(handled.length).toBeGreaterThan(20);
    await feed(handled, 'ordered');
    const inOrder = await everyReport();
    await feed(shuffled([...handled, ...handled.filter((_, index) => index % 3 === 0)]), 'shuffled');
    expect(await everyReport()).toEqual(inOrder);
    // And the figures are the ones worked out by hand for the scenario (plus the fixtures' deals).
    const summary = inOrder.summary as { won: number; lost: number; revenue: unknown };
    expect(summary).toMatchObject({ won: 2, lost: 2 });
  });

  it('should count a deal as open as of a moment before its win and as won after it', async () => {
    const won = handled.find(({ subject, event }) => subject === DEAL_WON_V1.subject && event.eventId !== dealWonV1Fixture.eventId)!;
    const dealId = won.event.aggregateId;
    const reports = app.get(ReportQueryService);
    const before = await reports.summary(HEAD, { asOf: '2026-02-07T00:00:00.000Z', ownerId: M1 });
    const after = await reports.summary(HEAD, { asOf: '2026-02-09T00:00:00.000Z', ownerId: M1 });
    expect(dealId).toBeDefined();
    expect(before).toMatchObject({ won: 0, open: 1, pipelineValue: [{ currency: 'EUR', value: 1000 }], dataAsOf: '2026-02-07T00:00:00.000Z' });
    expect(after).toMatchObject({ won: 1, open: 0, revenue: [{ currency: 'EUR', value: 1000 }] });
    // The deal was in payment (90 %) the day before its win.
    expect(before.weightedPipeline).toEqual([{ currency: 'EUR', value: 900 }]);
  });

  it('should show a plan as it stood as of a moment before it changed', async () => {
    const plans = app.get(SalesPlanService);
    await plans.put({ actor: HEAD, month: '2026-02', userId: M1, input: { amount: 2000, currency: 'EUR' } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const between = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await plans.put({ actor: HEAD, month: '2026-02', userId: M1, input: { amount: 4000, currency: 'EUR' } });
    const then = await plans.list(HEAD, { month: '2026-02', asOf: between }, new Date(between));
    const now = await plans.list(HEAD, { month: '2026-02' }, new Date());
    expect(then.items).toEqual([expect.objectContaining({ userId: M1, amount: 2000, version: 1 })]);
    expect(now.items).toEqual([expect.objectContaining({ userId: M1, amount: 4000, version: 2 })]);
    const managers = await app.get(ReportQueryService).managers(HEAD, { from: '2026-02-01', to: '2026-03-01' });
    expect(managers.items.find((row) => row.ownerId === M1)).toMatchObject({ plan: [{ currency: 'EUR', value: 4000 }], planDone: 0.25 });
  });
});
