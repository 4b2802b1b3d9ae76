import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  CREATE_LEAD_V1,
  LEAD_CREATED_V1,
  LeadCreatedV1,
  leadCreatedV1Fixture,
  type CreateLeadInputV1,
  type EventEnvelope,
} from '@saleswire/contracts';
import { Outbox, ProblemError, type RpcClient, validateContract } from '@saleswire/messaging';
import { randomUUID } from 'node:crypto';
import { runWithCorrelation } from '@saleswire/observability';
import {
  bootInProcess,
  cleanupSuite,
  eventually,
  gatewayRpcClient,
  suiteEnv,
  suiteSchema,
  TcpProxy,
  TestProducer,
} from '@saleswire/testing';
import { Client } from 'pg';
import { AppModule } from '../src/app.module';
import { loadConfig } from '../src/config';
import { LeadService } from '../src/lead/lead.service';

const ACTOR = { id: '01936f0e-8a4b-7c3d-9e2f-0000000000aa', role: 'manager' as const, partnerId: null };
const INPUT: CreateLeadInputV1 = {
  contact: { name: 'Irina Volkova', email: 'Irina@Northwind.example', phone: '+7 495 123-45-67' },
  company: { name: 'Northwind', taxId: '7707083893' },
  source: 'exhibition',
  direction: 'inbound',
  expectedAmount: 1200.5,
  currency: 'EUR',
};

