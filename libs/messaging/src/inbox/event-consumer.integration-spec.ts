import { Logger } from '@nestjs/common';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  DEAD_LETTER_STREAM,
  DEAL_CREATED_V1,
  DEAL_WON_V1,
  dealCreatedV1Fixture,
  LEAD_IMPORT_LEADS_CREATED_V1,
  leadImportLeadsCreatedV1Fixture,
  dealWonV1Fixture,
  durableName,
  LEAD_CREATED_V1,
  leadCreatedV1Fixture,
  streamOf,
  type EventEnvelope,
  type LeadCreatedV1,
} from '@saleswire/contracts';
import { migrateSchema } from '@saleswire/database';
import { currentCorrelation, Metrics, type CorrelationContext } from '@saleswire/observability';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { messagingConfigFromEnv, type MessagingConfig } from '../messaging.config';
import { Outbox } from '../outbox/outbox';
import { MessagingTables1764100000000 } from '../outbox/outbox.migration';
import { OutboxBatches1764600000000 } from '../outbox/outbox-batches.migration';
import { BacklogMetrics } from '../backlog.metrics';
import { DEAD_LETTER_REASON_HEADER } from '../jetstream/message-headers';
import { consumerIdentity } from './consumer-identity';
import { EventConsumer } from './event-consumer';
import { EventHandlers, type StreamEvent } from './event-handler.registry';
import { EventTarget } from './event-transaction';
import { eventually } from '../eventually.spec-support';

// libs/testing depends on this lib, so this suite sets up its own schema and namespaces (one per test).
const SUITE = process.env.MESSAGING_NAMESPACE!;
const SCHEMA = `messaging_${SUITE}`.toLowerCase();
const SUBJECT = LEAD_CREATED_V1.subject;

function leadCreated(envelope: Partial<EventEnvelope<LeadCreatedV1>> = {}): EventEnvelope<LeadCreatedV1> {
  const leadId = randomUUID();
  return {
    ...leadCreatedV1Fixture,
    eventId: randomUUID(),
    aggregateId: leadId,
    correlationId: randomUUID(),
    ...envelope,
    payload: { ...leadCreatedV1Fixture.payload, leadId },
  };
}

interface Harness {
  consumer: EventConsumer;
  config: MessagingConfig;
  metrics: Metrics;
  /** What the batch handler was given, one entry a call. */
  calls: Array<{ ids: string[]; correlation: CorrelationContext | undefined }>;
  publish(event: EventEnvelope<object> | object, msgId?: string): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  consumed(outcome: string): Promise<number>;
  inbox(): Promise<string[]>;
}

