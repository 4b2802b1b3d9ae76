// Not part of `npm test` (testMatch does not pick up *.bench-spec.ts). Run it on demand:
//   npm test -- --selectProjects reporting --testMatch '**/projection-throughput.bench-spec.ts'
// Publishes BENCH_EVENTS lead.created events while reporting is stopped, then starts it and times how long
// it takes to count them all: the consumer's projection throughput alone, with no producer in the way.
// BENCH_KIND=deals publishes deal events instead (per deal: created, a stage change, an update; a third won), which
// the deal projection applies with its facts and pre-aggregated rows (ADR 0012); they are counted in the inbox.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  DEAL_CREATED_V1,
  DEAL_STAGE_CHANGED_V1,
  DEAL_UPDATED_V1,
  DEAL_WON_V1,
  dealCreatedV1Fixture,
  dealStageChangedV1Fixture,
  dealUpdatedV1Fixture,
  dealWonV1Fixture,
  LEAD_CREATED_V1,
} from '@saleswire/contracts';
import { randomUUID } from 'node:crypto';
import { bootInProcess, cleanupSuite, cpuSeconds, eventually, leadCreatedEvent, suiteEnv, suiteSchema, TestProducer } from '@saleswire/testing';
import { Client } from 'pg';
import { AppModule } from '../src/app.module';
import { loadConfig } from '../src/config';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
const KIND = process.env.BENCH_KIND === 'deals' ? 'deals' : 'leads';

/** About `count` deal events: per deal created, moved, updated, and every third won; two years of dates, 50 owners. */
function dealEvents(count: number): Array<{ subject: string; event: object }> {
  const owners = Array.from({ length: 50 }, () => randomUUID());
  const events: Array<{ subject: string; event: object }> = [];
  const start = Date.parse('2024-06-01T00:00:00.000Z');
  for (let index = 0; events.length < count; index += 1) {
    const dealId = randomUUID();
    const facts = { ...dealCreatedV1Fixture.payload, dealId, ownerId: owners[index % 50], amount: 100 + (index % 997), currency: ['EUR', 'USD', 'RUB'][index % 3] };
    const at = (days: number): string => new Date(start + ((index * 7919) % 700) * 86_400_000 + days * 86_400_000).toISOString();
    const event = (subject: string, fixture: { payload: object }, version: number, payload: object) => ({
      subject,
      event: { ...fixture, eventId: randomUUID(), aggregateId: dealId, aggregateVersion: version, occurredAt: at(version), payload: { ...facts, ...payload } },
    });
    events.push(event(DEAL_CREATED_V1.subject, dealCreatedV1Fixture, 1, { stage: 'new', createdAt: at(0), leadId: null }));
    events.push(event(DEAL_STAGE_CHANGED_V1.subject, dealStageChangedV1Fixture, 2, { ...dealStageChangedV1Fixture.payload, ...facts, stage: 'proposal', fromStage: 'new', probability: 40, changedAt: at(2) }));
    events.push(event(DEAL_UPDATED_V1.subject, dealUpdatedV1Fixture, 3, { ...dealUpdatedV1Fixture.payload, ...facts, stage: 'proposal', amount: facts.amount + 1, updatedAt: at(3) }));
    if (index % 3 === 0) events.push(event(DEAL_WON_V1.subject, dealWonV1Fixture, 4, { ...dealWonV1Fixture.payload, ...facts, stage: 'won', wonAt: at(4) }));
  }
  return events.slice(0, count);
}

/** CPU seconds every PostgreSQL process of this machine has used (ended backends counted in the postmaster). */
const postgresCpuSeconds = (): number => cpuSeconds({ comms: { postgres: 'postgres' } }).postgres;

describe('reporting: lead.created projection throughput', () => {
  let producer: TestProducer;
  let pg: Client;
  let app: NestFastifyApplication | undefined;
  const schema = suiteSchema('reporting');

  async function leadsCounted(): Promise<number> {
    const { rows } = await pg.query(
      KIND === 'leads' ? `SELECT count(*)::int AS n FROM "${schema}".lead_fact` : `SELECT count(*)::int AS n FROM "${schema}".inbox_event WHERE consumer = 'reporting'`,
    );
    return rows[0].n as number;
  }

  beforeAll(async () => {
    producer = await TestProducer.connect();
    await producer.provision(KIND);
    pg = new Client({ connectionString: process.env.DATABASE_URL });
    await pg.connect();
  });

  afterAll(async () => {
    await app?.close();
    await producer.close();
    await pg.end();
    await cleanupSuite();
  });

  it(`should project ${EVENTS} events`, async () => {
    const config = loadConfig(suiteEnv('reporting'));
    app = await bootInProcess(AppModule.forRoot(config), config); // migrates and creates the durable consumer
    await app.close();
    app = undefined;
    const events =
      KIND === 'leads'
        ? Array.from({ length: EVENTS }, (_, i) => ({ subject: LEAD_CREATED_V1.subject, event: leadCreatedEvent({ source: i % 2 ? 'website' : 'cold_call' }) }))
        : dealEvents(EVENTS);
    for (let i = 0; i < events.length; i += 500) {
      await Promise.all(events.slice(i, i + 500).map(({ subject, event }) => producer.publish(subject, event)));
    }
    const started = Date.now();
    app = await bootInProcess(AppModule.forRoot(config), config);
    const booted = Date.now();
    const [nodeBefore, postgresBefore] = [process.cpuUsage(), postgresCpuSeconds()];
    await eventually(leadsCounted, (n) => n >= EVENTS, { timeoutMs: 600_000, intervalMs: 20 });
    const done = Date.now();
    const node = process.cpuUsage(nodeBefore);
    const perEvent = (seconds: number): string => ((seconds * 1000 * 1000) / EVENTS).toFixed(0);
    const seconds = (done - started) / 1000;
    const projecting = (done - booted) / 1000;
    console.log(
      `projected ${EVENTS} ${KIND} events in ${seconds.toFixed(2)} s: ${Math.round(EVENTS / seconds)} events/s; ` +
        `after the boot (${booted - started} ms) ${Math.round(EVENTS / projecting)} events/s; ` +
        `CPU µs an event: reporting ${perEvent((node.user + node.system) / 1e6)}, PostgreSQL ${perEvent(postgresCpuSeconds() - postgresBefore)}`,
    );
    expect(await leadsCounted()).toBe(EVENTS);
  }, 900_000);
});