describe('leads: create a lead, store it with its event, relay the event (real PostgreSQL and JetStream)', () => {
  const schema = suiteSchema('leads');
  let pg: Client;
  let producer: TestProducer;
  const running: NestFastifyApplication[] = [];

  async function startLeads(env: NodeJS.ProcessEnv = {}): Promise<NestFastifyApplication> {
    const config = loadConfig(suiteEnv('leads', env));
    const app = await bootInProcess(AppModule.forRoot(config), config);
    running.push(app);
    return app;
  }

  async function publishedEvents(): Promise<Array<EventEnvelope<LeadCreatedV1> & { msgId: string }>> {
    const messages = await producer.messages('LEADS_EVENTS');
    return messages.map((m) => ({ ...(JSON.parse(m.data) as EventEnvelope<LeadCreatedV1>), msgId: m.headers['nats-msg-id'] }));
  }

  async function count(table: string, where = 'true'): Promise<number> {
    const { rows } = await pg.query(`SELECT count(*)::int AS n FROM "${schema}".${table} WHERE ${where}`);
    return rows[0].n as number;
  }

  beforeAll(async () => {
    pg = new Client({ connectionString: process.env.DATABASE_URL });
    await pg.connect();
    producer = await TestProducer.connect();
  });

  afterAll(async () => {
    for (const app of running) await app.close().catch(() => undefined);
    await producer.close();
    await pg.end();
    await cleanupSuite();
  });

  describe('with NATS and PostgreSQL up', () => {
    let rpc: RpcClient;

    beforeAll(async () => {
      await startLeads();
      rpc = gatewayRpcClient();
    });

    afterAll(async () => rpc.onApplicationShutdown());

    it('should store the lead and publish lead.created with the caller correlation id and Nats-Msg-Id = eventId', async () => {
      const lead = await runWithCorrelation({ correlationId: 'corr-lead-1' }, () =>
        rpc.send(CREATE_LEAD_V1, { actor: ACTOR, input: INPUT }),
      );
      expect(lead).toMatchObject({
        status: 'new',
        isRepeat: false,
        customerId: null,
        duplicateOfId: null,
        version: 1,
        contact: { name: 'Irina Volkova', email: 'irina@northwind.example' },
        expectedAmount: 1200.5,
        currency: 'EUR',
        segment: 'b2b',
      });
      const events = await eventually(publishedEvents, (list) => list.some((e) => e.aggregateId === lead.id));
      const event = events.find((e) => e.aggregateId === lead.id)!;
      expect(event).toMatchObject({
        type: LEAD_CREATED_V1.type,
        version: 1,
        producer: 'leads',
        aggregateVersion: 1,
        correlationId: 'corr-lead-1',
        actor: ACTOR,
        payload: { leadId: lead.id, source: 'exhibition', expectedAmount: 1200.5 },
      });
      expect(event.msgId).toBe(event.eventId);
      expect(validateContract(LeadCreatedV1, event.payload)).toMatchObject({ ok: true });
      await eventually(() => count('outbox_event', 'published_at IS NULL'), (n) => n === 0);
    });

    it('should keep publishing the rows after an outbox row whose envelopes cannot be read, and mark that row', async () => {
      const broken = randomUUID();
      await pg.query(
        `INSERT INTO "${schema}".outbox_event (id, envelopes, event_count, created_at) VALUES ($1, 'not json', 1, now() - interval '1 minute')`,
        [broken],
      );
      try {
        const lead = await rpc.send(CREATE_LEAD_V1, { actor: ACTOR, input: INPUT });
        await eventually(publishedEvents, (list) => list.some((e) => e.aggregateId === lead.id));
        // The new lead's row may be relayed by the after-commit path before a claim reaches the broken one: wait
        // for the mark rather than expect it by the time the good event is out.
        const { rows } = await eventually(
          () => pg.query(`SELECT published_at, attempts, last_error FROM "${schema}".outbox_event WHERE id = $1`, [broken]),
          (result) => result.rows[0]?.last_error !== null,
        );
        expect(rows[0]).toMatchObject({ published_at: null, last_error: 'unreadable envelopes' });
        expect(rows[0].attempts).toBeGreaterThanOrEqual(1);
      } finally {
        await pg.query(`DELETE FROM "${schema}".outbox_event WHERE id = $1`, [broken]);
      }
    });

    it('should answer an invalid request with a 400 problem naming the field, and store nothing', async () => {
      const before = await count('lead');
      const bad = { actor: ACTOR, input: { ...INPUT, source: 'billboard' } } as never;
      const error = await rpc.send(CREATE_LEAD_V1, bad).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProblemError);
      expect(error).toMatchObject({ status: 400, errors: [expect.objectContaining({ field: 'input.source' })] });
      expect(await count('lead')).toBe(before);
    });

    it('should make a partner user’s lead belong to its own partner, whatever the body says', async () => {
      const partnerId = '01936f0e-8a4b-7c3d-9e2f-00000000bb01';
      const lead = await rpc.send(CREATE_LEAD_V1, {
        actor: { id: 'pu-1', role: 'partner_user', partnerId },
        input: { ...INPUT, partnerId: '01936f0e-8a4b-7c3d-9e2f-00000000bb02' },
      });
      expect(lead.partnerId).toBe(partnerId);
    });
  });

  describe('as several replicas', () => {
    let rpc: RpcClient;
    let replicas: NestFastifyApplication[];

    beforeAll(async () => {
      await startLeads();
      await startLeads();
      replicas = [...running];
      rpc = gatewayRpcClient();
    });

    afterAll(async () => {
      jest.restoreAllMocks();
      await rpc.onApplicationShutdown();
      // Replicas share the outbox: none may be left to relay what the outage tests write behind a cut NATS.
      for (const app of replicas) {
        running.splice(running.indexOf(app), 1);
        await app.close();
      }
    });

    it('should share requests between replicas through the queue group, each request answered once', async () => {
      const spies = replicas.map((app) => jest.spyOn(app.get(LeadService), 'create'));
      const leads = await Promise.all(
        Array.from({ length: 60 }, () => rpc.send(CREATE_LEAD_V1, { actor: ACTOR, input: INPUT })),
      );
      expect(new Set(leads.map((lead) => lead.id)).size).toBe(60);
      const handled = spies.map((spy) => spy.mock.calls.length);
      expect(handled.reduce((a, b) => a + b, 0)).toBe(60);
      expect(handled.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);
      spies.forEach((spy) => spy.mockRestore());
    });

    it('should finish the requests in hand when a replica shuts down', async () => {
      let entered = 0;
      for (const app of replicas) {
        const service = app.get(LeadService);
        const create = service.create.bind(service);
        jest.spyOn(service, 'create').mockImplementation(async (input, actor) => {
          entered++;
          await new Promise((resolve) => setTimeout(resolve, 1000)); // still working when the signal comes
          return create(input, actor);
        });
      }
      const before = await count('lead');
      const answers = Promise.all(
        Array.from({ length: 30 }, () => rpc.send(CREATE_LEAD_V1, { actor: ACTOR, input: INPUT })),
      );
      await eventually(async () => entered, (n) => n === 30);
      const stopping = replicas.pop()!;
      running.splice(running.indexOf(stopping), 1);
      await stopping.close();
      const leads = await answers;
      expect(leads.every((lead) => lead.status === 'new')).toBe(true);
      expect(await count('lead')).toBe(before + 30);
    });
  });

  describe('through outages', () => {
    let nats: TcpProxy;
    let postgres: TcpProxy;
    let leads: LeadService;
    let outbox: Outbox;

    beforeAll(async () => {
      nats = new TcpProxy('127.0.0.1', 4222);
      postgres = new TcpProxy('127.0.0.1', 5432);
      await nats.start();
      await postgres.start();
      const url = new URL(process.env.DATABASE_URL!);
      url.port = String(postgres.port);
      const app = await startLeads({ NATS_URL: `nats://127.0.0.1:${nats.port}`, DATABASE_URL: url.toString(), OUTBOX_POLL_MS: '200' });
      leads = app.get(LeadService);
      outbox = app.get(Outbox);
    });

    afterAll(async () => {
      await nats.start();
      await postgres.start();
      await running.pop()?.close();
      await nats.stop();
      await postgres.stop();
    });

    it('should publish every lead written while NATS was unreachable once it is back, each once', async () => {
      await nats.cut();
      const written = [];
      for (let i = 0; i < 20; i++) written.push(await leads.create({ ...INPUT, source: 'cold_call', direction: 'outbound' }, ACTOR));
      const ids = new Set(written.map((lead) => lead.id));
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await count('outbox_event', 'published_at IS NULL')).toBeGreaterThanOrEqual(20);

      await nats.start();
      await eventually(() => count('outbox_event', 'published_at IS NULL'), (n) => n === 0, { timeoutMs: 30_000 });
      const published = (await publishedEvents()).filter((e) => ids.has(e.aggregateId));
      expect(published).toHaveLength(20);
      expect(new Set(published.map((e) => e.eventId)).size).toBe(20);
    });

    it('should publish the batched events of a large transaction written while NATS was unreachable, each once', async () => {
      await nats.cut();
      const ids = Array.from({ length: 1200 }, () => randomUUID());
      await outbox.transaction(async (tx) => {
        for (const id of ids) {
          tx.emit(LEAD_CREATED_V1, { aggregateId: id, aggregateVersion: 1, actor: ACTOR, payload: { ...leadCreatedV1Fixture.payload, leadId: id } });
        }
      });
      // 1,200 events in rows of 500, not 1,200 rows.
      expect(await count('outbox_event', 'envelopes IS NOT NULL AND published_at IS NULL')).toBe(3);

      await nats.start();
      await eventually(() => count('outbox_event', 'published_at IS NULL'), (n) => n === 0, { timeoutMs: 30_000 });
      const wanted = new Set<string>(ids);
      const published = (await publishedEvents()).filter((e) => wanted.has(e.aggregateId));
      expect(published).toHaveLength(1200);
      expect(new Set(published.map((e) => e.eventId)).size).toBe(1200);
      expect(published.every((e) => e.msgId === e.eventId && e.type === LEAD_CREATED_V1.type)).toBe(true);
    }, 60_000);

    it('should keep relaying after PostgreSQL was unreachable', async () => {
      await postgres.cut();
      await new Promise((resolve) => setTimeout(resolve, 700)); // the relay polls and fails meanwhile
      await postgres.start();
      const lead = await eventually(
        () => leads.create(INPUT, ACTOR).catch(() => null),
        (created) => created !== null,
        { timeoutMs: 15_000, intervalMs: 200 },
      );
      await eventually(publishedEvents, (list) => list.some((e) => e.aggregateId === lead!.id), { timeoutMs: 20_000 });
    });
  });
});
