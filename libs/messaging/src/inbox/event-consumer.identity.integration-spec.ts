import { Logger } from '@nestjs/common';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  DEAD_LETTER_STREAM,
  durableName,
  LEAD_CREATED_V1,
  leadCreatedV1Fixture,
  streamOf,
  type EventEnvelope,
  type LeadCreatedV1,
} from '@saleswire/contracts';
import { migrateSchema } from '@saleswire/database';
import { currentCorrelation, Metrics } from '@saleswire/observability';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DEAD_LETTER_REASON_HEADER } from '../jetstream/message-headers';
import { messagingConfigFromEnv, type MessagingConfig } from '../messaging.config';
import { Outbox } from '../outbox/outbox';
import { MessagingTables1764100000000 } from '../outbox/outbox.migration';
import { consumerIdentity, type ConsumerIdentityChoice } from './consumer-identity';
import { EventConsumer } from './event-consumer';
import { EventHandlers } from './event-handler.registry';
import { EventTarget, type EventTransaction } from './event-transaction';
import { eventually } from '../eventually.spec-support';

// libs/testing depends on this lib, so this suite sets up its own schemas and namespaces (one per test).
const SUITE = process.env.MESSAGING_NAMESPACE!;
const LIVE = `live_${SUITE}`.toLowerCase();
const REBUILD = `rebuild_${SUITE}`.toLowerCase();
const SUBJECT = LEAD_CREATED_V1.subject;

function leadCreated(): EventEnvelope<LeadCreatedV1> {
  const leadId = randomUUID();
  return { ...leadCreatedV1Fixture, eventId: randomUUID(), aggregateId: leadId, correlationId: randomUUID(), payload: { ...leadCreatedV1Fixture.payload, leadId } };
}

/** A projection written once: it counts each application of an event in `<target>.<table>`. */
function projectInto(table: string): (event: EventEnvelope<LeadCreatedV1>, tx: EventTransaction) => Promise<void> {
  return async (event, tx) => {
    await tx.manager.query(
      `INSERT INTO ${tx.target.table(table)} (event_id, applied) VALUES ($1, 1)
       ON CONFLICT (event_id) DO UPDATE SET applied = ${tx.target.table(table)}.applied + 1`,
      [event.eventId],
    );
  };
}

