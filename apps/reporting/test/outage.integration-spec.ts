import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DEAD_LETTER_STREAM, durableName, LEAD_CREATED_V1 } from '@saleswire/contracts';
import { bootInProcess, cleanupSuite, eventually, leadCreatedEvent, suiteEnv, suiteSchema, TcpProxy, TestProducer } from '@saleswire/testing';
import { Client } from 'pg';
import { AppModule } from '../src/app.module';
import { loadConfig } from '../src/config';

const SUBJECT = LEAD_CREATED_V1.subject;

describe('reporting: its database away for longer than the events’ whole retry budget (TCP proxy before PostgreSQL)', () => {
  let producer: TestProducer;
  let pg: Client;
  let postgres: TcpProxy;
  let app: NestFastifyApplication;
  const schema = suiteSchema('reporting');

  const leadsCounted = async (): Promise<number> => (await pg.query(`SELECT count(*)::int AS n FROM "${schema}".lead_fact`)).rows[0].n as number;
  const ready = async (): Promise<number> => (await fetch(`${await app.getUrl()}/health/ready`)).status;
  const deadLetters = async (): Promise<number> => (await producer.messages(DEAD_LETTER_STREAM.name).catch(() => [])).length;

  beforeAll(async () => {
    producer = await TestProducer.connect();
    await producer.provision('leads');
    pg = new Client({ connectionString: process.env.DATABASE_URL });
    await pg.connect();
    const url = new URL(process.env.DATABASE_URL!);
    postgres = new TcpProxy(url.hostname, Number(url.port || 5432));
    await postgres.start();
    url.port = String(postgres.port);
    // Two deliveries, 200 ms of backoff between them: spent within a second if an outage counted against them.
    const config = loadConfig(suiteEnv('reporting', { DATABASE_URL: url.toString(), EVENT_MAX_DELIVER: '2' }));
    app = await bootInProcess(AppModule.forRoot(config), config);
  });

  afterAll(async () => {
    await postgres.start();
    await app.close();
    await postgres.stop();
    await producer.close();
    await pg.end();
    await cleanupSuite();
  });

  it('should hold the events that arrive during the outage, not dead-letter them, and count each once when it is back', async () => {
    await producer.publish(SUBJECT, leadCreatedEvent());
    await eventually(leadsCounted, (n) => n === 1);

    await postgres.cut();
    const during = Array.from({ length: 10 }, () => leadCreatedEvent());
    for (const event of during) await producer.publish(SUBJECT, event);
    await eventually(ready, (status) => status === 503, { timeoutMs: 10_000, intervalMs: 200 });
    await new Promise((resolve) => setTimeout(resolve, 6000)); // many times the whole retry budget
    expect(await deadLetters()).toBe(0);

    await postgres.start();
    await eventually(leadsCounted, (n) => n === 11, { timeoutMs: 30_000, intervalMs: 200 });
    await eventually(ready, (status) => status === 200, { timeoutMs: 15_000, intervalMs: 200 });
    expect(await deadLetters()).toBe(0);
    const info = await producer.jsm.consumers.info(producer.stream('LEADS_EVENTS'), durableName('reporting', 'leads'));
    expect(info.num_redelivered).toBe(0);
    expect(info.num_ack_pending + info.num_pending).toBe(0);
  });
});
