import { DEAD_LETTER_STREAM, durableName, LEAD_CREATED_V1 } from '@saleswire/contracts';
import { eventually, leadCreatedEvent, TcpProxy } from '@saleswire/testing';
import { type ReportingSuite, startReportingSuite } from './support';

const SUBJECT = LEAD_CREATED_V1.subject;

describe('reporting: its database away for longer than the events’ whole retry budget (TCP proxy before PostgreSQL)', () => {
  let suite: ReportingSuite;
  let postgres: TcpProxy;

  const leadsCounted = async (): Promise<number> => (await suite.pg.query(`SELECT count(*)::int AS n FROM "${suite.schema}".lead_fact`)).rows[0].n as number;
  const ready = async (): Promise<number> => (await fetch(`${await suite.app.getUrl()}/health/ready`)).status;
  const deadLetters = async (): Promise<number> => (await suite.producer.messages(DEAD_LETTER_STREAM.name).catch(() => [])).length;

  beforeAll(async () => {
    const url = new URL(process.env.DATABASE_URL!);
    postgres = new TcpProxy(url.hostname, Number(url.port || 5432));
    await postgres.start();
    url.port = String(postgres.port);
    // Two deliveries, 200 ms of backoff between them: spent within a second if an outage counted against them.
    suite = await startReportingSuite({ DATABASE_URL: url.toString(), EVENT_MAX_DELIVER: '2' }, ['leads']);
  });

  afterAll(async () => {
    await postgres.start();
    await suite?.close();
    await postgres.stop();
  });

  it('should hold the events that arrive during the outage, not dead-letter them, and count each once when it is back', async () => {
    await suite.producer.publish(SUBJECT, leadCreatedEvent());
    await eventually(leadsCounted, (n) => n === 1);

    await postgres.cut();
    const during = Array.from({ length: 10 }, () => leadCreatedEvent());
    for (const event of during) await suite.producer.publish(SUBJECT, event);
    await eventually(ready, (status) => status === 503, { timeoutMs: 10_000, intervalMs: 200 });
    await new Promise((resolve) => setTimeout(resolve, 6000)); // many times the whole retry budget
    expect(await deadLetters()).toBe(0);

    await postgres.start();
    await eventually(leadsCounted, (n) => n === 11, { timeoutMs: 30_000, intervalMs: 200 });
    await eventually(ready, (status) => status === 200, { timeoutMs: 15_000, intervalMs: 200 });
    expect(await deadLetters()).toBe(0);
    const info = await suite.producer.jsm.consumers.info(suite.producer.stream('LEADS_EVENTS'), durableName('reporting', 'leads'));
    expect(info.num_redelivered).toBe(0);
    expect(info.num_ack_pending + info.num_pending).toBe(0);
  });
});