describe('EventConsumer: several handlers of a subject, and identities chosen by the caller (real PostgreSQL and JetStream)', () => {
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let live: DataSource;
  let rebuild: DataSource;
  let tests = 0;
  const running: EventConsumer[] = [];

  /** A namespace of its own with the leads stream, and a way to make consumers in it. */
  async function world(): Promise<{
    config: MessagingConfig;
    publish(event: EventEnvelope<object>): Promise<void>;
    consumer(handlers: EventHandlers, choice?: Partial<ConsumerIdentityChoice>): { consumer: EventConsumer; metrics: Metrics };
  }> {
    const namespace = `${SUITE}-${++tests}`;
    const config = messagingConfigFromEnv(
      { NATS_URL: process.env.NATS_URL, MESSAGING_NAMESPACE: namespace, EVENT_MAX_DELIVER: '2', EVENT_CONCURRENCY: '4' },
      `service${tests}`,
    );
    const stream = streamOf('leads');
    await jsm.streams.add({ name: `${namespace}_${stream.name}`, subjects: stream.subjects.map((s) => `${namespace}.${s}`) });
    return {
      config,
      publish: async (event) => {
        await jsm.jetstream().publish(`${namespace}.${SUBJECT}`, JSON.stringify(event), { msgID: event.eventId });
      },
      consumer: (handlers, choice = {}) => {
        const dataSource = choice.dataSource ?? live;
        const metrics = new Metrics(config.service);
        const consumer = new EventConsumer(
          { nc, config, metrics, outbox: new Outbox(dataSource, config) },
          consumerIdentity({ name: config.service, ...choice, dataSource }),
          handlers,
        );
        running.push(consumer);
        return { consumer, metrics };
      },
    };
  }

  async function consumed(metrics: Metrics, outcome: string): Promise<number> {
    const { values } = await metrics.eventsConsumed.get();
    return values.filter((v) => v.labels.outcome === outcome).reduce((sum, v) => sum + v.value, 0);
  }

  /** Event id -> times applied, in one projection table. */
  async function applied(dataSource: DataSource, table: string): Promise<Map<string, number>> {
    const rows: Array<{ event_id: string; applied: number }> = await dataSource.query(`SELECT event_id, applied FROM ${table}`);
    return new Map(rows.map((row) => [row.event_id, row.applied]));
  }

  async function inbox(dataSource: DataSource, schema: string, key: string): Promise<string[]> {
    const rows: Array<{ event_id: string }> = await dataSource.query(`SELECT event_id FROM "${schema}".inbox_event WHERE consumer = $1`, [key]);
    return rows.map((row) => row.event_id).sort();
  }

  const ids = (events: EventEnvelope<object>[]): string[] => events.map((event) => event.eventId).sort();
  const once = (events: EventEnvelope<object>[]): Map<string, number> => new Map(events.map((event) => [event.eventId, 1]));

  async function schemaWithTables(schema: string): Promise<DataSource> {
    const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, schema, migrations: [MessagingTables1764100000000] });
    await dataSource.initialize();
    await migrateSchema(dataSource);
    for (const table of ['funnel', 'summary', 'next_funnel']) {
      await dataSource.query(`CREATE TABLE "${schema}".${table} (event_id uuid PRIMARY KEY, applied integer NOT NULL)`);
    }
    return dataSource;
  }

  beforeAll(async () => {
    Logger.overrideLogger(false);
    nc = await connect({ servers: process.env.NATS_URL });
    jsm = await jetstreamManager(nc);
    live = await schemaWithTables(LIVE);
    rebuild = await schemaWithTables(REBUILD);
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((consumer) => consumer.stop()));
    for (const [dataSource, schema] of [[live, LIVE], [rebuild, REBUILD]] as const) {
      await dataSource.query(`TRUNCATE "${schema}".funnel, "${schema}".summary, "${schema}".next_funnel, "${schema}".inbox_event`);
    }
  });

  afterAll(async () => {
    for (const [dataSource, schema] of [[live, LIVE], [rebuild, REBUILD]] as const) {
      await dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await dataSource.destroy();
    }
    for await (const name of jsm.streams.names()) {
      if (name.startsWith(`${SUITE}-`)) await jsm.streams.delete(name);
    }
    await nc.close();
  });

  describe('several handlers of one subject', () => {
    it('should run the handlers of a subject from different objects in one transaction per event, with one inbox row', async () => {
      const w = await world();
      const handlers = new EventHandlers().on(LEAD_CREATED_V1, projectInto('funnel')).on(LEAD_CREATED_V1, projectInto('summary'));
      const { consumer, metrics } = w.consumer(handlers);
      const events = Array.from({ length: 6 }, leadCreated);
      for (const event of events) await w.publish(event);
      await consumer.start();
      await eventually(() => consumed(metrics, 'applied'), (n) => n === 6);
      expect(await applied(live, `"${LIVE}".funnel`)).toEqual(once(events));
      expect(await applied(live, `"${LIVE}".summary`)).toEqual(once(events));
      expect(await inbox(live, LIVE, w.config.service)).toEqual(ids(events));
    });

    it('should roll back every handler of the event when one fails, and apply them all once on redelivery', async () => {
      const w = await world();
      const flaky = leadCreated();
      let failed = false;
      const handlers = new EventHandlers()
        .on(LEAD_CREATED_V1, projectInto('funnel'))
        .on(LEAD_CREATED_V1, async (event, tx) => {
          if (event.eventId === flaky.eventId && !failed) {
            failed = true;
            throw new Error('summary hiccup');
          }
          await projectInto('summary')(event, tx);
        });
      const { consumer, metrics } = w.consumer(handlers);
      const events = [leadCreated(), flaky, leadCreated()];
      for (const event of events) await w.publish(event);
      await consumer.start();
      await eventually(() => consumed(metrics, 'applied'), (n) => n === 3);
      expect(failed).toBe(true);
      expect(await consumed(metrics, 'retried')).toBe(1);
      // The funnel's write of the failed attempt was rolled back with the summary's, so each counts once.
      expect(await applied(live, `"${LIVE}".funnel`)).toEqual(once(events));
      expect(await applied(live, `"${LIVE}".summary`)).toEqual(once(events));
      expect(await inbox(live, LIVE, w.config.service)).toEqual(ids(events));
    });

    it('should give a batch handler the fresh events together and its single companions each event under its own correlation', async () => {
      const w = await world();
      const correlations = new Map<string, string | undefined>();
      const batches: string[][] = [];
      const handlers = new EventHandlers()
        .onBatch(LEAD_CREATED_V1, async (events, tx) => {
          batches.push(events.map((event) => event.eventId));
          for (const event of events) await projectInto('summary')(event, tx);
        })
        .on(LEAD_CREATED_V1, async (event, tx) => {
          correlations.set(event.eventId, currentCorrelation()?.correlationId);
          await projectInto('funnel')(event, tx);
        });
      const { consumer, metrics } = w.consumer(handlers);
      const events = Array.from({ length: 20 }, leadCreated);
      for (const event of events) await w.publish(event);
      await consumer.start();
      await eventually(() => consumed(metrics, 'applied'), (n) => n === 20);
      expect(batches.length).toBeLessThan(20);
      expect(batches.flat().sort()).toEqual(ids(events));
      expect(await applied(live, `"${LIVE}".funnel`)).toEqual(once(events));
      expect(await applied(live, `"${LIVE}".summary`)).toEqual(once(events));
      expect(correlations).toEqual(new Map(events.map((event) => [event.eventId, event.correlationId])));
    });

    it("should roll back a batch when a single handler fails in it, then dead-letter only that handler's poison event", async () => {
      const w = await world();
      const events = Array.from({ length: 10 }, leadCreated);
      const poison = events[3].eventId;
      const handlers = new EventHandlers()
        .onBatch(LEAD_CREATED_V1, async (batch, tx) => {
          for (const event of batch) await projectInto('summary')(event, tx);
        })
        .on(LEAD_CREATED_V1, async (event, tx) => {
          if (event.eventId === poison) throw new Error('funnel refuses');
          await projectInto('funnel')(event, tx);
        });
      const { consumer, metrics } = w.consumer(handlers);
      for (const event of events) await w.publish(event);
      await consumer.start();
      await eventually(() => consumed(metrics, 'dead_lettered'), (n) => n === 1);
      await eventually(() => consumed(metrics, 'applied'), (n) => n === 9);
      const kept = events.filter((event) => event.eventId !== poison);
      // The batch handler's writes of the poison event were rolled back with the single handler's failure.
      expect(await applied(live, `"${LIVE}".summary`)).toEqual(once(kept));
      expect(await applied(live, `"${LIVE}".funnel`)).toEqual(once(kept));
      const letters = `${w.config.namespace}_${DEAD_LETTER_STREAM.name}`;
      const letter = await jsm.streams.getMessage(letters, { last_by_subj: `${w.config.namespace}.dlq.${w.config.service}.${SUBJECT}` });
      expect(letter?.string()).toContain(poison);
      expect(letter?.header.get(DEAD_LETTER_REASON_HEADER)).toMatch(/handler failed 2 times: funnel refuses/);
      // Terminated for good: nothing is left waiting for an acknowledgement (or for ack_wait to redeliver it).
      await eventually(() => consumer.pending(), (n) => n === 0);
    });
  });

  describe('identities chosen by the caller', () => {
    it('should replay a stream from its first message into fresh tables while the live consumer keeps consuming, each applying every event once', async () => {
      const w = await world();
      const handlers = new EventHandlers().on(LEAD_CREATED_V1, projectInto('funnel'));
      const liveConsumer = w.consumer(handlers);
      const before = Array.from({ length: 10 }, leadCreated);
      for (const event of before) await w.publish(event);
      await liveConsumer.consumer.start();
      await eventually(() => consumed(liveConsumer.metrics, 'applied'), (n) => n === 10);

      // Same handlers; its own durable, inbox (in the rebuild schema) and tables, from the start of the stream.
      const replay = w.consumer(handlers, { name: 'rebuild', dataSource: rebuild });
      await replay.consumer.start();
      const during = Array.from({ length: 10 }, leadCreated);
      for (const event of during) await w.publish(event);
      const all = [...before, ...during];

      await eventually(() => consumed(liveConsumer.metrics, 'applied'), (n) => n === 20);
      await eventually(() => consumed(replay.metrics, 'applied'), (n) => n === 20);
      await eventually(() => replay.consumer.pending(), (n) => n === 0);
      expect(await applied(live, `"${LIVE}".funnel`)).toEqual(once(all));
      expect(await applied(rebuild, `"${REBUILD}".funnel`)).toEqual(once(all));
      expect(await inbox(live, LIVE, w.config.service)).toEqual(ids(all));
      expect(await inbox(rebuild, REBUILD, 'rebuild')).toEqual(ids(all));
      expect(await inbox(live, LIVE, 'rebuild')).toEqual([]);
      expect(await consumed(liveConsumer.metrics, 'duplicate')).toBe(0);
      expect(await consumed(replay.metrics, 'duplicate')).toBe(0);
      const stream = `${w.config.namespace}_${streamOf('leads').name}`;
      const durable = await jsm.consumers.info(stream, durableName('rebuild', 'leads'));
      expect(durable.config.filter_subject).toBe(`${w.config.namespace}.${SUBJECT}`);
    });

    it("should keep a replay's inbox beside the live one under its own key and write to prefixed tables of the same schema", async () => {
      const w = await world();
      const handlers = new EventHandlers().on(LEAD_CREATED_V1, projectInto('funnel'));
      const events = Array.from({ length: 5 }, leadCreated);
      for (const event of events) await w.publish(event);
      const liveConsumer = w.consumer(handlers);
      const next = w.consumer(handlers, { name: 'next', inboxKey: 'next-read-model', target: new EventTarget(LIVE, 'next_') });
      await Promise.all([liveConsumer.consumer.start(), next.consumer.start()]);
      await eventually(() => consumed(liveConsumer.metrics, 'applied'), (n) => n === 5);
      await eventually(() => consumed(next.metrics, 'applied'), (n) => n === 5);
      expect(await applied(live, `"${LIVE}".funnel`)).toEqual(once(events));
      expect(await applied(live, `"${LIVE}".next_funnel`)).toEqual(once(events));
      expect(await inbox(live, LIVE, w.config.service)).toEqual(ids(events));
      expect(await inbox(live, LIVE, 'next-read-model')).toEqual(ids(events));
    });

    it("should keep no inbox for a replay's first pass (sums deferred): an event delivered again is applied again, as facts allow", async () => {
      const w = await world();
      const handlers = new EventHandlers().on(LEAD_CREATED_V1, projectInto('funnel'));
      const events = Array.from({ length: 5 }, leadCreated);
      for (const event of events) await w.publish(event);
      const first = w.consumer(handlers, { name: 'first-pass', target: new EventTarget(LIVE, 'next_', true) });
      await first.consumer.start();
      await eventually(() => consumed(first.metrics, 'applied'), (n) => n === 5);
      // The same event delivered again (published under another message id): applied again, not counted a duplicate.
      await jsm.jetstream().publish(`${w.config.namespace}.${SUBJECT}`, JSON.stringify(events[0]), { msgID: randomUUID() });
      await eventually(() => consumed(first.metrics, 'applied'), (n) => n === 6);
      await eventually(() => first.consumer.pending(), (n) => n === 0);
      expect(await inbox(live, LIVE, 'first-pass')).toEqual([]);
      expect(await consumed(first.metrics, 'duplicate')).toBe(0);
      expect(await applied(live, `"${LIVE}".next_funnel`)).toEqual(new Map([...once(events), [events[0].eventId, 2]]));
    });

    it('should start a new identity at the messages stored from now on when asked to', async () => {
      const w = await world();
      const handlers = new EventHandlers().on(LEAD_CREATED_V1, projectInto('funnel'));
      const old = Array.from({ length: 3 }, leadCreated);
      for (const event of old) await w.publish(event);
      const fresh = w.consumer(handlers, { name: 'from-now', deliverFrom: 'new' });
      await fresh.consumer.start();
      // Once it has attached, its durable (and so its start position) exists.
      await eventually(() => fresh.consumer.pending(), (n) => n === 0);
      const later = Array.from({ length: 3 }, leadCreated);
      for (const event of later) await w.publish(event);
      await eventually(() => consumed(fresh.metrics, 'applied'), (n) => n === 3);
      await eventually(() => fresh.consumer.pending(), (n) => n === 0);
      expect(await applied(live, `"${LIVE}".funnel`)).toEqual(once(later));
    });
  });
});
