// Not part of `npm test` (testMatch does not pick up *.bench-spec.ts). Run it on demand:
//   npm test -- --selectProjects reporting --testMatch '**/projection-throughput.bench-spec.ts'
// Publishes BENCH_EVENTS lead.created events while reporting is stopped, then starts it and times how long
// it takes to count them all: the consumer's projection throughput alone, with no producer in the way.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { LEAD_CREATED_V1 } from '@saleswire/contracts';
import { bootInProcess, cleanupSuite, eventually, leadCreatedEvent, suiteEnv, suiteSchema, TestProducer } from '@saleswire/testing';
import { Client } from 'pg';
import { AppModule } from '../src/app.module';
import { loadConfig } from '../src/config';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);

describe('reporting: lead.created projection throughput', () => {
  let producer: TestProducer;
  let pg: Client;
  let app: NestFastifyApplication | undefined;
  const schema = suiteSchema('reporting');

  async function leadsCounted(): Promise<number> {
    const { rows } = await pg.query(`SELECT count(*)::int AS n FROM "${schema}".lead_fact`);
    return rows[0].n as number;
  }

  beforeAll(async () => {
    producer = await TestProducer.connect();
    await producer.provision('leads');
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
    const events = Array.from({ length: EVENTS }, (_, i) => leadCreatedEvent({ source: i % 2 ? 'website' : 'cold_call' }));
    for (let i = 0; i < events.length; i += 500) {
      await Promise.all(events.slice(i, i + 500).map((event) => producer.publish(LEAD_CREATED_V1.subject, event)));
    }
    const started = Date.now();
    app = await bootInProcess(AppModule.forRoot(config), config);
    await eventually(leadsCounted, (n) => n >= EVENTS, { timeoutMs: 600_000, intervalMs: 20 });
    const seconds = (Date.now() - started) / 1000;
    console.log(`projected ${EVENTS} events in ${seconds.toFixed(2)} s: ${Math.round(EVENTS / seconds)} events/s`);
    expect(await leadsCounted()).toBe(EVENTS);
  }, 900_000);
});