describe('EventConsumer: batch routes (real PostgreSQL and JetStream)', () => {
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let dataSource: DataSource;
  let tests = 0;
  const running: Harness[] = [];

  /**
   * The settings of a test's consumer: a namespace and a service of its own, and 256 events in hand at most (the stop
   * test publishes more than that, so some are pulled only after a restart).
   */
  function newConfig(): MessagingConfig {
    tests += 1;
    return messagingConfigFromEnv(
      { NATS_URL: process.env.NATS_URL, MESSAGING_NAMESPACE: `${SUITE}-${tests}`, EVENT_MAX_DELIVER: '2', EVENT_CONCURRENCY: '4', EVENTS_IN_HAND: '256' },
      `consumer${tests}`,
    );
  }

  /** The producer's stream in the consumer's namespace. */
  async function addStream(config: MessagingConfig, producer: 'leads' | 'deals'): Promise<void> {
    const stream = streamOf(producer);
    await jsm.streams.add({ name: `${config.namespace}_${stream.name}`, subjects: stream.subjects.map((subject) => `${config.namespace}.${subject}`) });
  }

  /**
   * A consumer in a namespace and a service of its own, with a batch handler that calls `effect`; or, given
   * `replicaOf`, another replica of that one's consumer (its namespace, service, durable and stream). `target`: the
   * tables its handlers write to (the service's own by default).
   */
  async function harness(effect: (ids: string[]) => Promise<void> = async () => undefined, replicaOf?: Harness, target?: EventTarget): Promise<Harness> {
    const config = replicaOf?.config ?? newConfig();
    const metrics = new Metrics(config.service);
    const calls: Harness['calls'] = [];
    const handlers = new EventHandlers().onBatch(LEAD_CREATED_V1, async (events, tx) => {
      const ids = events.map((event) => event.eventId);
      calls.push({ ids, correlation: currentCorrelation() });
      await tx.manager.query('SELECT 1');
      await effect(ids);
    });
    const consumer = new EventConsumer(
      { nc, config, metrics, outbox: new Outbox(dataSource, config) },
      consumerIdentity({ name: config.service, dataSource, target }),
      handlers,
    );
    if (!replicaOf) await addStream(config, 'leads');
    const h: Harness = {
      consumer,
      config,
      metrics,
      calls,
      publish: async (event, msgId) => {
        await jsm.jetstream().publish(`${config.namespace}.${SUBJECT}`, JSON.stringify(event), {
          msgID: msgId ?? (event as EventEnvelope).eventId,
        });
      },
      start: async () => {
        running.push(h);
        await consumer.start();
      },
      stop: () => consumer.stop(),
      consumed: async (outcome) => {
        const { values } = await metrics.eventsConsumed.get();
        return values.filter((v) => v.labels.outcome === outcome).reduce((sum, v) => sum + v.value, 0);
      },
      inbox: async () => {
        const rows: Array<{ event_id: string }> = await dataSource.query(
          `SELECT event_id FROM "${SCHEMA}".inbox_event WHERE consumer = $1`,
          [config.service],
        );
        return rows.map((row) => row.event_id).sort();
      },
    };
    return h;
  }

  async function deadLetters(h: Harness): Promise<Array<{ data: string; reason: string }>> {
    const name = `${h.config.namespace}_${DEAD_LETTER_STREAM.name}`;
    const info = await jsm.streams.info(name);
    const out: Array<{ data: string; reason: string }> = [];
    for (let seq = info.state.first_seq; info.state.messages > 0 && seq <= info.state.last_seq; seq++) {
      const message = await jsm.streams.getMessage(name, { seq });
      if (message) out.push({ data: message.string(), reason: message.header.get(DEAD_LETTER_REASON_HEADER) });
    }
    return out;
  }

  beforeAll(async () => {
    Logger.overrideLogger(false);
    nc = await connect({ servers: process.env.NATS_URL });
    jsm = await jetstreamManager(nc);
    dataSource = new DataSource({
      type: 'postgres',
      url: process.env.DATABASE_URL,
      schema: SCHEMA,
      migrations: [MessagingTables1764100000000, OutboxBatches1764600000000],
    });
    await dataSource.initialize();
    await migrateSchema(dataSource);
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((h) => h.stop()));
  });

  afterAll(async () => {
    await dataSource.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
    await dataSource.destroy();
    for await (const name of jsm.streams.names()) {
      if (name.startsWith(`${SUITE}-`)) await jsm.streams.delete(name);
    }
    await nc.close();
  });

  // How a fetch is cut into batches depends on how the server's frames fall into socket reads, so these tests
  // assert what holds for any cut: each event handed over once, each batch in stream order.
  it('should hand the events of a fetch to the handler in batches, each in stream order, and ack them all', async () => {
    const h = await harness();
    const events = Array.from({ length: 20 }, () => leadCreated());
    const ids = events.map((event) => event.eventId);
    for (const event of events) await h.publish(event);
    await h.start();
    await eventually(() => h.consumed('applied'), (n) => n === 20);
    expect(h.calls.flatMap((call) => call.ids).sort()).toEqual([...ids].sort());
    expect(h.calls.length).toBeLessThan(20);
    for (const call of h.calls) expect(call.ids).toEqual(ids.filter((id) => call.ids.includes(id)));
    const first = events.find((event) => event.eventId === h.calls[0].ids[0])!;
    expect(h.calls[0].correlation).toEqual({ correlationId: first.correlationId, causationId: first.eventId });
    expect(await h.inbox()).toEqual(events.map((event) => event.eventId).sort());
    await h.stop();
    const info = await jsm.consumers.info(`${h.config.namespace}_LEADS_EVENTS`, durableName(h.config.service, 'leads'));
    expect(info.num_ack_pending + info.num_pending).toBe(0);
  });

  it('should let each of two replicas sharing one durable hold its own events in hand (ADR 0029), and apply each event once', async () => {
    // Each batch takes 250 ms, so that a replica's queue fills to its bound while its batches are in work, and the
    // backlog lasts one replica alone over a second: a replica slow to start (a loaded CI machine) still finds work
    // while the other's is in hand (at 100 ms and 700 events, once, it found the other's batches done).
    let inWork = 0;
    let mostInWork = 0;
    const slow = async (ids: string[]): Promise<void> => {
      inWork += ids.length;
      mostInWork = Math.max(mostInWork, inWork);
      await new Promise((resolve) => setTimeout(resolve, 250));
      inWork -= ids.length;
    };
    const first = await harness(slow);
    const second = await harness(slow, first);
    const events = Array.from({ length: 1_200 }, () => leadCreated());
    for (const event of events) await first.publish(event);
    await Promise.all([first.start(), second.start()]);
    await eventually(() => first.inbox(), (ids) => ids.length === 1_200, 30_000);

    const info = await jsm.consumers.info(`${first.config.namespace}_LEADS_EVENTS`, durableName(first.config.service, 'leads'));
    // EVENTS_IN_HAND is 256 here: the durable lets ten replicas (deploy/'s most) hold as many each.
    expect(info.config.max_ack_pending).toBe(10 * 256);
    // The two together had more in work than one replica's bound: neither was held to half of it by the other.
    expect(mostInWork).toBeGreaterThan(256);
    const applied = [...first.calls, ...second.calls].flatMap((call) => call.ids);
    expect(applied.sort()).toEqual(events.map((event) => event.eventId).sort());
    expect(first.calls.length).toBeGreaterThan(0);
    expect(second.calls.length).toBeGreaterThan(0);
  });

  it.each([
    { consumer: 'a live consumer', sumsDeferred: false, most: 1 },
    // A replay's first pass takes no lock, so two of its batches overlap in PostgreSQL instead of waiting on each other.
    { consumer: "a replay's first pass (sums deferred)", sumsDeferred: true, most: 2 },
  ])('should keep at most $most of the batches of $consumer in work at once, the events arriving meanwhile waiting for the next', async ({ sumsDeferred, most }) => {
    let inWork = 0;
    let mostInWork = 0;
    const slow = async (): Promise<void> => {
      mostInWork = Math.max(mostInWork, ++inWork);
      await new Promise((resolve) => setTimeout(resolve, 100));
      inWork--;
    };
    const h = await harness(slow, undefined, new EventTarget(SCHEMA, '', sumsDeferred));
    // More than one batch holds (EVENTS_IN_HAND 256), so the queue has a second batch ready while the first works.
    const events = Array.from({ length: 600 }, () => leadCreated());
    for (const event of events) await h.publish(event);
    await h.start();
    // A first pass records no inbox rows: what the handler was given tells when all were applied.
    await eventually(async () => h.calls.flatMap((call) => call.ids).length, (n) => n === 600, 30_000);
    expect(mostInWork).toBe(most);
    expect(h.calls.flatMap((call) => call.ids).sort()).toEqual(events.map((event) => event.eventId).sort());
  });

  it("should count a message as the events it carries: a batch of an import's chunks holds at most EVENTS_IN_HAND leads", async () => {
    // 256 events in hand: two chunks of a hundred leads fit a batch, three do not.
    const config = newConfig();
    const { namespace } = config;
    const batches: string[][] = [];
    const handlers = new EventHandlers().onBatch(LEAD_IMPORT_LEADS_CREATED_V1, async (events) => {
      batches.push(events.map((event) => event.eventId));
      // Slow enough for the queue to fill while a batch is in work.
      await new Promise((resolve) => setTimeout(resolve, 100));
    });
    const consumer = new EventConsumer(
      { nc, config, metrics: new Metrics(config.service), outbox: new Outbox(dataSource, config) },
      consumerIdentity({ name: config.service, dataSource }),
      handlers,
    );
    await addStream(config, 'leads');
    const chunks = Array.from({ length: 9 }, () => ({ ...leadImportLeadsCreatedV1Fixture, eventId: randomUUID(), correlationId: randomUUID() }));
    for (const chunk of chunks) {
      await jsm.jetstream().publish(`${namespace}.${LEAD_IMPORT_LEADS_CREATED_V1.subject}`, JSON.stringify(chunk), { msgID: chunk.eventId });
    }
    try {
      await consumer.start();
      await eventually(async () => batches.flat().length, (n) => n === chunks.length, 30_000);
    } finally {
      await consumer.stop();
    }
    expect(LEAD_IMPORT_LEADS_CREATED_V1.carries).toBe(100);
    expect(batches.flat().sort()).toEqual(chunks.map((chunk) => chunk.eventId).sort());
    // Batched (fewer calls than chunks), and never more than two chunks (200 leads) in one.
    expect(batches.length).toBeLessThan(chunks.length);
    expect(Math.max(...batches.map((batch) => batch.length))).toBe(2);
  });

  it('should ask the server for the one subject it handles in a stream, so the others are never delivered', async () => {
    const h = await harness();
    await jsm.jetstream().publish(`${h.config.namespace}.evt.leads.lead.assigned.v1`, JSON.stringify(leadCreated()), { msgID: randomUUID() });
    const handled = leadCreated();
    await h.publish(handled);
    await h.start();
    await eventually(() => h.consumed('applied'), (n) => n === 1);
    const info = await jsm.consumers.info(`${h.config.namespace}_LEADS_EVENTS`, durableName(h.config.service, 'leads'));
    expect(info.config.filter_subject).toBe(`${h.config.namespace}.${SUBJECT}`);
    expect(info.delivered.consumer_seq).toBe(1);
    expect(await h.consumed('ignored')).toBe(0);
    expect(h.calls.map((call) => call.ids)).toEqual([[handled.eventId]]);
  });

  it('should pass an event delivered twice within a batch, or applied before, to the handler at most once', async () => {
    const h = await harness();
    const [applied, twice, fresh] = [leadCreated(), leadCreated(), leadCreated()];
    await dataSource.query(`INSERT INTO "${SCHEMA}".inbox_event (event_id, consumer, subject) VALUES ($1, $2, $3)`, [
      applied.eventId,
      h.config.service,
      SUBJECT,
    ]);
    await h.publish(applied);
    await h.publish(twice, `${twice.eventId}-first`);
    await h.publish(twice, `${twice.eventId}-second`); // past JetStream's de-duplication
    await h.publish(fresh);
    await h.start();
    await eventually(async () => (await h.consumed('applied')) + (await h.consumed('duplicate')), (n) => n === 4);
    expect(h.calls.flatMap((call) => call.ids).sort()).toEqual([twice.eventId, fresh.eventId].sort());
    expect(await h.consumed('applied')).toBe(2);
    expect(await h.consumed('duplicate')).toBe(2);
  });

  it('should apply the rest of a failed batch one by one and dead-letter only the event that keeps failing', async () => {
    const events = Array.from({ length: 10 }, () => leadCreated());
    const poison = events[4].eventId;
    const h = await harness(async (ids) => {
      if (ids.includes(poison)) throw new Error('poison');
    });
    for (const event of events) await h.publish(event);
    await h.start();
    const letters = await eventually(() => deadLetters(h), (found) => found.length === 1);
    expect(letters[0].data).toContain(poison);
    expect(letters[0].reason).toMatch(/handler failed 2 times: poison/);
    // The poison event was handed over alone twice (after its batch failed, or alone from the start, then its
    // redelivery), and every other event was applied once.
    expect(h.calls.filter((call) => call.ids.length === 1 && call.ids[0] === poison)).toHaveLength(2);
    // The others' batches may still be committing when the letter is stored.
    await eventually(() => h.consumed('applied'), (n) => n === 9);
    expect(await h.inbox()).toEqual(events.map((event) => event.eventId).filter((id) => id !== poison).sort());
    expect(await h.consumed('applied')).toBe(9);
    expect(await h.consumed('retried')).toBe(1);
    expect((await h.metrics.deadLetters.get()).values).toEqual([{ labels: { subject: SUBJECT, kind: 'handler_failed' }, value: 1 }]);
  });

  it('should dead-letter an invalid message of a batch at once and apply the others together', async () => {
    const h = await harness();
    const [before, after] = [leadCreated(), leadCreated()];
    const broken = leadCreated();
    (broken.payload as unknown as Record<string, unknown>).source = 'billboard';
    await h.publish(before);
    await h.publish(broken);
    await h.publish({ not: 'an envelope' }, randomUUID());
    await h.publish(after);
    await h.start();
    const letters = await eventually(() => deadLetters(h), (found) => found.length === 2);
    expect(letters.map((letter) => letter.reason)).toEqual([
      expect.stringMatching(/^invalid payload: source/),
      expect.stringMatching(/^invalid envelope/),
    ]);
    await eventually(() => h.consumed('applied'), (n) => n === 2);
    expect(h.calls.flatMap((call) => call.ids).sort()).toEqual([before.eventId, after.eventId].sort());
    const kinds = (await h.metrics.deadLetters.get()).values.map(({ labels, value }) => [labels.kind, value]);
    expect(kinds.sort()).toEqual([
      ['invalid_envelope', 1],
      ['invalid_payload', 1],
    ]);
  });

  /** The backlog gauges' values, summed over the consumer's durables, as a scrape of `/metrics` reads them. */
  async function gauges(metrics: Metrics): Promise<Record<string, number>> {
    const all = await metrics.registry.getMetricsAsJSON();
    return Object.fromEntries(
      all
        .filter((metric) => /^saleswire_(consumer|outbox)_/.test(metric.name))
        .map((metric) => [metric.name, metric.values.reduce((sum, value) => sum + value.value, 0)]),
    );
  }

  it("should show a held-up consumer's backlog and the age of its oldest event in its gauges, and 0 once it caught up", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const h = await harness(() => gate);
    new BacklogMetrics(h.metrics, undefined, { backlogs: () => h.consumer.backlogs() }).onModuleInit();
    await h.start();
    for (let i = 0; i < 6; i++) await h.publish(leadCreated());
    const behind = await eventually(
      () => gauges(h.metrics),
      (g) => g.saleswire_consumer_pending_events + g.saleswire_consumer_unacked_events === 6 && g.saleswire_consumer_oldest_unacked_age_seconds > 0.2,
    );
    expect(behind.saleswire_consumer_oldest_unacked_age_seconds).toBeLessThan(60);
    release();
    const caughtUp = await eventually(
      () => gauges(h.metrics),
      (g) => g.saleswire_consumer_pending_events + g.saleswire_consumer_unacked_events === 0,
    );
    expect(caughtUp.saleswire_consumer_oldest_unacked_age_seconds).toBe(0);
    expect(await h.consumed('applied')).toBe(6);
  });

  it("should show the outbox's unpublished events and the age of the oldest in its gauges", async () => {
    const h = await harness();
    // Every scrape reads (no freshness), so that each read below sees the rows just written.
    new BacklogMetrics(h.metrics, dataSource, undefined, new Outbox(dataSource, h.config), 0).onModuleInit();
    await dataSource.query(`DELETE FROM "${SCHEMA}".outbox_event`);
    expect(await gauges(h.metrics)).toMatchObject({ saleswire_outbox_unpublished_events: 0, saleswire_outbox_oldest_unpublished_age_seconds: 0 });
    await dataSource.query(
      `INSERT INTO "${SCHEMA}".outbox_event (id, subject, envelope, created_at) VALUES ($1, $2, '{}', now() - interval '90 seconds')`,
      [randomUUID(), SUBJECT],
    );
    await dataSource.query(
      `INSERT INTO "${SCHEMA}".outbox_event (id, envelopes, event_count, created_at, published_at) VALUES ($1, '{}', 40, now() - interval '1 hour', now())`,
      [randomUUID()],
    );
    await dataSource.query(`INSERT INTO "${SCHEMA}".outbox_event (id, envelopes, event_count) VALUES ($1, '{}', 3)`, [randomUUID()]);
    const found = await gauges(h.metrics);
    expect(found.saleswire_outbox_unpublished_events).toBe(4);
    expect(found.saleswire_outbox_oldest_unpublished_age_seconds).toBeGreaterThanOrEqual(90);
    expect(found.saleswire_outbox_oldest_unpublished_age_seconds).toBeLessThan(120);
    await dataSource.query(`DELETE FROM "${SCHEMA}".outbox_event`);
  });

  it('should finish a batch in hand before shutdown resolves', async () => {
    let entered!: () => void;
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    const h = await harness(async () => {
      entered();
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    for (let i = 0; i < 5; i++) await h.publish(leadCreated());
    await h.start();
    await inHandler;
    await h.stop();
    expect(await h.consumed('applied')).toBe(5);
    expect(await h.inbox()).toHaveLength(5);
  });

  it('should lose none of the events it had pulled but not started when it stops, and apply each once after a restart', async () => {
    let entered!: () => void;
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    const h = await harness(async () => {
      entered();
      await new Promise((resolve) => setTimeout(resolve, 200));
    });
    const events = Array.from({ length: 300 }, () => leadCreated());
    await Promise.all(events.map((event) => h.publish(event)));
    await h.start();
    await inHandler;
    await h.stop();
    expect(await h.consumed('applied')).toBeLessThan(300);
    await h.start();
    await eventually(async () => (await h.inbox()).length, (n) => n === 300, 30_000);
    expect(await h.inbox()).toEqual(events.map((event) => event.eventId).sort());
    expect(await deadLetters(h).catch(() => [])).toEqual([]);
  });

  describe('through a transient fault (the database away)', () => {
    /** What the handler meets while PostgreSQL restarts: the server ends the session (57P01). */
    const outage = (): Error => Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });

    it('should hold the events in place for longer than their whole retry budget, spend no delivery, and apply each once', async () => {
      // Two deliveries with 200 ms of backoff would be spent within half a second; the fault lasts 3 s.
      const faultEnds = Date.now() + 3000;
      const h = await harness(async () => {
        if (Date.now() < faultEnds) throw outage();
      });
      const events = Array.from({ length: 5 }, () => leadCreated());
      for (const event of events) await h.publish(event);
      await h.start();
      await eventually(() => h.consumed('applied'), (n) => n === 5, 20_000);
      expect(Date.now()).toBeGreaterThanOrEqual(faultEnds);
      expect(await h.inbox()).toEqual(events.map((event) => event.eventId).sort());
      expect(await h.consumed('held')).toBeGreaterThanOrEqual(1);
      expect(await h.consumed('retried')).toBe(0);
      expect(await deadLetters(h).catch(() => [])).toEqual([]);
      const info = await jsm.consumers.info(`${h.config.namespace}_LEADS_EVENTS`, durableName(h.config.service, 'leads'));
      expect(info.num_redelivered).toBe(0);
      expect(info.delivered.consumer_seq).toBe(5);
      expect(info.num_ack_pending + info.num_pending).toBe(0);
    });

    it('should still count a real handler failure toward the deliveries and dead-letter it at the limit', async () => {
      const h = await harness(async () => {
        throw new Error('a bug, not an outage');
      });
      await h.publish(leadCreated());
      await h.start();
      const letters = await eventually(() => deadLetters(h), (found) => found.length === 1);
      expect(letters[0].reason).toMatch(/handler failed 2 times: a bug, not an outage/);
      expect(await h.consumed('held')).toBe(0);
    });

    it('should hand held events back to the stream at shutdown, at once and without dead-lettering them', async () => {
      let away = true;
      let entered!: () => void;
      const inHandler = new Promise<void>((resolve) => (entered = resolve));
      const h = await harness(async () => {
        entered();
        if (away) throw outage();
      });
      const event = leadCreated();
      await h.publish(event);
      await h.start();
      await inHandler;
      const stopping = Date.now();
      await h.stop();
      expect(Date.now() - stopping).toBeLessThan(3000);
      expect(await h.inbox()).toEqual([]);

      away = false;
      await h.start();
      await eventually(() => h.consumed('applied'), (n) => n === 1);
      expect(await h.inbox()).toEqual([event.eventId]);
      expect(await deadLetters(h).catch(() => [])).toEqual([]);
    });
  });

  describe('a handler of several subjects of one stream (ADR 0025, option 3)', () => {
    interface StreamHarness {
      h: Harness;
      /** Each call of the stream handler: the events' subjects and ids in the order given, and its transaction. */
      streamCalls: Array<{ events: Array<[string, string]>; txid: string }>;
      /** Each call of deal.won's single handler: the event's id and its transaction. */
      wonCalls: Array<{ id: string; txid: string }>;
      publish(contract: typeof DEAL_CREATED_V1 | typeof DEAL_WON_V1, event: EventEnvelope<object>): Promise<void>;
    }

    async function streamHarness(effect: (events: StreamEvent[]) => Promise<void> = async () => undefined): Promise<StreamHarness> {
      const config = newConfig();
      const { namespace } = config;
      const metrics = new Metrics(config.service);
      const streamCalls: StreamHarness['streamCalls'] = [];
      const wonCalls: StreamHarness['wonCalls'] = [];
      const txid = async (tx: { manager: { query: (sql: string) => Promise<Array<{ txid: string }>> } }): Promise<string> =>
        (await tx.manager.query('SELECT txid_current()::text AS txid'))[0].txid;
      const handlers = new EventHandlers()
        .onStreamBatch([DEAL_CREATED_V1, DEAL_WON_V1], async (events, tx) => {
          streamCalls.push({ events: events.map(({ contract, event }) => [contract.subject, event.eventId]), txid: await txid(tx) });
          await effect(events);
        })
        .on(DEAL_WON_V1, async (event, tx) => {
          wonCalls.push({ id: event.eventId, txid: await txid(tx) });
        });
      const consumer = new EventConsumer(
        { nc, config, metrics, outbox: new Outbox(dataSource, config) },
        consumerIdentity({ name: config.service, dataSource }),
        handlers,
      );
      await addStream(config, 'deals');
      const h: Harness = {
        consumer,
        config,
        metrics,
        calls: [],
        publish: async () => undefined,
        start: async () => {
          running.push(h);
          await consumer.start();
        },
        stop: () => consumer.stop(),
        consumed: async (outcome) => {
          const { values } = await metrics.eventsConsumed.get();
          return values.filter((v) => v.labels.outcome === outcome).reduce((sum, v) => sum + v.value, 0);
        },
        inbox: async () => {
          const rows: Array<{ event_id: string; subject: string }> = await dataSource.query(
            `SELECT event_id, subject FROM "${SCHEMA}".inbox_event WHERE consumer = $1`,
            [config.service],
          );
          return rows.map((row) => `${row.subject} ${row.event_id}`).sort();
        },
      };
      return {
        h,
        streamCalls,
        wonCalls,
        publish: async (contract, event) => {
          await jsm.jetstream().publish(`${namespace}.${contract.subject}`, JSON.stringify(event), { msgID: event.eventId });
        },
      };
    }

    const dealEvent = (contract: typeof DEAL_CREATED_V1 | typeof DEAL_WON_V1): EventEnvelope<object> => ({
      ...(contract === DEAL_CREATED_V1 ? dealCreatedV1Fixture : dealWonV1Fixture),
      eventId: randomUUID(),
      correlationId: randomUUID(),
    });

    it("should give the handler a fetch's events of both subjects together, in stream order, in one transaction with the subjects' single handlers", async () => {
      const s = await streamHarness();
      const published = Array.from({ length: 20 }, (_, i) => {
        const contract = i % 2 === 0 ? DEAL_CREATED_V1 : DEAL_WON_V1;
        return { contract, event: dealEvent(contract) };
      });
      for (const { contract, event } of published) await s.publish(contract, event);
      await s.h.start();
      await eventually(() => s.h.consumed('applied'), (n) => n === 20);
      const order = published.map(({ contract, event }) => [contract.subject, event.eventId]);
      expect(s.streamCalls.flatMap((call) => call.events).sort()).toEqual([...order].sort());
      for (const call of s.streamCalls) expect(call.events).toEqual(order.filter(([, id]) => call.events.some(([, seen]) => seen === id)));
      // Fewer calls than events, and at least one call mixed the subjects: the point of the handler.
      expect(s.streamCalls.length).toBeLessThan(20);
      expect(s.streamCalls.some((call) => new Set(call.events.map(([subject]) => subject)).size === 2)).toBe(true);
      // deal.won's single handler saw each won event once, in the transaction of the batch that carried it, and no created one.
      const won = published.filter(({ contract }) => contract === DEAL_WON_V1).map(({ event }) => event.eventId);
      expect(s.wonCalls.map((call) => call.id).sort()).toEqual([...won].sort());
      for (const call of s.wonCalls) {
        expect(s.streamCalls.find((batch) => batch.events.some(([, id]) => id === call.id))!.txid).toBe(call.txid);
      }
      expect(await s.h.inbox()).toEqual(published.map(({ contract, event }) => `${contract.subject} ${event.eventId}`).sort());
      const applied = (await s.h.metrics.eventsConsumed.get()).values.filter((v) => v.labels.outcome === 'applied');
      expect(applied.map((v) => [v.labels.subject, v.value]).sort()).toEqual([
        [DEAL_CREATED_V1.subject, 10],
        [DEAL_WON_V1.subject, 10],
      ]);
    });

    it('should apply the rest one by one when the batch fails, and dead-letter the event that keeps failing under its own subject', async () => {
      const published = Array.from({ length: 10 }, (_, i) => {
        const contract = i % 2 === 0 ? DEAL_CREATED_V1 : DEAL_WON_V1;
        return { contract, event: dealEvent(contract) };
      });
      const poison = published[3];
      const s = await streamHarness(async (events) => {
        if (events.some(({ event }) => event.eventId === poison.event.eventId)) throw new Error('poison');
      });
      for (const { contract, event } of published) await s.publish(contract, event);
      await s.h.start();
      const letters = await eventually(() => deadLetters(s.h), (found) => found.length === 1);
      expect(letters[0].data).toContain(poison.event.eventId);
      await eventually(() => s.h.consumed('applied'), (n) => n === 9);
      expect(await s.h.inbox()).toEqual(
        published.filter((p) => p !== poison).map(({ contract, event }) => `${contract.subject} ${event.eventId}`).sort(),
      );
      expect((await s.h.metrics.deadLetters.get()).values).toEqual([{ labels: { subject: DEAL_WON_V1.subject, kind: 'handler_failed' }, value: 1 }]);
    });

    it('should apply an event of the group delivered twice, or applied before, once', async () => {
      const s = await streamHarness();
      const [before, twice] = [dealEvent(DEAL_WON_V1), dealEvent(DEAL_CREATED_V1)];
      await dataSource.query(`INSERT INTO "${SCHEMA}".inbox_event (event_id, consumer, subject) VALUES ($1, $2, $3)`, [
        before.eventId,
        s.h.config.service,
        DEAL_WON_V1.subject,
      ]);
      await s.publish(DEAL_WON_V1, before);
      await s.publish(DEAL_CREATED_V1, twice);
      await jsm.jetstream().publish(`${s.h.config.namespace}.${DEAL_CREATED_V1.subject}`, JSON.stringify(twice), { msgID: `${twice.eventId}-again` });
      await s.h.start();
      await eventually(async () => (await s.h.consumed('applied')) + (await s.h.consumed('duplicate')), (n) => n === 3);
      expect(s.streamCalls.flatMap((call) => call.events)).toEqual([[DEAL_CREATED_V1.subject, twice.eventId]]);
      expect(s.wonCalls).toEqual([]);
    });
  });
});
