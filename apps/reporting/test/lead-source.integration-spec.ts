import {
  DEAD_LETTER_STREAM,
  LEAD_CREATED_V1,
  LEAD_IMPORT_LEADS_CREATED_V1,
  leadCreatedV1Fixture,
  type LeadSourcesReportV1,
} from '@saleswire/contracts';
import { migrateSchema } from '@saleswire/database';
import { DEAD_LETTER_REASON_HEADER, EventConsumerFactory, EventTarget } from '@saleswire/messaging';
import { eventually, leadCreatedEvent, leadsImportedEvent, suiteEnv, suiteSchema, type TestProducer } from '@saleswire/testing';
import type { Client } from 'pg';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config';
import { dataSourceOptions } from '../src/data-source';
import { LeadSourceProjection } from '../src/lead-source/lead-source.projection';
import { LEAD_TABLES } from '../src/deal-fact/deal-aggregates';
import { ReportFactsReader } from '../src/report/report-facts.reader';
import { type ReportingSuite, startReportingSuite } from './support';

const SUBJECT = LEAD_CREATED_V1.subject;
/** What a source row shows of leads never converted. */
const NOTHING_RETURNED = { converted: 0, won: 0, revenue: [], cost: null, roi: null };

describe('reporting: lead sources projection (real PostgreSQL and JetStream)', () => {
  let suite: ReportingSuite;
  let producer: TestProducer;
  let pg: Client;
  const schema = suiteSchema('reporting');

  async function leadsCounted(): Promise<number> {
    const { rows } = await pg.query(`SELECT count(*)::int AS n FROM "${schema}".lead_fact`);
    return rows[0].n as number;
  }

  async function inboxCount(): Promise<number> {
    const { rows } = await pg.query(`SELECT count(*)::int AS n FROM "${schema}".inbox_event`);
    return rows[0].n as number;
  }

  /** The events each call of the projection was given, by event id. */
  function batchesSeen(spy: jest.SpyInstance): string[][] {
    return spy.mock.calls.map(([events]) => (events as Array<{ eventId: string }>).map((event) => event.eventId));
  }

  beforeAll(async () => {
    suite = await startReportingSuite({ EVENT_MAX_DELIVER: '3' });
    ({ producer, pg } = suite);
  });

  afterAll(() => suite?.close());

  beforeEach(async () => {
    // The facts with the leads' counts kept beside them (ADR 0012, fourth amendment): the report reads the counts.
    await pg.query(`TRUNCATE ${['lead_fact', 'inbox_event', ...LEAD_TABLES.map((target) => target.table)].map((table) => `"${schema}".${table}`).join(', ')}`);
  });

  it("should project the producer's fixture, answerable through the report request", async () => {
    await producer.publish(SUBJECT, leadCreatedV1Fixture);
    await eventually(leadsCounted, (n) => n === 1);
    const report = await suite.app.get(ReportFactsReader).leadSources({});
    expect(report).toEqual<LeadSourcesReportV1['items']>([
      { source: 'exhibition', marketingEventId: leadCreatedV1Fixture.payload.marketingEventId, leads: 1, ...NOTHING_RETURNED },
    ]);
  });

  it('should count an event once when its handler fails once and it is redelivered', async () => {
    const projection = suite.app.get(LeadSourceProjection);
    const spy = jest.spyOn(projection, 'applyCreated').mockRejectedValueOnce(new Error('database hiccup'));
    const event = leadCreatedEvent({ source: 'seminar' });
    await producer.publish(SUBJECT, event);
    await eventually(leadsCounted, (n) => n === 1);
    expect(spy).toHaveBeenCalledTimes(2);
    expect(await inboxCount()).toBe(1);
    spy.mockRestore();
  });

  it('should count an event once when the same event is delivered twice', async () => {
    const event = leadCreatedEvent({ source: 'website' });
    await producer.publish(SUBJECT, event, `${event.eventId}-first`);
    await producer.publish(SUBJECT, event, `${event.eventId}-second`); // past JetStream's de-duplication
    const marker = leadCreatedEvent({ source: 'referral' });
    await producer.publish(SUBJECT, marker);
    await eventually(inboxCount, (n) => n === 2);
    await eventually(leadsCounted, (n) => n === 2);
    const { rows } = await pg.query(`SELECT count(*)::int AS n FROM "${schema}".lead_fact WHERE source = 'website'`);
    expect(rows[0].n).toBe(1);
  });

  it("should count an import's leads as the lead.created events they stand for, once whatever is delivered again", async () => {
    const leads = [leadCreatedEvent({ source: 'seminar' }), leadCreatedEvent({ source: 'seminar' }), leadCreatedEvent({ source: 'website', marketingEventId: null })];
    const chunk = leadsImportedEvent(leads);
    await producer.publish(LEAD_IMPORT_LEADS_CREATED_V1.subject, chunk, `${chunk.eventId}-first`);
    await producer.publish(LEAD_IMPORT_LEADS_CREATED_V1.subject, chunk, `${chunk.eventId}-second`); // past JetStream's de-duplication
    // The same lead told alone as well (a re-published fact under its own event): still one lead.
    await producer.publish(SUBJECT, leads[0]);
    await producer.publish(LEAD_IMPORT_LEADS_CREATED_V1.subject, leadsImportedEvent([leadCreatedEvent({ source: 'referral', marketingEventId: null })]));
    await eventually(inboxCount, (n) => n === 3);
    await eventually(leadsCounted, (n) => n === 4);
    const report = await suite.app.get(ReportFactsReader).leadSources({});
    expect(report).toEqual<LeadSourcesReportV1['items']>(
      expect.arrayContaining([
        { source: 'seminar', marketingEventId: leadCreatedV1Fixture.payload.marketingEventId, leads: 2, ...NOTHING_RETURNED },
        { source: 'website', marketingEventId: null, leads: 1, ...NOTHING_RETURNED },
        { source: 'referral', marketingEventId: null, leads: 1, ...NOTHING_RETURNED },
      ]),
    );
    expect(report).toHaveLength(3);
  });

  it('should keep the newer version of a lead whatever the delivery order', async () => {
    const leadId = leadCreatedEvent().payload.leadId;
    await producer.publish(SUBJECT, leadCreatedEvent({ leadId, source: 'email' }, { aggregateVersion: 2 }));
    await eventually(leadsCounted, (n) => n === 1);
    await producer.publish(SUBJECT, leadCreatedEvent({ leadId, source: 'cold_call' }, { aggregateVersion: 1 }));
    await eventually(inboxCount, (n) => n === 2);
    const { rows } = await pg.query(`SELECT source FROM "${schema}".lead_fact WHERE lead_id = $1`, [leadId]);
    expect(rows).toEqual([{ source: 'email' }]);
  });

  it('should send an invalid payload straight to the dead-letter stream without projecting it', async () => {
    const broken = leadCreatedEvent();
    (broken.payload as unknown as Record<string, unknown>).source = 'billboard';
    await producer.publish(SUBJECT, broken);
    const letters = await eventually(
      () => producer.messages(DEAD_LETTER_STREAM.name),
      (messages) => messages.some((m) => m.data.includes(broken.eventId)),
    );
    const letter = letters.find((m) => m.data.includes(broken.eventId))!;
    expect(letter.subject).toBe(producer.subject(`dlq.reporting.${SUBJECT}`));
    expect(letter.headers[DEAD_LETTER_REASON_HEADER]).toMatch(/invalid payload: source/);
    expect(await leadsCounted()).toBe(0);
  });

  it('should dead-letter an event whose handler keeps failing, after the bounded number of deliveries', async () => {
    const projection = suite.app.get(LeadSourceProjection);
    const spy = jest.spyOn(projection, 'applyCreated').mockRejectedValue(new Error('always fails'));
    const event = leadCreatedEvent({ source: 'conference' });
    await producer.publish(SUBJECT, event);
    const letters = await eventually(
      () => producer.messages(DEAD_LETTER_STREAM.name),
      (messages) => messages.some((m) => m.data.includes(event.eventId)),
      { timeoutMs: 20_000 },
    );
    expect(spy).toHaveBeenCalledTimes(3);
    const letter = letters.find((m) => m.data.includes(event.eventId))!;
    expect(letter.headers[DEAD_LETTER_REASON_HEADER]).toMatch(/handler failed 3 times: always fails/);
    expect(await inboxCount()).toBe(0);
    spy.mockRestore();
  });

  it('should count exactly 1,000 leads when the consumer stops and starts again mid-stream', async () => {
    const events = Array.from({ length: 1000 }, (_, i) => leadCreatedEvent({ source: i % 2 ? 'website' : 'cold_call' }));
    const publishAll = async (batch: typeof events) => {
      for (let i = 0; i < batch.length; i += 50) {
        await Promise.all(batch.slice(i, i + 50).map((event) => producer.publish(SUBJECT, event)));
      }
    };
    const firstHalf = publishAll(events.slice(0, 500));
    await eventually(leadsCounted, (n) => n >= 100, { intervalMs: 5 });
    let countedWhileStopped = 0;
    // Graceful: stops pulling, finishes what it holds. The second half arrives while nothing consumes.
    await suite.restart(async () => {
      await firstHalf;
      await publishAll(events.slice(500));
      countedWhileStopped = await leadsCounted();
    });
    expect(countedWhileStopped).toBeLessThanOrEqual(500);
    await eventually(leadsCounted, (n) => n >= 1000, { timeoutMs: 30_000 });
    await new Promise((resolve) => setTimeout(resolve, 300)); // let any stray redelivery land
    expect(await leadsCounted()).toBe(1000);
    expect(await inboxCount()).toBe(1000);
    const report = await suite.app.get(ReportFactsReader).leadSources({});
    expect(report).toEqual([
      { source: 'cold_call', marketingEventId: leadCreatedV1Fixture.payload.marketingEventId, leads: 500, ...NOTHING_RETURNED },
      { source: 'website', marketingEventId: leadCreatedV1Fixture.payload.marketingEventId, leads: 500, ...NOTHING_RETURNED },
    ]);
  });

  it('should apply the other events of a batch and dead-letter only the event that keeps failing', async () => {
    const events = Array.from({ length: 20 }, (_, i) => leadCreatedEvent({ source: i % 2 ? 'website' : 'cold_call' }));
    const bad = events[7];
    const applyCreated = LeadSourceProjection.prototype.applyCreated;
    const spy = jest
      .spyOn(LeadSourceProjection.prototype, 'applyCreated')
      .mockImplementation(async function (this: LeadSourceProjection, batch, manager) {
        if (batch.some((event) => event.eventId === bad.eventId)) throw new Error('always fails');
        return applyCreated.call(this, batch, manager);
      });
    try {
      await suite.restart(async () => {
        for (const event of events) await producer.publish(SUBJECT, event);
      });
      const letters = await eventually(
        () => producer.messages(DEAD_LETTER_STREAM.name),
        (messages) => messages.some((m) => m.data.includes(bad.eventId)),
        { timeoutMs: 20_000 },
      );
      // However the fetch was grouped, the bad event was handed to the projection and never kept.
      expect(batchesSeen(spy).flat()).toContain(bad.eventId);
      expect(letters.filter((m) => m.data.includes(bad.eventId))[0].headers[DEAD_LETTER_REASON_HEADER]).toMatch(
        /handler failed 3 times: always fails/,
      );
      expect(letters.filter((m) => events.some((event) => event !== bad && m.data.includes(event.eventId)))).toEqual([]);
      expect(await leadsCounted()).toBe(19);
      expect(await inboxCount()).toBe(19);
      const { rows } = await pg.query(`SELECT 1 FROM "${schema}".lead_fact WHERE lead_id = $1`, [bad.payload.leadId]);
      expect(rows).toEqual([]);
    } finally {
      spy.mockRestore();
    }
  });

  it('should count an event once when it is delivered twice within one batch', async () => {
    const spy = jest.spyOn(LeadSourceProjection.prototype, 'applyCreated');
    const twice = leadCreatedEvent({ source: 'website' });
    const others = Array.from({ length: 5 }, () => leadCreatedEvent({ source: 'referral' }));
    try {
      await suite.restart(async () => {
        await producer.publish(SUBJECT, others[0]);
        await producer.publish(SUBJECT, twice, `${twice.eventId}-first`);
        await producer.publish(SUBJECT, others[1]);
        await producer.publish(SUBJECT, twice, `${twice.eventId}-second`); // past JetStream's de-duplication
        for (const event of others.slice(2)) await producer.publish(SUBJECT, event);
      });
      await eventually(leadsCounted, (n) => n === 6);
      // Within one batch or across two, the projection is handed the event once.
      expect(batchesSeen(spy).flat().filter((id) => id === twice.eventId)).toEqual([twice.eventId]);
      await Promise.all(spy.mock.results.map((result) => result.value)); // no batch failed
      expect(await inboxCount()).toBe(6);
      const { rows } = await pg.query(`SELECT count(*)::int AS n FROM "${schema}".lead_fact WHERE source = 'website'`);
      expect(rows[0].n).toBe(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('should keep the highest version when one batch carries several versions of a lead', async () => {
    const leadId = leadCreatedEvent().payload.leadId;
    const versions = [
      leadCreatedEvent({ leadId, source: 'cold_call' }, { aggregateVersion: 1 }),
      leadCreatedEvent({ leadId, source: 'email' }, { aggregateVersion: 3 }),
      leadCreatedEvent({ leadId, source: 'seminar' }, { aggregateVersion: 2 }),
    ];
    // Handed to the projection as one batch (how the consumer groups a fetch depends on socket reads):
    // one statement may not update a row twice, so this fails unless the batch keeps one version per lead.
    const projection = suite.app.get(LeadSourceProjection);
    await suite.app.get(DataSource).transaction((manager) => projection.applyCreated(versions, { manager, target: EventTarget.of(manager) }));
    const { rows } = await pg.query(`SELECT source, aggregate_version FROM "${schema}".lead_fact WHERE lead_id = $1`, [leadId]);
    expect(rows).toEqual([{ source: 'email', aggregate_version: 3 }]);
  });

  it('should replay the stream from its start into a rebuild schema while the live projection keeps counting', async () => {
    const rebuildSchema = suiteSchema('reporting_rebuild');
    const fresh = new DataSource(dataSourceOptions(loadConfig(suiteEnv('reporting', { DB_SCHEMA: rebuildSchema }))));
    await fresh.initialize();
    await migrateSchema(fresh);
    const rebuild = suite.app.get(EventConsumerFactory).create({ name: 'reporting_rebuild', dataSource: fresh });
    try {
      const before = Array.from({ length: 5 }, () => leadCreatedEvent({ source: 'seminar' }));
      for (const event of before) await producer.publish(SUBJECT, event);
      await eventually(leadsCounted, (n) => n === 5);
      await rebuild.start();
      const during = Array.from({ length: 5 }, () => leadCreatedEvent({ source: 'referral' }));
      for (const event of during) await producer.publish(SUBJECT, event);
      await eventually(leadsCounted, (n) => n === 10);
      await eventually(() => rebuild.pending(), (n) => n === 0, { timeoutMs: 30_000 });
      const select = (from: string): Promise<{ rows: unknown[] }> =>
        pg.query(`SELECT lead_id, aggregate_version, source FROM "${from}".lead_fact WHERE lead_id = ANY($1::uuid[]) ORDER BY lead_id`, [
          [...before, ...during].map((event) => event.payload.leadId),
        ]);
      const live = await select(schema);
      expect(live.rows).toHaveLength(10);
      expect((await select(rebuildSchema)).rows).toEqual(live.rows);
      // From the start of the stream: the first test's lead, long truncated from the live table, is there again.
      const { rows } = await pg.query(`SELECT 1 FROM "${rebuildSchema}".lead_fact WHERE lead_id = $1`, [leadCreatedV1Fixture.payload.leadId]);
      expect(rows).toHaveLength(1);
      expect(await inboxCount()).toBe(10);
    } finally {
      await rebuild.stop();
      await fresh.destroy();
    }
  });
});
