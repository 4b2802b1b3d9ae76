import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { LEAD_CREATED_V1, leadCreatedV1Fixture } from '@saleswire/contracts';
import { migrateSchema } from '@saleswire/database';
import { Metrics } from '@saleswire/observability';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { eventually } from '../eventually.spec-support';
import { messagingConfigFromEnv } from '../messaging.config';
import { Outbox } from './outbox';
import { MessagingTables1764100000000 } from './outbox.migration';
import { OutboxRelay } from './outbox.relay';
import { OutboxBatches1764600000000 } from './outbox-batches.migration';

// libs/testing depends on this lib, so this suite sets up its own schema and stream (real PostgreSQL and JetStream).
const NAMESPACE = `${process.env.MESSAGING_NAMESPACE}_relay`;
const SCHEMA = `messaging_relay_${process.env.MESSAGING_NAMESPACE}`.toLowerCase();
const STREAM = `${NAMESPACE}_LEADS_EVENTS`;

describe('outbox relay: what commits during its pause is claimed together (real PostgreSQL and JetStream)', () => {
  let dataSource: DataSource;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let relay: OutboxRelay;
  let outbox: Outbox;

  beforeAll(async () => {
    dataSource = new DataSource({
      type: 'postgres',
      url: process.env.DATABASE_URL,
      schema: SCHEMA,
      migrations: [MessagingTables1764100000000, OutboxBatches1764600000000],
      extra: { max: 4 },
    });
    await dataSource.initialize();
    await migrateSchema(dataSource);
    nc = await connect({ servers: process.env.NATS_URL });
    jsm = await jetstreamManager(nc);
    // Polls once a minute: only the wake-ups of the commits below make it claim.
    const config = messagingConfigFromEnv({ MESSAGING_NAMESPACE: NAMESPACE, OUTBOX_SETTLE_MS: '1000', OUTBOX_POLL_MS: '60000' }, 'leads');
    relay = new OutboxRelay(dataSource, nc, config, new Metrics('relay-spec'));
    outbox = new Outbox(dataSource, config, relay);
    await relay.onApplicationBootstrap();
  });

  afterAll(async () => {
    await relay.beforeApplicationShutdown();
    await jsm.streams.delete(STREAM).catch(() => undefined);
    await dataSource.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
    await dataSource.destroy();
    await nc.close();
  });

  it('should publish the commits of its pause with one claim, and each of them once', async () => {
    // Let the relay's first turn (at its start) pass, so that the first commit below wakes it from its poll.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const before = (await jsm.streams.info(STREAM)).state.messages;
    for (let i = 0; i < 5; i++) {
      const id = randomUUID();
      await outbox.transaction(async (tx) => {
        tx.emit(LEAD_CREATED_V1, { aggregateId: id, aggregateVersion: 1, actor: leadCreatedV1Fixture.actor, payload: { ...leadCreatedV1Fixture.payload, leadId: id } });
      });
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const marks = await eventually(
      (): Promise<Array<{ published_at: Date | null }>> => dataSource.query(`SELECT published_at FROM "${SCHEMA}".outbox_event`),
      (rows) => rows.every((row) => row.published_at !== null),
    );
    expect(marks).toHaveLength(5);
    // One claim marks its rows in its own transaction, so they share its `now()`; a claim per commit would not.
    expect(new Set(marks.map((row) => row.published_at?.getTime())).size).toBe(1);
    expect((await jsm.streams.info(STREAM)).state.messages - before).toBe(5);
  });
});
