import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DEAL_CREATED_V1, DEAL_STAGE_CHANGED_V1, DEAL_WON_V1, dealCreatedV1Fixture, dealStageChangedV1Fixture, dealWonV1Fixture } from '@saleswire/contracts';
import { EventTarget } from '@saleswire/messaging';
import { DataSource } from 'typeorm';
import { DealFactProjection } from '../src/deal-fact/deal-fact.projection';
import { ReportQueryService } from '../src/report/report-query.service';
import { SalesPlanService } from '../src/sales-plan/sales-plan.service';
import { consumedEvents, everyReport, feed, HEAD, M1, M2, PARTNER, shuffled, type Published } from './report-events';
import { type ReportingSuite, startReportingSuite } from './support';

describe('reporting: reports from every consumed event, whatever the order (real PostgreSQL and JetStream)', () => {
  let suite: ReportingSuite;
  let app: NestFastifyApplication;
  let handled: Published[];

  beforeAll(async () => {
    suite = await startReportingSuite();
    app = suite.app;
    handled = consumedEvents(app);
  });

  afterAll(() => suite?.close());

  it('should give the same figures for the events shuffled and delivered twice as for them in order', async () => {
    expect(handled.length).toBeGreaterThan(20);
    await feed(suite, handled, 'ordered');
    const inOrder = await everyReport(app);
    await feed(suite, shuffled([...handled, ...handled.filter((_, index) => index % 3 === 0)]), 'shuffled');
    expect(await everyReport(app)).toEqual(inOrder);
    // And the figures are the ones worked out by hand for the scenario (plus the fixtures' deals).
    const summary = inOrder.summary as { won: number; lost: number; revenue: unknown };
    expect(summary).toMatchObject({ won: 2, lost: 2 });
    // The fixtures' lead came from an exhibition costing 18,000 EUR, was converted, and its deal won 125,000.50 EUR;
    // the import fixture's two leads came from the same exhibition and from the website, and went no further.
    expect(inOrder.leadSources).toEqual([
      expect.objectContaining({ source: 'exhibition', leads: 2, converted: 1, won: 1, revenue: [{ currency: 'EUR', value: 125000.5 }], cost: { currency: 'EUR', value: 18000 }, roi: 5.9445 }),
      expect.objectContaining({ source: 'website', marketingEventId: null, leads: 1, converted: 0, won: 0, revenue: [], cost: null, roi: null }),
    ]);
    // Four offers of the scenario and the fixtures' one, whose newest event (by version, then id) says it lapsed.
    const partners = inOrder.partners as { items: Array<{ partnerId: string }> };
    expect(partners.items.find((row) => row.partnerId === PARTNER)).toMatchObject({ offersMade: 5, offersAccepted: 1, offersDeclined: 1, offersLapsed: 2 });
  });

  it('should give the same figures with two replicas sharing the events as with one', async () => {
    await feed(suite, handled, 'one');
    const single = await everyReport(app);
    const second = await suite.replica();
    try {
      await feed(suite, shuffled([...handled, ...handled], 7), 'two');
      expect(await everyReport(app)).toEqual(single);
      expect(await everyReport(second)).toEqual(single);
    } finally {
      await second.close();
    }
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

  it('should show a deal under the owner and with the amount it had as of a moment before it was re-assigned', async () => {
    const reports = app.get(ReportQueryService);
    const before = '2026-02-12T12:00:00.000Z';
    const after = '2026-02-14T00:00:00.000Z';
    // The deal moved back to proposal (40 %) belonged to M1 at 300 EUR until 2026-02-13, then to M2 at 350 EUR.
    expect(await reports.summary(HEAD, { asOf: before, ownerId: M1 })).toMatchObject({ open: 1, pipelineValue: [{ currency: 'EUR', value: 300 }] });
    expect(await reports.summary(HEAD, { asOf: before, ownerId: M2 })).toMatchObject({ open: 0, pipelineValue: [] });
    expect(await reports.summary(HEAD, { asOf: after, ownerId: M1 })).toMatchObject({ open: 0, pipelineValue: [] });
    expect(await reports.summary(HEAD, { asOf: after, ownerId: M2 })).toMatchObject({ open: 1, pipelineValue: [{ currency: 'EUR', value: 350 }], weightedPipeline: [{ currency: 'EUR', value: 140 }] });
    // Without asOf: the newest attributes.
    expect(await reports.summary(HEAD, { ownerId: M2, from: '2026-02-01', to: '2026-03-01' })).toMatchObject({ open: 1, pipelineValue: [{ currency: 'EUR', value: 350 }] });
  });

  it('should give from each deal\'s history as of now the figures its newest facts give (the two read models agree)', async () => {
    const reports = app.get(ReportQueryService);
    const now = new Date(Date.now() + 60_000).toISOString(); // asOf reads deal_fact_history, no asOf reads deal_fact
    for (const filter of [{}, { ownerId: M1 }, { ownerId: M2 }, { channel: 'indirect' as const }, { isRepeat: true }, { partnerId: PARTNER }]) {
      const [summary, summaryAsOf] = await Promise.all([reports.summary(HEAD, filter), reports.summary(HEAD, { ...filter, asOf: now })]);
      expect(summaryAsOf).toEqual(summary);
      const [managers, managersAsOf] = await Promise.all([reports.managers(HEAD, filter), reports.managers(HEAD, { ...filter, asOf: now })]);
      expect(managersAsOf).toEqual(managers);
      const [funnel, funnelAsOf] = await Promise.all([reports.funnel(HEAD, filter), reports.funnel(HEAD, { ...filter, asOf: now })]);
      expect(funnelAsOf).toEqual(funnel);
    }
  });

  it('should count lead offers as they stood as of a moment: made by then, decided only if decided by then', async () => {
    const report = await app.get(ReportQueryService).partners(HEAD, { asOf: '2026-02-08T00:00:00.000Z', partnerId: PARTNER });
    // Offers of 3, 5 and 7 February made; the one of the 7th lapses on the 8th at 09:00, after the moment.
    expect(report.items).toEqual([expect.objectContaining({ partnerId: PARTNER, offersMade: 3, offersAccepted: 1, offersDeclined: 1, offersLapsed: 0 })]);
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

  it('should say as dataAsOf the moment of the newest deal event projected, however late the older ones come', async () => {
    const deals = handled.filter(({ event }) => event.type.startsWith('deals.deal.'));
    const newestFirst = [...deals].sort((a, b) => Date.parse(b.event.occurredAt) - Date.parse(a.event.occurredAt));
    await feed(suite, [...newestFirst, ...shuffled(deals, 11)], 'freshness');
    const summary = await app.get(ReportQueryService).summary(HEAD, {});
    expect(summary.dataAsOf).toBe(new Date(Date.parse(newestFirst[0].event.occurredAt)).toISOString());
  });

  it("should update a deal's fact row in place (HOT, no index written) when an event changes no indexed column", async () => {
    const projection = app.get(DealFactProjection);
    // A deal of its own (the scenario's fixtures hold the fixtures' deal): created, then moved a stage.
    const dealId = randomUUID();
    const created = { ...dealCreatedV1Fixture, eventId: randomUUID(), aggregateId: dealId, payload: { ...dealCreatedV1Fixture.payload, dealId } };
    const moved = { ...dealStageChangedV1Fixture, eventId: randomUUID(), aggregateId: dealId, payload: { ...dealStageChangedV1Fixture.payload, dealId } };
    // The counts of this connection's transaction and of what it has not reported yet: compared before and after.
    const [before, after] = await app.get(DataSource).transaction(async (manager) => {
      const tx = { manager, target: EventTarget.of(manager) };
      const count = async (): Promise<{ updated: number; hot: number }> =>
        (
          await manager.query(`SELECT n_tup_upd::int AS updated, n_tup_hot_upd::int AS hot FROM pg_stat_xact_user_tables WHERE schemaname = $1 AND relname = 'deal_fact'`, [
            suite.schema,
          ])
        )[0];
      await projection.applyEvents([{ contract: DEAL_CREATED_V1, event: created }], tx);
      const first = await count();
      await projection.applyEvents([{ contract: DEAL_STAGE_CHANGED_V1, event: moved }], tx);
      return [first, await count()];
    });
    expect({ updated: after.updated - before.updated, hot: after.hot - before.hot }).toEqual({ updated: 1, hot: 1 });
    // Room on each page for a deal's later versions: a full page would send them to another, and through every index.
    const { rows } = await suite.pg.query(`SELECT reloptions FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = 'deal_fact'`, [
      suite.schema,
    ]);
    expect(rows[0].reloptions).toContain('fillfactor=80');
  });
});
